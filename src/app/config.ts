/** The environment, parsed once with zod at start-up. Every setting is listed in .env.example. */
import { z } from 'zod';
import { BOT_FRAMEWORK_HOSTS, SERVICE_URL_PATTERN } from '../channels/index.ts';
import { isoSpanMs } from '../shared/iso-span.ts';
import { parseTimeSpan } from '../shared/time-duration.ts';

const Role = z.enum(['marketer', 'designer', 'dpo']);
export type Role = z.infer<typeof Role>;

const AdminTokens = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const tokens = new Map<string, Role>();
    for (const pair of s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const i = pair.indexOf(':');
      const role = Role.safeParse(pair.slice(0, i));
      const token = pair.slice(i + 1);
      if (i < 1 || !role.success || token.length < 16) {
        ctx.addIssue({
          code: 'custom',
          message: `"${pair.slice(0, Math.max(i, 0))}:…" must be role:token with role marketer|designer|dpo and a token of 16+ characters`,
        });
        return z.NEVER;
      }
      tokens.set(token, role.data);
    }
    return tokens;
  });

/** `SYSTEM_TOKENS`: comma-separated `system:token` pairs for the pull API; kept as token → system. */
const SystemTokens = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const tokens = new Map<string, string>();
    for (const pair of s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const i = pair.indexOf(':');
      const system = pair.slice(0, i);
      const token = pair.slice(i + 1);
      if (i < 1 || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(system) || token.length < 16) {
        ctx.addIssue({
          code: 'custom',
          message: `"${system}:…" must be system:token with a system id of the catalog and a token of 16+ characters`,
        });
        return z.NEVER;
      }
      tokens.set(token, system);
    }
    return tokens;
  });

/** Comma-separated service URL hosts (`host`, `*.domain`, `http://host` for plain http). */
const ServiceUrlHosts = z
  .string()
  .default(BOT_FRAMEWORK_HOSTS.join(','))
  .transform((s, ctx) => {
    const hosts = s
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    for (const h of hosts.filter((h) => !SERVICE_URL_PATTERN.test(h)))
      ctx.addIssue({ code: 'custom', message: `"${h}" must be host, *.domain or http://host` });
    return hosts;
  });

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const Settings = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  /** Interface to listen on: loopback in development and test, all interfaces in production. */
  HOST: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DIALOGS_DIR: z.string().default('./dialogs'),
  LOCALES_DIR: z.string().default('./locales'),
  MONGODB_URI: z.string().optional(),
  MONGODB_DB: z.string().default('justask'),
  DATA_KEY: z.string().optional(),
  SUBJECT_KEY: z.string().optional(),
  PUBLIC_URL: z.string().default(''),
  ADMIN_TOKENS: AdminTokens,
  /** Bearer tokens of the business's systems for the pull API (`/api/v1/...`). */
  SYSTEM_TOKENS: SystemTokens,
  /** Enables the local Direct Line in production and signs its tokens; must never reach a browser. */
  DIRECTLINE_SECRET: z.string().min(32, 'DIRECTLINE_SECRET needs 32+ characters').optional(),
  /** Seconds between deliveries of the events outbox to the systems; 0 turns the worker off. */
  EVENTS_EVERY_SECONDS: z.coerce.number().min(0).default(5),
  /** Minutes between give-back sweeps in the server; 0 turns the in-server sweeper off. */
  GIVEBACK_EVERY_MINUTES: z.coerce.number().min(0).default(60),
  /** An ask left unanswered this long (PT30M, or minutes) counts as abandoned; kept as ms. */
  ABANDON_AFTER: z
    .string()
    .default('PT30M')
    .transform((s, ctx) => {
      const ms = parseTimeSpan(s);
      if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'use PT30M, PT2H or minutes' });
      return ms ?? z.NEVER;
    }),
  /**
   * Bot state of a conversation idle this long (ISO 8601: P30D, PT12H) is deleted; kept as ms.
   * Unset: the map's `records.state` (what the privacy notice promises) applies.
   */
  STATE_TTL: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return undefined;
      const ms = isoSpanMs(s);
      if (ms === undefined)
        ctx.addIssue({ code: 'custom', message: 'use an ISO 8601 duration: P30D, P2W, PT12H' });
      return ms ?? z.NEVER;
    }),
  /** Audit-log entries older than this (ISO 8601, days or longer: P2Y, P18M) are deleted by the retention sweep. */
  AUDIT_RETENTION: z
    .string()
    .default('P2Y')
    .refine((s) => /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/.test(s) && isoSpanMs(s) !== undefined, {
      message: 'use an ISO 8601 duration of days or longer: P2Y, P18M, P400D',
    }),
  /** Abuse limits (429 + Retry-After) on /api/messages and the local Direct Line; `off` for load tests. */
  RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  RATE_LIMIT_ADDRESS_PER_SECOND: z.coerce.number().positive().default(20),
  RATE_LIMIT_ADDRESS_BURST: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_CONVERSATION_PER_SECOND: z.coerce.number().positive().default(5),
  RATE_LIMIT_CONVERSATION_BURST: z.coerce.number().int().min(1).default(15),
  /** Trusted reverse proxies in front of the server: the client address is read from X-Forwarded-For. */
  RATE_LIMIT_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  /** Where the channel's signing keys are published, when not Bot Framework's own (tests). */
  BotOpenIdMetadata: z.url().optional(),
  /** Production without MicrosoftAppId: allowed only with this, for a private network. */
  ALLOW_UNAUTHENTICATED: Flag.default(false),
  /** Hosts the bot may send to (serviceUrl); loopback is added outside production. */
  TRUSTED_SERVICE_URLS: ServiceUrlHosts,
  /** Channel ids that show no buttons besides `sms` (comma-separated): options are numbered in the text. */
  TEXT_ONLY_CHANNELS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((c) => c.trim().toLowerCase())
        .filter(Boolean),
    ),
});

export const Env = Settings.transform((c) => ({
  ...c,
  HOST: c.HOST ?? (c.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
}));
export type Config = z.output<typeof Env>;

/** The rate-limit settings of `cfg`, as the HTTP edge takes them. */
export function rateLimitSettings(cfg: Config) {
  return {
    enabled: cfg.RATE_LIMIT === 'on',
    perAddress: { perSecond: cfg.RATE_LIMIT_ADDRESS_PER_SECOND, burst: cfg.RATE_LIMIT_ADDRESS_BURST },
    perConversation: {
      perSecond: cfg.RATE_LIMIT_CONVERSATION_PER_SECOND,
      burst: cfg.RATE_LIMIT_CONVERSATION_BURST,
    },
    proxyHops: cfg.RATE_LIMIT_PROXY_HOPS,
    maxKeys: 10_000,
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Whether this config may run a server reachable by channels: production without MicrosoftAppId
 * would answer anyone who names a customer's channel and user id, so it is refused unless
 * ALLOW_UNAUTHENTICATED=true says the network is private. Returns the warnings to log at start.
 */
export function checkServerConfig(cfg: Config): string[] {
  if (cfg.NODE_ENV !== 'production' || cfg.MicrosoftAppId) return [];
  if (!cfg.ALLOW_UNAUTHENTICATED)
    throw new ConfigError(
      'MicrosoftAppId is required when NODE_ENV=production (channel requests are authenticated with it); ' +
        'set ALLOW_UNAUTHENTICATED=true only on a private network that no one else can reach',
    );
  return [
    'ALLOW_UNAUTHENTICATED=true: /api/messages accepts unauthenticated requests; keep this server on a private network',
  ];
}

/** Parses the environment; throws ConfigError listing every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const r = Env.safeParse(cleaned);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
