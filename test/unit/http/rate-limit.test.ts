import type { Request, Response } from 'restify';
import { describe, expect, it } from 'vitest';
import {
  addressKey,
  clientAddress,
  createRateLimits,
  type RateLimitSettings,
} from '../../../src/http/rate-limit.ts';
import { createTokenBuckets } from '../../../src/shared/token-bucket.ts';

/** A clock a test moves by hand, in milliseconds. */
function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('token buckets', () => {
  // Each row: wait `after` ms, then take one token of `key`; `want` is ok or the Retry-After.
  const rows: { after: number; key: string; want: true | number }[] = [
    { after: 0, key: 'a', want: true },
    { after: 0, key: 'a', want: true },
    { after: 0, key: 'a', want: true },
    { after: 0, key: 'a', want: 1 }, // burst of 3 spent; 2 per second → one token in 0.5 s
    { after: 0, key: 'b', want: true }, // other keys have their own bucket
    { after: 499, key: 'a', want: 1 },
    { after: 1, key: 'a', want: true },
    { after: 0, key: 'a', want: 1 },
    { after: 60_000, key: 'a', want: true }, // refills, but never past the burst
    { after: 0, key: 'a', want: true },
    { after: 0, key: 'a', want: true },
    { after: 0, key: 'a', want: 1 },
  ];
  it('lets a key spend its burst, then one token per 1/perSecond, answering how long to wait', () => {
    const c = clock();
    const buckets = createTokenBuckets({ perSecond: 2, burst: 3, maxKeys: 10, now: c.now });
    const got = rows.map(({ after, key }) => {
      c.advance(after);
      const r = buckets.take(key);
      return r.ok ? true : r.retryAfterSeconds;
    });
    expect(got).toEqual(rows.map((r) => r.want));
  });

  it.each([
    { perSecond: 0.1, want: 10 },
    { perSecond: 0.5, want: 2 },
    { perSecond: 1000, want: 1 },
  ])('rounds the wait up to whole seconds ($perSecond/s → $want s)', ({ perSecond, want }) => {
    const buckets = createTokenBuckets({ perSecond, burst: 1, maxKeys: 10, now: clock().now });
    buckets.take('k');
    expect(buckets.take('k')).toEqual({ ok: false, retryAfterSeconds: want });
  });

  it('holds at most maxKeys buckets, dropping the least recently used', () => {
    const c = clock();
    const buckets = createTokenBuckets({ perSecond: 1, burst: 1, maxKeys: 3, now: c.now });
    buckets.take('busy');
    for (let i = 0; i < 10_000; i++) {
      buckets.take(`flood-${i}`);
      if (i % 2 === 0) buckets.take('busy'); // busy stays recently used, so it stays limited
    }
    expect(buckets.size).toBe(3);
    expect(buckets.take('busy').ok).toBe(false);
    expect(buckets.take('flood-0').ok).toBe(true); // dropped long ago: comes back full
  });
});

describe('client addresses', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:0:0:1::1', '2001:db8:0:0::/64'],
    ['2001:DB8::1:2:3:4', '2001:db8:0:0::/64'],
    ['2001:db8:a:b:c:d:e:f', '2001:db8:a:b::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('keys %s as %s', (address, want) => {
    expect(addressKey(address)).toBe(want);
  });

  const req = (peer: string, xff?: string) =>
    ({
      socket: { remoteAddress: peer },
      headers: xff ? { 'x-forwarded-for': xff } : {},
    }) as unknown as Request;
  it.each([
    { hops: 0, xff: '198.51.100.1', want: '10.0.0.1' }, // no trusted proxy: the header is ignored
    { hops: 1, xff: '198.51.100.1', want: '198.51.100.1' },
    { hops: 1, xff: '6.6.6.6, 198.51.100.1', want: '198.51.100.1' }, // a forged first entry is skipped
    { hops: 2, xff: '6.6.6.6, 198.51.100.1, 10.0.0.9', want: '198.51.100.1' },
    { hops: 1, xff: undefined, want: '10.0.0.1' },
  ])('behind $hops proxies reads $xff as $want', ({ hops, xff, want }) => {
    expect(clientAddress(req('10.0.0.1', xff), hops)).toBe(want);
  });
});

describe('the rate-limit handlers', () => {
  const settings: RateLimitSettings = {
    enabled: true,
    perAddress: { perSecond: 1, burst: 4 },
    perConversation: { perSecond: 1, burst: 2 },
    proxyHops: 0,
    maxKeys: 100,
  };
  /** Runs a handler once; returns the status it answered (undefined when it let the request on). */
  function run(handler: ReturnType<typeof createRateLimits>['messages'], req: Request) {
    const headers: Record<string, string> = {};
    let sent: { status: number; body: unknown } | undefined;
    const res = {
      header: (k: string, v: string) => void (headers[k] = v),
      send: (status: number, body: unknown) => void (sent = { status, body }),
    } as unknown as Response;
    let passed: unknown;
    void handler(req, res, ((arg?: unknown) => (passed = arg ?? true)) as never);
    return { passed, sent, headers };
  }
  const activity = (peer: string, conversation: string) =>
    ({
      socket: { remoteAddress: peer },
      headers: {},
      body: { channelId: 'webchat', conversation: { id: conversation } },
    }) as unknown as Request;

  it('limits /api/messages per conversation, then per address, with Retry-After and a JSON reason', () => {
    const limits = createRateLimits(settings, clock().now);
    const outcomes = [
      activity('1.1.1.1', 'a'),
      activity('1.1.1.1', 'a'),
      activity('1.1.1.1', 'a'),
      activity('1.1.1.1', 'b'),
      activity('1.1.1.1', 'c'),
      activity('2.2.2.2', 'c'),
    ].map((req) => {
      const r = run(limits.messages, req);
      return r.sent ? `${r.sent.status} ${(r.sent.body as { error: { scope: string } }).error.scope}` : 'on';
    });
    expect(outcomes).toEqual(['on', 'on', '429 conversation', 'on', '429 address', 'on']);
    const refused = run(limits.messages, activity('1.1.1.1', 'z'));
    expect(refused.passed).toBe(false);
    expect(refused.headers['Retry-After']).toBe('1');
    expect(refused.sent?.body).toMatchObject({ error: { code: 'TooManyRequests', retryAfter: 1 } });
  });

  it('keys on the address alone when the body is not parsed (yet)', () => {
    const limits = createRateLimits({ ...settings, perAddress: { perSecond: 1, burst: 1 } }, clock().now);
    const bare = { socket: { remoteAddress: '3.3.3.3' }, headers: {} } as unknown as Request;
    expect(run(limits.messages, bare).passed).toBe(true);
    expect(run(limits.messages, bare).sent?.status).toBe(429);
  });

  it('passes everything with RATE_LIMIT=off', () => {
    const limits = createRateLimits({ ...settings, enabled: false }, clock().now);
    const results = Array.from({ length: 50 }, () => run(limits.messages, activity('1.1.1.1', 'a')).passed);
    expect(results.every((p) => p === true)).toBe(true);
  });
});
