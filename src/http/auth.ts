/**
 * Bearer-token roles for the admin API: no or unknown token → 401, a role that may not → 403.
 * Tokens are compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';

export type Role = 'marketer' | 'designer' | 'dpo';

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Each token map's tokens hashed once: the comparison then runs over fixed-length digests. */
const hashed = new WeakMap<ReadonlyMap<string, Role>, readonly (readonly [Buffer, Role])[]>();
function digestsOf(tokens: ReadonlyMap<string, Role>): readonly (readonly [Buffer, Role])[] {
  let d = hashed.get(tokens);
  if (!d) {
    d = [...tokens].map(([token, role]) => [sha256(token), role] as const);
    hashed.set(tokens, d);
  }
  return d;
}

/**
 * The role of a presented token, compared in constant time: both sides hashed to 32 bytes and
 * compared with timingSafeEqual against every token, with no early exit, so the time taken says
 * nothing about how much of a token matched or which one did.
 */
export function roleForToken(presented: string, tokens: ReadonlyMap<string, Role>): Role | undefined {
  const digest = sha256(presented);
  let found: Role | undefined;
  for (const [candidate, role] of digestsOf(tokens)) {
    if (timingSafeEqual(digest, candidate)) found = role;
  }
  return found;
}

export function roleOf(req: Request, tokens: ReadonlyMap<string, Role>): Role | undefined {
  const h = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ? roleForToken(m[1], tokens) : undefined;
}

/** Checks the request's role; answers 401/403 itself and returns false when it may not go on. */
export function allow(
  req: Request,
  res: Response,
  tokens: ReadonlyMap<string, Role>,
  roles: readonly Role[],
): boolean {
  const role = roleOf(req, tokens);
  if (!role) {
    res.header('WWW-Authenticate', 'Bearer');
    res.send(401, { error: 'a valid bearer token is required' });
    return false;
  }
  if (!roles.includes(role)) {
    res.send(403, { error: `role ${role} may not do this` });
    return false;
  }
  return true;
}
