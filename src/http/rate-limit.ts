/**
 * Abuse limits at the HTTP edge: token buckets per client address and per conversation, in front
 * of `POST /api/messages` and the local Direct Line. A request over a limit gets 429 with
 * `Retry-After` (seconds) and a JSON reason; nothing else is read or done for it.
 * The address is the socket's peer, or — behind `proxyHops` trusted reverse proxies — the entry
 * of X-Forwarded-For the nearest of them added; an IPv6 client counts as its /64 network, since
 * one host commonly holds a whole /64.
 */
import { isIPv6 } from 'node:net';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { createTokenBuckets, type BucketRule, type TokenBuckets } from '../shared/token-bucket.ts';

export interface RateLimitSettings {
  /** False turns every limit off (load tests send everything from one address). */
  readonly enabled: boolean;
  readonly perAddress: BucketRule;
  readonly perConversation: BucketRule;
  /** Trusted reverse proxies in front of this server (0: use the socket's peer address). */
  readonly proxyHops: number;
  /** Most addresses and most conversations tracked at once (each; least recently used dropped). */
  readonly maxKeys: number;
}

export interface RateLimits {
  /** `POST /api/messages`: per address, then per conversation of the parsed activity (when parsed). */
  readonly messages: RequestHandler;
  /** Local Direct Line routes: per address, and per conversation for what is posted to one (`:id`). */
  readonly directLine: RequestHandler;
  /** The systems' pull API: per address. */
  readonly pull: RequestHandler;
}

const MAX_KEY = 256;

/** The first four groups of an IPv6 address (its /64), expanded so every spelling maps alike. */
function ipv6Network(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const groups = [...left, ...zeros, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** Normalises an address: IPv4-mapped IPv6 as IPv4, other IPv6 as its /64. */
export function addressKey(address: string): string {
  const plain = address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return isIPv6(plain) ? ipv6Network(plain) : plain;
}

/** The client's address: the socket's peer, or the X-Forwarded-For entry of the nearest trusted proxy. */
export function clientAddress(req: Request, proxyHops: number): string {
  const peer = req.socket?.remoteAddress ?? 'unknown';
  if (proxyHops <= 0) return addressKey(peer);
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const entry = forwarded[Math.max(0, forwarded.length - proxyHops)];
  return addressKey(entry ?? peer);
}

/** The conversation an activity posted to /api/messages names, if it was parsed and names one. */
function activityConversation(req: Request): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const { channelId, conversation } = body as { channelId?: unknown; conversation?: { id?: unknown } };
  const id = typeof conversation === 'object' && conversation !== null ? conversation.id : undefined;
  if (typeof id !== 'string' || id === '') return undefined;
  return `${typeof channelId === 'string' ? channelId : ''}|${id}`.slice(0, MAX_KEY);
}

/** The conversation a Direct Line client posts to; reads (polling, reconnects) count per address only. */
function directLineConversation(req: Request): string | undefined {
  if (req.method !== 'POST') return undefined;
  const id = (req.params as Record<string, unknown> | undefined)?.id;
  return typeof id === 'string' && id !== '' ? `directline|${id}`.slice(0, MAX_KEY) : undefined;
}

function refuse(res: Response, scope: 'address' | 'conversation', seconds: number): void {
  res.header('Retry-After', String(seconds));
  res.header('Cache-Control', 'no-store');
  res.send(429, {
    error: {
      code: 'TooManyRequests',
      scope,
      retryAfter: seconds,
      message: `too many requests ${scope === 'address' ? 'from this address' : 'in this conversation'}; retry in ${seconds} s`,
    },
  });
}

type Keyed = { scope: 'address' | 'conversation'; buckets: TokenBuckets; key: string | undefined };

/** A restify handler spending one token of each bucket that applies, or answering 429. */
function limiter(keys: (req: Request) => Keyed[]): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    for (const { scope, buckets, key } of keys(req)) {
      if (key === undefined) continue;
      const taken = buckets.take(key);
      if (!taken.ok) {
        refuse(res, scope, taken.retryAfterSeconds);
        return next(false);
      }
    }
    return next();
  };
}

/** A handler that limits nothing. */
export const noLimit: RequestHandler = (_req: Request, _res: Response, next: Next) => next();

/** The limits of one server; `now` in milliseconds (wall or monotonic time, not a test clock). */
export function createRateLimits(settings: RateLimitSettings, now: () => number): RateLimits {
  if (!settings.enabled) return { messages: noLimit, directLine: noLimit, pull: noLimit };
  const addresses = createTokenBuckets({ ...settings.perAddress, maxKeys: settings.maxKeys, now });
  const conversations = createTokenBuckets({ ...settings.perConversation, maxKeys: settings.maxKeys, now });
  const byAddress = (req: Request): Keyed => ({
    scope: 'address',
    buckets: addresses,
    key: clientAddress(req, settings.proxyHops),
  });
  return {
    messages: limiter((req) => [
      byAddress(req),
      { scope: 'conversation', buckets: conversations, key: activityConversation(req) },
    ]),
    directLine: limiter((req) => [
      byAddress(req),
      { scope: 'conversation', buckets: conversations, key: directLineConversation(req) },
    ]),
    pull: limiter((req) => [byAddress(req)]),
  };
}
