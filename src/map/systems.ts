/**
 * The business's systems as the bot reaches them: `${VAR}` references in the catalog read from
 * the environment, and which system receives which purpose. Pure: the environment is passed in.
 */
import type { Catalog, System } from './schema.ts';
import { nameIn } from './local-name.ts';

export type Env = Readonly<Record<string, string | undefined>>;

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Names of the variables a catalog string refers to (`${LOGISTICS_URL}` → LOGISTICS_URL). */
export const envRefsOf = (s: string | undefined): string[] =>
  s ? [...s.matchAll(REF)].map((m) => m[1] ?? '') : [];

/** A catalog string with its `${VAR}` references read from `env`; undefined when one is unset or empty. */
export function expandEnv(s: string | undefined, env: Env): string | undefined {
  if (s === undefined) return undefined;
  let missing = false;
  const out = s.replace(REF, (_m, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') missing = true;
    return v ?? '';
  });
  return missing || out === '' ? undefined : out;
}

/** A Standard Webhooks secret: `whsec_` and base64 of the key. */
export const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** A system with its url and secret read from the environment (either may be missing). */
export interface ResolvedSystem {
  readonly id: string;
  readonly name: string;
  readonly role: System['role'];
  /** Base URL without a trailing slash. */
  readonly url?: string;
  readonly secret?: string;
  readonly timeoutMs: number;
}

/** Every system of the catalog, resolved against `env`. */
export function resolveSystems(catalog: Catalog, env: Env): ReadonlyMap<string, ResolvedSystem> {
  const out = new Map<string, ResolvedSystem>();
  for (const [id, s] of Object.entries(catalog.systems)) {
    const url = expandEnv(s.url, env)?.replace(/\/+$/, '');
    const secret = expandEnv(s.secret, env);
    out.set(id, {
      id,
      name: nameIn(s.name, 'en'),
      role: s.role,
      timeoutMs: Math.round(s.timeout * 1000),
      ...(url ? { url } : {}),
      ...(secret ? { secret } : {}),
    });
  }
  return out;
}

/** Systems that receive a purpose's data (its recipients that are systems). */
export const systemsOfPurpose = (catalog: Catalog, purpose: string): string[] =>
  (catalog.purposes[purpose]?.recipients ?? []).filter((r) => catalog.systems[r] !== undefined);

/** Purposes a system receives. */
export const purposesOfSystem = (catalog: Catalog, system: string): string[] =>
  Object.entries(catalog.purposes)
    .filter(([, p]) => p.recipients.includes(system))
    .map(([id]) => id);
