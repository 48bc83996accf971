import { describe, expect, it } from 'vitest';
import { createTokenSigner, deriveTokenKey } from '../../../src/channels/index.ts';

const now = new Date('2026-06-01T09:00:00Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);
const signer = createTokenSigner(deriveTokenKey('a-secret-of-at-least-thirty-two-characters'));

describe('Direct Line tokens', () => {
  it('carry the conversation and user, readable as a JWT by Web Chat', () => {
    const token = signer.sign('conv', 'c1', 'ann', now, 1800);
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({
      conv: 'c1',
      user: 'ann',
      use: 'conv',
      exp: (payload.iat as number) + 1800,
    });
    expect(signer.verify(token, later(1799))).toMatchObject({
      ok: true,
      claims: { conv: 'c1', user: 'ann' },
    });
  });

  it('expire after their lifetime', () => {
    const token = signer.sign('stream', 'c1', 'ann', now, 120);
    expect(signer.verify(token, later(120))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse a changed payload, another key and garbage', () => {
    const [h, , s] = signer.sign('conv', 'c1', 'ann', now, 60).split('.');
    const forged = Buffer.from(
      JSON.stringify({ iss: 'justask-directline', use: 'conv', conv: 'c2', user: 'ann', iat: 0, exp: 9e9 }),
    ).toString('base64url');
    expect(signer.verify(`${h}.${forged}.${s}`, now)).toEqual({ ok: false, reason: 'signature' });
    const other = createTokenSigner(deriveTokenKey('another-secret-of-thirty-two-characters!'));
    expect(signer.verify(other.sign('conv', 'c1', 'ann', now, 60), now)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(signer.verify('not-a-token', now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
