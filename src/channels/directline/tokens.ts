/**
 * Direct Line tokens of the local endpoint: compact HS256 JWTs bound to one conversation and
 * one user. A JWT, because Web Chat reads the user id from the token's `user` claim; HS256
 * with node:crypto, because signing and checking our own short-lived tokens needs no library.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** `conv` tokens authorise the REST calls of one conversation; `stream` tokens its WebSocket. */
const Claims = z.object({
  iss: z.literal('justask-directline'),
  use: z.enum(['conv', 'stream']),
  conv: z.string().min(1),
  user: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type TokenClaims = z.infer<typeof Claims>;

export type TokenCheck =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'signature' | 'expired' };

export interface TokenSigner {
  /** Signs a token for `conv`/`user` that expires `ttlSeconds` after `now`. */
  sign(use: TokenClaims['use'], conv: string, user: string, now: Date, ttlSeconds: number): string;
  /** Checks signature, shape and expiry. */
  verify(token: string, now: Date): TokenCheck;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** A signer over `key` (derive it from DIRECTLINE_SECRET, or random per process without one). */
export function createTokenSigner(key: Buffer): TokenSigner {
  const mac = (data: string) => createHmac('sha256', key).update(data).digest();
  return {
    sign(use, conv, user, now, ttlSeconds) {
      const iat = Math.floor(now.getTime() / 1000);
      const claims: TokenClaims = { iss: 'justask-directline', use, conv, user, iat, exp: iat + ttlSeconds };
      const body = `${HEADER}.${b64(JSON.stringify(claims))}`;
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token, now) {
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
      const [, payload = '', sig = ''] = parts;
      const expected = mac(`${HEADER}.${payload}`);
      const given = Buffer.from(sig, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return { ok: false, reason: 'signature' };
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const claims = Claims.safeParse(json);
      if (!claims.success) return { ok: false, reason: 'malformed' };
      if (claims.data.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, claims: claims.data };
    },
  };
}

/** The token-signing key for a configured secret: an HMAC of it, so the secret itself never signs. */
export function deriveTokenKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('justask directline token v1').digest();
}

/** Constant-time comparison of a presented bearer secret with the configured one. */
export function sameSecret(given: string, secret: string): boolean {
  const a = createHmac('sha256', 'cmp').update(given).digest();
  const b = createHmac('sha256', 'cmp').update(secret).digest();
  return timingSafeEqual(a, b);
}
