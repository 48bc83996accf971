/** The environment, parsed once with zod at start-up. Every setting is listed in .env.example. */
import { z } from 'zod';
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

export const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DIALOGS_DIR: z.string().default('./dialogs'),
  LOCALES_DIR: z.string().default('./locales'),
  MONGODB_URI: z.string().optional(),
  MONGODB_DB: z.string().default('justask'),
  DATA_KEY: z.string().optional(),
  SUBJECT_KEY: z.string().optional(),
  PUBLIC_URL: z.string().default(''),
  ADMIN_TOKENS: AdminTokens,
  /** Enables the local Direct Line in production and signs its tokens; must never reach a browser. */
  DIRECTLINE_SECRET: z.string().min(32, 'DIRECTLINE_SECRET needs 32+ characters').optional(),
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
});
export type Config = z.infer<typeof Env>;

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

/** Parses the environment; throws ConfigError listing every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const r = Env.safeParse(cleaned);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
