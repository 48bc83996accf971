/**
 * The one shape of a 400 for input that fails its zod schema, on every HTTP surface (admin API,
 * `/api/messages`, Direct Line): `{ error, issues: [{ path, message }] }` — a short reason and
 * each issue's dotted path and message. Never the rejected value itself.
 */
import type { z } from 'zod';

/** One failed check of a request: where (dotted path, '' for the whole body) and why. */
export interface RequestIssue {
  readonly path: string;
  readonly message: string;
}

/** The body of a 400 for zod issues. */
export interface BadRequestBody {
  readonly error: string;
  readonly issues: readonly RequestIssue[];
}

/** zod issues as the one 400 body. */
export function badRequestBody(error: string, issues: readonly z.core.$ZodIssue[]): BadRequestBody {
  return { error, issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

/** zod issues as a framework-free answer: status 400 and the one body. */
export function badRequest(error: string, issues: readonly z.core.$ZodIssue[]) {
  return { status: 400, body: badRequestBody(error, issues) } as const;
}
