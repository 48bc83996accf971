/**
 * Caps of the local Direct Line that are not about storage: how big an activity a client may
 * post, and how many times a conversation's token may be refreshed within one token lifetime
 * (a token bucket per conversation, bounded in keys, so one token cannot mint tokens without end).
 */
import { createTokenBuckets } from '../../shared/token-bucket.ts';

export interface DirectLineCaps {
  /** Largest activity a client may post, in bytes of JSON. */
  readonly maxActivityBytes: number;
  /** Token refreshes per conversation within one token lifetime. */
  readonly maxRefreshes: number;
}

export const DEFAULT_CAPS: DirectLineCaps = { maxActivityBytes: 32 * 1024, maxRefreshes: 6 };

/** The size of a parsed body as JSON, in bytes (what the client sent, near enough). */
export function jsonBytes(body: unknown): number {
  return Buffer.byteLength(JSON.stringify(body ?? null));
}

/** Refresh allowance per conversation: `max` per `lifetimeSeconds`; answers a wait in seconds when spent. */
export function createRefreshCap(max: number, lifetimeSeconds: number, now: () => Date, maxKeys = 10_000) {
  const buckets = createTokenBuckets({
    perSecond: max / lifetimeSeconds,
    burst: max,
    maxKeys,
    now: () => now().getTime(),
  });
  return (conversation: string) => buckets.take(conversation);
}
