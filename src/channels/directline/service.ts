/**
 * The local Direct Line 3.0 service (for the built-in web chat page and tests; production uses
 * Azure Bot Service's Direct Line). A customer's activity is echoed into the conversation's log and
 * handed to the same CloudAdapter and bot as /api/messages, with serviceUrl pointing at this
 * server's connector endpoint, where the bot's replies — and later proactive messages — land in
 * the log and are pushed to the page. Every conversation call needs a token for that conversation.
 * Results are `{ status, body }`; the HTTP routes only translate.
 */
import { randomBytes } from 'node:crypto';
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import {
  createActivityLog,
  DEFAULT_LIMITS,
  type ActivityLogLimits,
  type StreamEvent,
} from './activity-log.ts';
import { createRefreshCap, DEFAULT_CAPS, jsonBytes, type DirectLineCaps } from './caps.ts';
import { BotActivity, GenerateBody, PostedActivity, StartBody, pickPosted } from './bodies.ts';
import type { LocalConnector } from './local-connector.ts';
import { sameSecret, type TokenClaims, type TokenSigner } from './tokens.ts';
import { badRequest } from '../../shared/bad-request.ts';
import { loggableError } from '../../shared/redact.ts';

export const DIRECTLINE_CHANNEL = 'directline';
const BOT = { id: 'justask', name: 'justask', role: 'bot' };
const TOKEN_TTL = 30 * 60;
const STREAM_TTL = 2 * 60;

export interface DirectLineDeps {
  readonly adapter: CloudAdapter;
  readonly bot: (context: TurnContext) => Promise<void>;
  readonly connector: LocalConnector;
  readonly signer: TokenSigner;
  /** DIRECTLINE_SECRET: when set, only its holder (or its tokens) may start conversations. */
  readonly secret?: string | undefined;
  readonly now: () => Date;
  readonly log: Pick<Logger, 'error' | 'info'>;
  readonly limits?: Partial<ActivityLogLimits>;
  readonly caps?: Partial<DirectLineCaps>;
}

export interface Result {
  readonly status: number;
  readonly body: unknown;
  /** Seconds for a `Retry-After` header (429). */
  readonly retryAfter?: number;
}

/** The stream a WebSocket serves: what it missed, then live events until `close()`. */
export interface Stream {
  readonly backlog: StreamEvent;
  close(): void;
}

type Authz = { kind: 'anonymous' } | { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

const fail = (status: number, code: string, message: string): Result => ({
  status,
  body: { error: { code, message } },
});
const tooMany = (code: string, message: string, wait: { retryAfterSeconds: number }): Result => ({
  status: 429,
  body: { error: { code, message, retryAfter: wait.retryAfterSeconds } },
  retryAfter: wait.retryAfterSeconds,
});
const bearer = (h: string | undefined) => /^Bearer\s+(\S+)$/i.exec(h ?? '')?.[1];
const newId = () => randomBytes(16).toString('base64url');

export type DirectLineService = ReturnType<typeof createDirectLineService>;

export function createDirectLineService(deps: DirectLineDeps) {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const log = createActivityLog(limits, deps.now);
  const caps = { ...DEFAULT_CAPS, ...deps.caps };
  const refreshes = createRefreshCap(caps.maxRefreshes, TOKEN_TTL, deps.now);
  const sign = (use: TokenClaims['use'], conv: string, user: string) =>
    deps.signer.sign(use, conv, user, deps.now(), use === 'conv' ? TOKEN_TTL : STREAM_TTL);

  /** Who is calling: nobody, the secret's holder, or a valid token's conversation (else a failure). */
  function authorise(header: string | undefined, use: TokenClaims['use'] = 'conv'): Authz | Result {
    const given = bearer(header);
    if (!given)
      return deps.secret ? fail(401, 'TokenMissing', 'a bearer token is required') : { kind: 'anonymous' };
    if (deps.secret && sameSecret(given, deps.secret)) return { kind: 'secret' };
    const check = deps.signer.verify(given, deps.now());
    if (!check.ok)
      return fail(403, check.reason === 'expired' ? 'TokenExpired' : 'BadToken', `token ${check.reason}`);
    if (check.claims.use !== use) return fail(403, 'BadToken', 'wrong kind of token');
    return { kind: 'token', claims: check.claims };
  }

  /** A token for exactly conversation `id` (the secret does not read conversations). */
  function forConversation(header: string | undefined, id: string): TokenClaims | Result {
    if (!bearer(header)) return fail(401, 'TokenMissing', 'a bearer token for this conversation is required');
    const a = authorise(header);
    if ('status' in a) return a;
    if (a.kind !== 'token' || a.claims.conv !== id)
      return fail(403, 'BadToken', 'the token is not for this conversation');
    return a.claims;
  }

  const streamUrl = (base: string, conv: string, user: string, watermark?: string) =>
    `${base}/conversations/${encodeURIComponent(conv)}/stream?t=${sign('stream', conv, user)}` +
    (watermark ? `&watermark=${encodeURIComponent(watermark)}` : '');

  /** Runs one activity through the adapter and the bot, replies coming back to the connector. */
  async function toBot(activity: Record<string, unknown>): Promise<void> {
    const a = { ...activity, serviceUrl: deps.connector.url() } as unknown as Activity;
    await deps.adapter.processActivityDirect(deps.connector.authResult(), a, deps.bot);
  }

  async function welcome(id: string, user: string, locale: string | undefined): Promise<void> {
    try {
      await toBot({
        type: 'conversationUpdate',
        id: `${id}|welcome`,
        channelId: DIRECTLINE_CHANNEL,
        conversation: { id },
        from: { id: user, role: 'user' },
        recipient: BOT,
        membersAdded: [{ id: user }],
        timestamp: deps.now().toISOString(),
        ...(locale ? { locale } : {}),
      });
    } catch (e) {
      deps.log.error({ err: loggableError(e, [id, user]) }, 'directline welcome failed');
    }
  }

  return {
    /**
     * `POST /tokens/generate`: a token for a new conversation (needs the secret when one is set).
     * Only the secret's holder names the user; anyone else gets a new random user — never one they
     * name, or they could read another's data. Without a secret, a conversation token's holder
     * (the page, changing language) gets a new conversation as the same user.
     */
    generateToken(header: string | undefined, body: unknown): Result {
      const a = authorise(header);
      if ('status' in a) return a;
      if (a.kind === 'token' && deps.secret)
        return fail(403, 'BadToken', 'tokens/generate needs the secret, not a token');
      const parsed = GenerateBody.safeParse(body ?? {});
      if (!parsed.success) return badRequest('invalid token request', parsed.error.issues);
      const named = a.kind === 'secret' ? parsed.data.user?.id : undefined;
      const user = a.kind === 'token' ? a.claims.user : (named ?? `dl_${newId()}`);
      const conv = newId();
      return {
        status: 200,
        body: {
          conversationId: conv,
          token: sign('conv', conv, user),
          expires_in: TOKEN_TTL,
          user: { id: user },
        },
      };
    },

    /** `POST /tokens/refresh`: a fresh token for the caller's conversation. */
    refreshToken(header: string | undefined): Result {
      if (!bearer(header)) return fail(401, 'TokenMissing', 'a bearer token is required');
      const a = authorise(header);
      if ('status' in a) return a;
      if (a.kind !== 'token') return fail(403, 'BadToken', 'only a conversation token can be refreshed');
      const { conv, user } = a.claims;
      const allowance = refreshes(conv);
      if (!allowance.ok)
        return tooMany(
          'TooManyRefreshes',
          `at most ${caps.maxRefreshes} refreshes per token lifetime`,
          allowance,
        );
      return {
        status: 200,
        body: { conversationId: conv, token: sign('conv', conv, user), expires_in: TOKEN_TTL },
      };
    },

    /** `POST /conversations`: starts (or, with its token, resumes) a conversation; the bot greets. */
    async startConversation(header: string | undefined, body: unknown, streamBase: string): Promise<Result> {
      const a = authorise(header);
      if ('status' in a) return a;
      const parsed = StartBody.safeParse(body ?? {});
      if (!parsed.success) return badRequest('invalid conversation start', parsed.error.issues);
      if (!deps.connector.url()) return fail(503, 'ServiceUnavailable', 'the server is not listening yet');
      const id = a.kind === 'token' ? a.claims.conv : newId();
      const named = a.kind === 'secret' ? parsed.data.user?.id : undefined;
      const user = a.kind === 'token' ? a.claims.user : (named ?? `dl_${newId()}`);
      const { created } = log.open(id, user, parsed.data.locale);
      if (created) await welcome(id, user, parsed.data.locale);
      return {
        status: created ? 201 : 200,
        body: {
          conversationId: id,
          token: sign('conv', id, user),
          expires_in: TOKEN_TTL,
          streamUrl: streamUrl(streamBase, id, user),
        },
      };
    },

    /** `GET /conversations/:id?watermark=`: a new stream URL (DirectLineJS reconnects with it). */
    reconnect(
      header: string | undefined,
      id: string,
      watermark: string | undefined,
      streamBase: string,
    ): Result {
      const c = forConversation(header, id);
      if ('status' in c) return c;
      if (!log.get(id)) return fail(404, 'NotFound', 'conversation not found');
      return {
        status: 200,
        body: {
          conversationId: id,
          token: sign('conv', id, c.user),
          expires_in: TOKEN_TTL,
          streamUrl: streamUrl(streamBase, id, c.user, watermark),
        },
      };
    },

    /** `POST /conversations/:id/activities`: echoes the activity, runs the turn, answers its id. */
    async postActivity(header: string | undefined, id: string, body: unknown): Promise<Result> {
      const c = forConversation(header, id);
      if ('status' in c) return c;
      if (jsonBytes(body) > caps.maxActivityBytes)
        return fail(413, 'ActivityTooLarge', `an activity may hold at most ${caps.maxActivityBytes} bytes`);
      const parsed = PostedActivity.safeParse(body);
      if (!parsed.success) return badRequest('invalid activity', parsed.error.issues);
      const conv = log.get(id);
      if (!conv) return fail(404, 'NotFound', 'conversation not found');
      const activity = {
        locale: conv.locale,
        ...pickPosted(parsed.data),
        channelId: DIRECTLINE_CHANNEL,
        conversation: { id },
        from: { id: conv.user, role: 'user' },
        recipient: BOT,
        timestamp: deps.now().toISOString(),
      };
      const logged = log.append(id, activity);
      if (!logged) return fail(404, 'NotFound', 'conversation not found');
      try {
        await toBot({ ...activity, id: logged.id });
      } catch (e) {
        deps.log.error({ err: loggableError(e, [id, conv.user]) }, 'directline turn failed');
        return fail(502, 'BotError', 'the bot could not handle this activity');
      }
      return { status: 200, body: { id: logged.id } };
    },

    /** `GET /conversations/:id/activities?watermark=`: what happened after the watermark. */
    getActivities(header: string | undefined, id: string, watermark: string | undefined): Result {
      const c = forConversation(header, id);
      if ('status' in c) return c;
      const set = log.since(id, watermark);
      return set ? { status: 200, body: set } : fail(404, 'NotFound', 'conversation not found');
    },

    /** The WebSocket of `streamUrl`: its backlog after `watermark`, then every new activity. */
    openStream(
      t: string,
      id: string,
      watermark: string | undefined,
      push: (e: StreamEvent) => void,
    ): Stream | Result {
      const a = authorise(`Bearer ${t}`, 'stream');
      if ('status' in a) return a;
      if (a.kind !== 'token' || a.claims.conv !== id)
        return fail(403, 'BadToken', 'the token is not for this conversation');
      const backlog = log.since(id, watermark);
      const close = backlog && log.subscribe(id, push);
      if (close === 'full')
        return fail(429, 'TooManyStreams', `at most ${limits.maxStreams} open streams per conversation`);
      if (!backlog || !close) return fail(404, 'NotFound', 'conversation not found');
      return { backlog: { kind: 'activities', ...backlog }, close };
    },

    /** The connector endpoint: a bot reply (or proactive message) for conversation `id`. */
    receiveFromBot(header: string | undefined, id: string, body: unknown): Result {
      const given = bearer(header);
      if (!given || !sameSecret(given, deps.connector.key))
        return fail(401, 'Unauthorized', 'connector key required');
      const parsed = BotActivity.safeParse(body);
      if (!parsed.success) return badRequest('invalid activity', parsed.error.issues);
      const conv = log.get(id);
      if (!conv) return fail(404, 'ConversationNotFound', 'conversation not found');
      if (parsed.data.recipient && parsed.data.recipient.id !== conv.user)
        return fail(403, 'Forbidden', "the recipient is not this conversation's user");
      const { serviceUrl: _omit, ...rest } = parsed.data as Record<string, unknown>;
      const logged = log.append(id, {
        from: BOT,
        ...rest,
        channelId: DIRECTLINE_CHANNEL,
        conversation: { id },
        timestamp: deps.now().toISOString(),
      });
      return logged
        ? { status: 200, body: { id: logged.id } }
        : fail(404, 'ConversationNotFound', 'conversation not found');
    },

    /** How many conversations this instance holds (for tests and metrics). */
    get conversations(): number {
      return log.size;
    },
  };
}
