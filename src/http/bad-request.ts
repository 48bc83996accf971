/** The admin API's answer to input that fails its zod schema: 400 with each issue's path and message. */
import type { Response } from 'restify';
import type { z } from 'zod';

export function sendIssues(res: Response, error: string, issues: readonly z.core.$ZodIssue[]): void {
  res.send(400, {
    error,
    issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
