/** Lean-data lint: each rule has a fixture (the tiny map, edited) paired with exactly its message. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadMap } from '../../../src/map/index.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

type Edits = Record<string, (text: string) => string>;

/** Problems of a copy of the tiny map (in `map/`) and the shipped locales (in `locales/`), edited. */
function problemsOf(edits: Edits, remove: string[] = []): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'justask-lint-'));
  dirs.push(dir);
  cpSync(resolve('test/fixtures/tiny'), join(dir, 'map'), { recursive: true });
  cpSync(resolve('locales'), join(dir, 'locales'), { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  }
  for (const file of remove) rmSync(join(dir, file));
  return loadMap({ dialogsDir: join(dir, 'map'), localesDir: join(dir, 'locales') })
    .problems.filter((p) => !p.message.startsWith('no policy.questionBudget'))
    .map((p) => formatProblem(p).replace(/[^\s(]*justask-lint-[^/]+\//g, ''));
}

/** Merges `add` into the `map` texts of every shipped locale of the tiny map. */
const withMapText = (add: Record<string, Record<string, unknown>>): Edits =>
  Object.fromEntries(
    ['en', 'nl', 'fr', 'de'].map((l) => [
      `map/locales/${l}/map.json`,
      (s: string) => {
        const texts = JSON.parse(s) as Record<string, Record<string, unknown>>;
        for (const [k, v] of Object.entries(add)) texts[k] = { ...texts[k], ...v };
        return JSON.stringify(texts);
      },
    ]),
  );

const catalog = (edit: (s: string) => string): Edits => ({ 'map/catalog.yaml': edit });
const journey = (edit: (s: string) => string): Edits => ({ 'map/journeys/news.yaml': edit });

describe('lean-data lint', () => {
  it('finds nothing in the tiny map', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it.each([
    {
      rule: 'an item no step needs',
      edits: {
        ...catalog((s) =>
          s.replace(
            'purposes:',
            '  shoe:\n    type: number\n    category: user.physical.shoe_size\npurposes:',
          ),
        ),
        ...withMapText({ items: { shoe: { name: 'shoe size', gender: 'f' } } }),
        'map/locales/en/map.json': (s: string) =>
          s.replace('"email (en)" }', '"email (en)" }, "shoe": { "name": "shoe size" }'),
        'map/locales/nl/map.json': (s: string) =>
          s.replace(
            '"gender": "het" }',
            '"gender": "het" }, "shoe": { "name": "schoenmaat", "gender": "de" }',
          ),
      },
      want: [
        'error map/catalog.yaml:13 items.shoe: item "shoe" is not needed by any step: don\'t collect what no task uses',
      ],
    },
    {
      rule: 'a purpose no step uses',
      edits: {
        ...catalog((s) =>
          s.replace(
            '    recipients: [mailer]\n',
            '    recipients: [mailer]\n  survey:\n    use: improve.system\n    basis: consent\n    retention: P30D\n    giveBackAfter: P30D\n    department: Research\n',
          ),
        ),
        ...withMapText({ purposes: { survey: { reason: 'To ask you', description: 'a survey' } } }),
      },
      want: ['warning map/catalog.yaml:21 purposes.survey: purpose "survey" is not used by any step'],
    },
    {
      rule: 'a consent-based need marked required',
      edits: journey((s) => s.replace('purpose: news }', 'purpose: news, required: true }')),
      want: [
        'error map/journeys/news.yaml:8 steps.ask.needs.0.required: a consent-based need cannot be required: consent must not be a condition of service (GDPR Art. 7(4))',
      ],
    },
    {
      rule: 'a marketing use that is not consent-based',
      edits: catalog((s) => s.replace('basis: consent', 'basis: contract')),
      want: [
        'error map/catalog.yaml:15 purposes.news.basis: purpose "news" is marketing (marketing.communications.email): it must rest on consent, not contract',
        'error map/journeys/news.yaml:8 steps.ask.needs.0.purpose: purpose "news" rests on contract, but this need is optional: data a task can do without is not necessary for a contract (GDPR Art. 6(1)(b)); mark it required, or rest the purpose on consent or legitimate_interests',
      ],
    },
    {
      rule: 'a marketing use on legitimate interests, and required',
      edits: {
        ...catalog((s) => s.replace('basis: consent', 'basis: legitimate_interests')),
        ...journey((s) => s.replace('purpose: news }', 'purpose: news, required: true }')),
      },
      want: [
        'warning map/catalog.yaml:15 purposes.news.basis: purpose "news" is marketing (marketing.communications.email) on legitimate interests: email and SMS marketing usually need consent (ePrivacy), and customers may object at any time',
        'error map/catalog.yaml:15 purposes.news.basis: purpose "news" rests on legitimate_interests: state the interest (interest: a text key), shown in the notice (GDPR Art. 13(1)(d))',
        'error map/catalog.yaml:15 purposes.news.basis: purpose "news" rests on legitimate_interests: record the balancing test (balancing: why the interest is not overridden by the customer\'s), shown in the record of processing',
        'error map/journeys/news.yaml:8 steps.ask.needs.0.required: purpose "news" is marketing: a marketing need must stay optional (required: false)',
      ],
    },
    {
      rule: 'special-category data without explicit consent',
      edits: catalog((s) =>
        s
          .replace('category: user.contact.email', 'category: user.health_and_medical\n    special: true')
          .replace('use: marketing.communications.email', 'use: essential.service')
          .replace('basis: consent', 'basis: contract'),
      ),
      want: [
        'error map/journeys/news.yaml:8 steps.ask.needs.0.purpose: purpose "news" rests on contract, but this need is optional: data a task can do without is not necessary for a contract (GDPR Art. 6(1)(b)); mark it required, or rest the purpose on consent or legitimate_interests',
        'error map/journeys/news.yaml:8 steps.ask.needs.0.purpose: item "email" is special-category data (GDPR Art. 9): purpose "news" must rest on explicit consent (basis: consent), not contract',
      ],
    },
    {
      rule: 'a special category not marked special',
      edits: catalog((s) =>
        s.replace('category: user.contact.email', 'category: user.demographic.religious_belief'),
      ),
      want: [
        'warning map/catalog.yaml:11 items.email.category: item "email" is in a special category (user.demographic.religious_belief, GDPR Art. 9): mark it special: true',
      ],
    },
    {
      rule: 'a purpose without retention',
      edits: catalog((s) => s.replace('    retention: P1Y\n', '')),
      want: [
        'error map/catalog.yaml:14 purposes.news.retention: a purpose needs a retention: how long its data may be kept (P30D, P1Y…)',
      ],
    },
    {
      rule: 'a map text missing in a shipped locale',
      edits: {
        'map/locales/nl/map.json': (s: string) => s.replace('"done": "Subscribed {{email}} (nl)", ', ''),
      },
      want: ['error map/journeys/news.yaml:9 steps.ask.say: text "news.done" is missing in locale nl'],
    },
    {
      rule: 'a bot text missing in a shipped locale',
      edits: { 'locales/fr/bot.json': (s: string) => s.replace(/"unknown": "Désolé[^"]*"/, '"unknwn": "x"') },
      want: [
        'error locales/fr/bot.json:3 help.unknown: text "help.unknown" is missing in locale fr (it is in locales/en/bot.json)',
      ],
    },
  ])('reports $rule', ({ edits, want }) => {
    expect(problemsOf(edits)).toEqual(want);
  });

  it('reports the notice texts of a locale as missing', () => {
    expect(problemsOf({}, ['locales/de/notice.json'])).toEqual([
      'error locales/de/notice.json the notice texts of locale de are missing (locales/en/notice.json has 160)',
    ]);
  });
});
