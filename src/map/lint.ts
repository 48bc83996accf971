/**
 * Lean-data and legal lint, run by the loader after the reference checks: marketing that is not
 * optional or not consent-based, optional data on a basis that presumes necessity (contract,
 * legal obligation), legitimate interests without the stated interest and the balancing test,
 * special-category data without explicit consent, and system texts
 * (`bot`, `notice`) missing in a shipped locale. Each problem names its file, line and path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Problem } from './problems.ts';
import type { Catalog, Journey } from './schema.ts';
import { isSpecialCategory, isSpecialItem } from './special-categories.ts';
import { SHIPPED_LOCALES, type Namespace, type Texts } from './texts.ts';
import { isMarketing, needSites } from './uses.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

export interface LintInput {
  readonly catalog: Catalog;
  readonly catalogSrc: YamlSource;
  readonly journeys: readonly { src: YamlSource; journey: Journey }[];
  readonly texts: Texts;
  /** How a file is shown in problems (relative to the working folder). */
  readonly show: (file: string) => string;
}

/** Namespaces whose every key must exist in every shipped locale (map texts are checked per use). */
const SYSTEM_NAMESPACES: readonly Namespace[] = ['bot', 'notice'];

const problem = (
  src: YamlSource,
  path: (string | number)[],
  message: string,
  severity: Problem['severity'],
) => ({
  severity,
  file: src.file,
  line: src.lineOf(path),
  path: path.join('.'),
  message,
});

/** Legitimate interests must be stated (notice, Art. 13(1)(d)) and weighed (RoPA); nothing else has them. */
function lintInterests({ catalog, catalogSrc: src }: LintInput): Problem[] {
  const out: Problem[] = [];
  for (const [id, p] of Object.entries(catalog.purposes)) {
    const at = ['purposes', id];
    if (p.basis !== 'legitimate_interests') {
      for (const key of ['interest', 'balancing'] as const) {
        if (p[key] !== undefined)
          out.push(
            problem(
              src,
              [...at, key],
              `${key} is only for a purpose on legitimate_interests, not ${p.basis}`,
              'error',
            ),
          );
      }
      continue;
    }
    if (!p.interest)
      out.push(
        problem(
          src,
          [...at, 'basis'],
          `purpose "${id}" rests on legitimate_interests: state the interest (interest: a text key), shown in the notice (GDPR Art. 13(1)(d))`,
          'error',
        ),
      );
    if (!p.balancing)
      out.push(
        problem(
          src,
          [...at, 'basis'],
          `purpose "${id}" rests on legitimate_interests: record the balancing test (balancing: why the interest is not overridden by the customer's), shown in the record of processing`,
          'error',
        ),
      );
  }
  return out;
}

/** Why an optional need cannot rest on each basis that presumes necessity. */
const NECESSARY: Partial<Record<string, string>> = {
  contract: 'data a task can do without is not necessary for a contract (GDPR Art. 6(1)(b))',
  legal_obligation: 'data the law obliges us to process cannot be optional (GDPR Art. 6(1)(c))',
};

function lintCatalog({ catalog, catalogSrc: src }: LintInput): Problem[] {
  const out: Problem[] = [];
  for (const [id, p] of Object.entries(catalog.purposes)) {
    if (!isMarketing(p.use) || p.basis === 'consent') continue;
    out.push(
      p.basis === 'legitimate_interests'
        ? problem(
            src,
            ['purposes', id, 'basis'],
            `purpose "${id}" is marketing (${p.use}) on legitimate interests: email and SMS marketing usually need consent (ePrivacy), and customers may object at any time`,
            'warning',
          )
        : problem(
            src,
            ['purposes', id, 'basis'],
            `purpose "${id}" is marketing (${p.use}): it must rest on consent, not ${p.basis}`,
            'error',
          ),
    );
  }
  for (const [id, item] of Object.entries(catalog.items)) {
    if (!item.special && isSpecialCategory(item.category)) {
      out.push(
        problem(
          src,
          ['items', id, 'category'],
          `item "${id}" is in a special category (${item.category}, GDPR Art. 9): mark it special: true`,
          'warning',
        ),
      );
    }
  }
  return out;
}

function lintNeeds({ catalog, journeys }: LintInput): Problem[] {
  const out: Problem[] = [];
  for (const { src, journey } of journeys) {
    for (const { step, index, need } of needSites([journey])) {
      const at = ['steps', step, 'needs', index];
      const purpose = catalog.purposes[need.purpose];
      const item = catalog.items[need.item];
      if (!purpose || !item) continue;
      if (isMarketing(purpose.use) && need.required && purpose.basis !== 'consent') {
        out.push(
          problem(
            src,
            [...at, 'required'],
            `purpose "${need.purpose}" is marketing: a marketing need must stay optional (required: false)`,
            'error',
          ),
        );
      }
      const necessary = NECESSARY[purpose.basis];
      if (necessary && !need.required) {
        out.push(
          problem(
            src,
            [...at, 'purpose'],
            `purpose "${need.purpose}" rests on ${purpose.basis}, but this need is optional: ${necessary}; mark it required, or rest the purpose on consent or legitimate_interests`,
            'error',
          ),
        );
      }
      if (isSpecialItem(item) && purpose.basis !== 'consent') {
        out.push(
          problem(
            src,
            [...at, 'purpose'],
            `item "${need.item}" is special-category data (GDPR Art. 9): purpose "${need.purpose}" must rest on explicit consent (basis: consent), not ${purpose.basis}`,
            'error',
          ),
        );
      }
    }
  }
  return out;
}

/** Dotted keys of a JSON resource; arrays and strings are leaves. */
function keysOf(v: unknown, prefix = ''): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return prefix ? [prefix] : [];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) =>
    keysOf(x, prefix ? `${prefix}.${k}` : k),
  );
}

function lintSystemTexts({ texts, show }: LintInput): Problem[] {
  const out: Problem[] = [];
  for (const ns of SYSTEM_NAMESPACES) {
    const enFile = texts.files.get(`en/${ns}`);
    if (!enFile) continue;
    const enKeys = keysOf(JSON.parse(readFileSync(enFile, 'utf8')));
    for (const lng of SHIPPED_LOCALES.filter((l) => l !== 'en')) {
      const file = texts.files.get(`${lng}/${ns}`) ?? join(dirname(dirname(enFile)), lng, basename(enFile));
      if (!existsSync(file)) {
        out.push({
          severity: 'error',
          file: show(file),
          path: '',
          message: `the ${ns} texts of locale ${lng} are missing (${show(enFile)} has ${enKeys.length})`,
        });
        continue;
      }
      const src = parseYamlSource(show(file), readFileSync(file, 'utf8'));
      const own = new Set(keysOf(src.data));
      for (const key of enKeys.filter((k) => !own.has(k))) {
        out.push(
          problem(
            src,
            key.split('.'),
            `text "${key}" is missing in locale ${lng} (it is in ${show(enFile)})`,
            'error',
          ),
        );
      }
    }
  }
  return out;
}

/** Runs every lint rule. */
export const lintMap = (input: LintInput): Problem[] => [
  ...lintCatalog(input),
  ...lintInterests(input),
  ...lintNeeds(input),
  ...lintSystemTexts(input),
];
