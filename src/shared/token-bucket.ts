/**
 * Token buckets by key, for rate limits and caps: each key may spend `burst` at once and earns
 * `perSecond` back. Pure apart from the injected clock, and bounded: at most `maxKeys` buckets
 * are held, least recently used dropped first, so a flood of new keys cannot grow it without end
 * (a dropped bucket comes back full, which only ever errs towards letting a request through).
 */

export interface BucketRule {
  /** Tokens earned back per second. */
  readonly perSecond: number;
  /** Tokens a key may spend at once (also what a new key starts with). */
  readonly burst: number;
}

export interface TokenBucketOptions extends BucketRule {
  /** Most keys held at once. */
  readonly maxKeys: number;
  /** Milliseconds since any fixed origin. */
  readonly now: () => number;
}

export type Take =
  | { readonly ok: true; readonly remaining: number }
  | { readonly ok: false; readonly retryAfterSeconds: number };

const MAX_WAIT_SECONDS = 3600;

interface Bucket {
  tokens: number;
  at: number;
}

export interface TokenBuckets {
  /** Spends one token of `key`, or says how long until one is earned back. */
  take(key: string): Take;
  /** How many keys are held. */
  readonly size: number;
}

/** Buckets under one rule. */
export function createTokenBuckets(opts: TokenBucketOptions): TokenBuckets {
  const buckets = new Map<string, Bucket>();
  const perMs = opts.perSecond / 1000;

  function held(key: string, now: number): Bucket {
    const b = buckets.get(key);
    if (b) {
      // Map order is least recently used first: move the key to the end.
      buckets.delete(key);
      b.tokens = Math.min(opts.burst, b.tokens + (now - b.at) * perMs);
      b.at = now;
      buckets.set(key, b);
      return b;
    }
    while (buckets.size >= opts.maxKeys) {
      const oldest = buckets.keys().next();
      if (oldest.done) break;
      buckets.delete(oldest.value);
    }
    const fresh = { tokens: opts.burst, at: now };
    buckets.set(key, fresh);
    return fresh;
  }

  return {
    take(key) {
      const b = held(key, opts.now());
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true, remaining: Math.floor(b.tokens) };
      }
      const wait = perMs > 0 ? (1 - b.tokens) / perMs / 1000 : MAX_WAIT_SECONDS;
      return { ok: false, retryAfterSeconds: Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(wait))) };
    },
    get size() {
      return buckets.size;
    },
  };
}
