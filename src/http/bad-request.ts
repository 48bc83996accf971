/** The HTTP sink for input that fails its zod schema: 400 in the one shape of src/shared/bad-request.ts. */
import type { Response } from 'restify';
import type { z } from 'zod';
import { badRequestBody } from '../shared/bad-request.ts';

export function sendIssues(res: Response, error: string, issues: readonly z.core.$ZodIssue[]): void {
  res.send(400, badRequestBody(error, issues));
}
