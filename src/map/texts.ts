/**
 * Customer-facing texts: i18next resources from `locales/<lng>/{bot,map,notice}.json`.
 * The `map` namespace holds the dialogue map's texts, `notice` the privacy notice's; a dialogs
 * folder may carry its own `locales/` that overrides the shipped one, so a map travels with its words.
 * Every rendered text is polished (typography.ts): one full stop after a name ending in one, and
 * French elision wherever a placeholder brings a vowel.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, {
  type i18n,
  type InitOptions,
  type InterpolationOptions,
  type Resource,
  type ResourceKey,
} from 'i18next';
import { polish } from './typography.ts';

export const SHIPPED_LOCALES = ['en', 'nl', 'fr', 'de'] as const;
export type Locale = (typeof SHIPPED_LOCALES)[number];
export const NAMESPACES = ['bot', 'map', 'notice'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface Texts {
  /** Translates `key` in `lng` (falls back to en); `ns` defaults to `bot`. */
  t(lng: Locale, key: string, vars?: Record<string, unknown>, ns?: Namespace): string;
  /** A string array resource (trigger phrases, command synonyms); empty when missing. */
  list(lng: Locale, key: string, ns?: Namespace): string[];
  /** The resource at `key` in `lng` itself, as written (an object for a group); no fallback. */
  value(lng: Locale, key: string, ns?: Namespace): unknown;
  /** Whether `key` exists in `lng` itself (no fallback). */
  has(lng: Locale, key: string, ns?: Namespace): boolean;
  /** The files the resources came from, for problems that cite them. */
  readonly files: ReadonlyMap<string, string>;
}

/** Picks the shipped locale for an activity locale such as `nl-BE`; unknown → en. */
export function toLocale(tag: string | undefined): Locale {
  const lang = (tag ?? '').slice(0, 2).toLowerCase();
  return (SHIPPED_LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'en';
}

function readJson(file: string): ResourceKey {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ResourceKey;
  } catch (cause) {
    throw new Error(`cannot read locale file ${file}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * `{{item.your}}` given a plain name instead of an item's words (itemWords) shows the name rather
 * than the braces; anything else missing stays visible, so tests catch it.
 */
function formFallback(_text: string, match: RegExpExecArray, vars: InitOptions): string {
  const [root = '', ...form] = (match[1] ?? '').trim().split('.');
  const value = (vars as Record<string, unknown>)[root];
  return form.length > 0 && typeof value === 'string' ? value : match[0];
}

/** Variables i18next reads as options (plurals, context, nesting…): a text given one takes i18next's own path. */
const OPTION_VARS = new Set([
  'count',
  'context',
  'ordinal',
  'replace',
  'defaultValue',
  'lng',
  'lngs',
  'ns',
  'fallbackLng',
  'postProcess',
  'interpolation',
  'joinArrays',
  'returnObjects',
  'returnDetails',
  'keySeparator',
  'nsSeparator',
  'skipInterpolation',
  'nest',
  'applyPostProcessor',
]);

/**
 * A text with variables filled the way `i18next.t` fills it, without its per-call lookup machinery
 * (~10 µs a text, a couple of texts a turn): the resource is found in `lng` or else en, put through
 * i18next's own interpolator, then polished. Only for plain templates — no nesting (`$t(`), no
 * namespace in the key, no option among the variables, a string resource — else undefined, and
 * the caller asks i18next. test/unit/map/texts-fill.test.ts holds it to i18next on every text.
 */
export function fastFill(inst: i18n) {
  const interpolator = inst.services.interpolator;
  return (lng: Locale, ns: Namespace, key: string, vars: Record<string, unknown>): string | undefined => {
    if (key.includes(':')) return undefined;
    for (const k in vars) if (OPTION_VARS.has(k) || k.startsWith('defaultValue')) return undefined;
    const own: unknown = inst.getResource(lng, ns, key);
    const raw: unknown = own === undefined ? inst.getResource('en', ns, key) : own;
    if (typeof raw !== 'string' || raw.includes('$t(')) return undefined;
    const opt = { ...vars, lng, ns };
    return polish(lng, interpolator.interpolate(raw, opt, lng, opt as InterpolationOptions));
  };
}

/** The i18next instance over `localesDir` (and `overrideDir`), and the files it read. */
export function loadI18n(
  localesDir: string,
  overrideDir?: string,
): { inst: i18n; files: Map<string, string> } {
  const resources: Resource = {};
  const files = new Map<string, string>();
  for (const lng of SHIPPED_LOCALES) {
    resources[lng] = {};
    for (const ns of NAMESPACES) {
      const own = overrideDir ? join(overrideDir, lng, `${ns}.json`) : undefined;
      const file = own && existsSync(own) ? own : join(localesDir, lng, `${ns}.json`);
      if (!existsSync(file)) continue;
      resources[lng][ns] = readJson(file);
      files.set(`${lng}/${ns}`, file);
    }
  }
  const inst: i18n = i18next.createInstance();
  inst.use({
    type: 'postProcessor',
    name: 'polish',
    process: (value: string, _key: unknown, options: { lng?: string }) => polish(options.lng ?? 'en', value),
  });
  void inst.init({
    resources,
    initAsync: false,
    fallbackLng: 'en',
    ns: [...NAMESPACES],
    defaultNS: 'bot',
    returnNull: false,
    interpolation: { escapeValue: false },
    missingInterpolationHandler: formFallback,
    postProcess: ['polish'],
  });
  return { inst, files };
}

/** Loads texts from `localesDir`, with `overrideDir` (a map's own `locales/`) taking precedence per file. */
export function loadTexts(localesDir: string, overrideDir?: string): Texts {
  const { inst, files } = loadI18n(localesDir, overrideDir);
  // A text without variables (and a list) is the same every time: looked up once (i18next's resolve and
  // formatting were ~7 % of a turn's CPU). Keys come from the code and the map, so this stays
  // small; the cap only guards against a key made from something else.
  const plain = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const PLAIN_MAX = 20_000;
  const hasVars = (vars: Record<string, unknown> | undefined): vars is Record<string, unknown> => {
    for (const _ in vars) return true;
    return false;
  };
  const fill = fastFill(inst);
  return {
    files,
    t: (lng, key, vars, ns = 'bot') => {
      if (hasVars(vars)) return fill(lng, ns, key, vars) ?? inst.t(key, { ...vars, lng, ns });
      const id = `${ns}\0${lng}\0${key}`;
      let text = plain.get(id);
      if (text === undefined) {
        text = inst.t(key, { lng, ns });
        if (plain.size < PLAIN_MAX) plain.set(id, text);
      }
      return text;
    },
    list: (lng, key, ns = 'bot') => {
      const id = `${ns}\0${lng}\0${key}`;
      let items = lists.get(id);
      if (items === undefined) {
        const v: unknown = inst.t(key, { lng, ns, returnObjects: true });
        items = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
        if (lists.size < PLAIN_MAX) lists.set(id, items);
      }
      // A copy: a caller may sort or extend what it gets.
      return items.slice();
    },
    value: (lng, key, ns = 'bot'): unknown => inst.getResource(lng, ns, key),
    has: (lng, key, ns = 'bot') => inst.exists(key, { lng, ns, fallbackLng: false }),
  };
}
