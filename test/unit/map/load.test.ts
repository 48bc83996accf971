import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadMap, loadMapOrThrow, MapInvalidError } from '../../../src/map/index.ts';

const fixture = resolve('test/fixtures/tiny');
const locales = resolve('locales');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the tiny map with one file edited. */
function edited(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'justask-map-'));
  dirs.push(dir);
  cpSync(fixture, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

const problemsOf = (dir: string) =>
  loadMap({ dialogsDir: dir, localesDir: locales }).problems.map((p) =>
    formatProblem({ ...p, file: p.file.replace(/^.*justask-map-[^/]+\//, '') }),
  );

describe('loading the dialogue map', () => {
  it('loads a valid map with no problems and a stable notice version', () => {
    const r = loadMap({ dialogsDir: fixture, localesDir: locales });
    expect(r.problems).toEqual([]);
    expect([...(r.map?.journeys.keys() ?? [])]).toEqual(['news']);
    expect(r.map?.noticeVersion).toMatch(/^n-[0-9a-f]{12}$/);
    expect(loadMap({ dialogsDir: fixture, localesDir: locales }).map?.noticeVersion).toBe(
      r.map?.noticeVersion,
    );
  });

  it.each([
    {
      name: 'a typo in a key',
      file: 'journeys/news.yaml',
      edit: (s: string) => s.replace('onDecline: nope', 'onDecilne: nope'),
      want: ['error journeys/news.yaml:10 steps.ask: Unrecognized key: "onDecilne" (onDecilne)'],
    },
    {
      name: 'an unknown purpose',
      file: 'journeys/news.yaml',
      edit: (s: string) => s.replace('purpose: news }', 'purpose: newz }'),
      want: [
        'warning catalog.yaml:14 purposes.news: purpose "news" is not used by any step',
        'error journeys/news.yaml:8 steps.ask.needs.0.purpose: unknown purpose "newz"',
      ],
    },
    {
      name: 'a consent-based need marked required',
      file: 'journeys/news.yaml',
      edit: (s: string) => s.replace('purpose: news }', 'purpose: news, required: true }'),
      want: [
        'error journeys/news.yaml:8 steps.ask.needs.0.required: a consent-based need cannot be required: consent must not be a condition of service (GDPR Art. 7(4))',
      ],
    },
    {
      name: 'a decline path to a missing step, leaving a step unreachable',
      file: 'journeys/news.yaml',
      edit: (s: string) => s.replace('onDecline: nope', 'onDecline: nop'),
      want: [
        'error journeys/news.yaml:10 steps.ask.onDecline: step "nop" does not exist',
        'error journeys/news.yaml:12 steps.nope: step "nope" cannot be reached from the start step',
      ],
    },
    {
      name: 'a cycle',
      file: 'journeys/news.yaml',
      edit: (s: string) => s.replace('say: news.nope', 'say: news.nope\n    next: ask'),
      want: ['error journeys/news.yaml:6 steps.ask: cycle: step "ask" can be reached from itself'],
    },
    {
      name: 'an item no step needs',
      file: 'catalog.yaml',
      edit: (s: string) =>
        s.replace('purposes:', '  shoe:\n    type: number\n    category: user.physical.shoe_size\npurposes:'),
      want: [
        'error catalog.yaml:13 items.shoe: item "shoe" is not needed by any step: don\'t collect what no task uses',
        'error catalog.yaml:13 items.shoe: text "items.shoe.name" is missing in locale en, nl, fr, de',
      ],
    },
    {
      name: 'a bad retention',
      file: 'catalog.yaml',
      edit: (s: string) => s.replace('retention: P1Y', 'retention: 1 year'),
      want: ['error catalog.yaml:16 purposes.news.retention: an ISO 8601 duration such as P30D, P6M or P1Y'],
    },
    {
      name: 'broken YAML',
      file: 'journeys/news.yaml',
      edit: (s: string) => s.replace('start: ask', 'start: [ask'),
      want: [
        'error journeys/news.yaml:4 Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    },
    {
      name: 'a text missing in one locale',
      file: 'locales/fr/map.json',
      edit: (s: string) => s.replace('"nope": "Not subscribed (fr)"', '"nop": "x"'),
      want: ['error journeys/news.yaml:13 steps.nope.say: text "news.nope" is missing in locale fr'],
    },
    {
      name: 'a journey id that does not match its file',
      file: 'journeys/news.yaml',
      edit: (s: string) => s.replace('id: news', 'id: newsy'),
      want: [
        'error journeys/news.yaml:1 id: journey id "newsy" must match its file name "news"',
        'error journeys/news.yaml:1 id: text "journeys.newsy.title" is missing in locale en, nl, fr, de',
        'error journeys/news.yaml:1 id: text "journeys.newsy.triggers" is missing in locale en, nl, fr, de',
        'error journeys/news.yaml:6 steps.ask: text "journeys.newsy.steps.ask" is missing in locale en, nl, fr, de',
      ],
    },
    {
      name: 'a pattern that is not a regular expression',
      file: 'catalog.yaml',
      edit: (s: string) =>
        s
          .replace('type: email', 'type: text')
          .replace(
            'category: user.contact.email',
            "category: user.contact.email\n    constraints: { pattern: '(ab' }",
          ),
      want: [
        'error catalog.yaml:12 items.email.constraints.pattern: pattern is not a valid regular expression: Invalid regular expression: /^(?:(ab)$/: Unterminated group',
      ],
    },
    {
      name: 'a pattern that can backtrack catastrophically',
      file: 'catalog.yaml',
      edit: (s: string) =>
        s.replace(
          'category: user.contact.email',
          "category: user.contact.email\n    constraints: { pattern: '(\\d+)*x' }",
        ),
      want: [
        'error catalog.yaml:12 items.email.constraints.pattern: pattern can backtrack catastrophically (a repetition inside a repetition, such as (a+)+): one answer could hang the bot; rewrite it without nested repetition',
      ],
    },
  ])('reports $name with file, line and path', ({ file, edit, want }) => {
    expect(problemsOf(edited(file, edit))).toEqual(want);
  });

  it('refuses the map with an unsafe pattern, and accepts safe ones', () => {
    const unsafe = resolve('test/fixtures/unsafe-pattern');
    const r = loadMap({ dialogsDir: unsafe, localesDir: locales });
    expect(r.map).toBeUndefined();
    expect(r.problems.map(formatProblem)).toEqual([
      'error test/fixtures/unsafe-pattern/catalog.yaml:13 items.email.constraints.pattern: pattern can backtrack catastrophically (a repetition inside a repetition, such as (a+)+): one answer could hang the bot; rewrite it without nested repetition',
    ]);
    expect(() => loadMapOrThrow({ dialogsDir: unsafe, localesDir: locales })).toThrow(MapInvalidError);
    for (const pattern of ['[A-Z0-9][A-Z0-9 -]{2,9}', '\\d{4} ?[A-Z]{2}', 'NL\\d{2}[A-Z]{4}\\d{10}']) {
      const safe = edited('catalog.yaml', (s) =>
        s.replace(
          'category: user.contact.email',
          `category: user.contact.email\n    constraints: { pattern: '${pattern}' }`,
        ),
      );
      expect(problemsOf(safe)).toEqual([]);
    }
  });
});
