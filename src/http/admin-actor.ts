/**
 * Who is calling the admin API, for the audit log, and the role check that admits them. An actor
 * is the token's role and a stable, non-secret fingerprint of the token (`dpo:3f9a1c2e`: the first
 * 8 hex digits of its SHA-256), so an entry names which token acted without holding the token.
 */
import { createHash } from 'node:crypto';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { allow, roleOf, type Role } from './auth.ts';

/** The first 8 hex digits of the token's SHA-256: names a token in logs without revealing it. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 8);
}

/** The request's actor (`<role>:<fingerprint>`), or undefined without a valid admin token. */
export function adminActor(req: Request, tokens: ReadonlyMap<string, Role>): string | undefined {
  const role = roleOf(req, tokens);
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return role && token ? `${role}:${tokenFingerprint(token)}` : undefined;
}

const admitted = new WeakMap<Request, string>();

/**
 * Middleware for an admin route: answers 401 (no or unknown token) or 403 (a role not in `roles`)
 * and stops the chain; otherwise the handlers after it find the caller with `actorOf(req)`.
 */
export function requireRole(tokens: ReadonlyMap<string, Role>, roles: readonly Role[]): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    if (!allow(req, res, tokens, roles)) return next(false);
    const actor = adminActor(req, tokens);
    if (actor) admitted.set(req, actor);
    return next();
  };
}

/** The actor `requireRole` admitted; a route without it is a bug. */
export function actorOf(req: Request): string {
  const actor = admitted.get(req);
  if (!actor) throw new Error(`no role check ran before ${req.method ?? ''} ${req.getRoute()?.path}`);
  return actor;
}
