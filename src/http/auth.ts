/** Bearer-token roles for the admin API: no or unknown token → 401, a role that may not → 403. */
import type { Request, Response } from 'restify';

export type Role = 'marketer' | 'designer' | 'dpo';

export function roleOf(req: Request, tokens: ReadonlyMap<string, Role>): Role | undefined {
  const h = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ? tokens.get(m[1]) : undefined;
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
