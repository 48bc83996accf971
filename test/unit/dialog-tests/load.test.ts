import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConversationTests } from '../../../src/dialog-tests/index.ts';
import { formatProblem, loadMapOrThrow } from '../../../src/map/index.ts';

const { map } = loadMapOrThrow({ dialogsDir: resolve('test/fixtures/tiny'), localesDir: resolve('locales') });
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const good = `conversations:
  - name: subscribes
    locale: en
    turns:
      - start: news
        ask: { item: email, purpose: news }
      - customer: a@b.test
        bot: [/Subscribed/, 'x']
    stored:
      - { item: email, purposes: [news] }
`;

function problemsOf(text: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'justask-tests-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'news.yaml'), text);
  return loadConversationTests(dir, map).problems.map((p) =>
    formatProblem({ ...p, file: p.file.replace(/^.*justask-tests-[^/]+\//, '') }),
  );
}

describe('loading conversation tests', () => {
  it('loads a valid file with the line of each conversation and turn', () => {
    const dir = mkdtempSync(join(tmpdir(), 'justask-tests-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'news.yaml'), good);
    const r = loadConversationTests(dir, map);
    expect(r.problems).toEqual([]);
    expect(r.conversations.map((c) => [c.conversation.name, c.line, c.turnLines])).toEqual([
      ['subscribes', 2, [5, 7]],
    ]);
  });

  it.each([
    {
      name: 'a typo in a key',
      edit: (s: string) => s.replace('bot:', 'bott:'),
      want: ['error news.yaml:8 conversations.0.turns.1: Unrecognized key: "bott" (bott)'],
    },
    {
      name: 'a turn with two kinds of input',
      edit: (s: string) =>
        s.replace('      - customer: a@b.test', '      - customer: a@b.test\n        start: news'),
      want: [
        'error news.yaml:7 conversations.0.turns.1: a turn has exactly one of customer (what the customer types), start (a journey id) or join: true',
      ],
    },
    {
      name: 'an unknown journey, item and purpose',
      edit: (s: string) =>
        s
          .replace('start: news', 'start: newz')
          .replace('item: email, purpose: news }', 'item: mail, purpose: newz }'),
      want: [
        'error news.yaml:5 conversations.0.turns.0.start: unknown journey "newz"',
        'error news.yaml:6 conversations.0.turns.0.ask.item: unknown item "mail"',
        'error news.yaml:6 conversations.0.turns.0.ask.purpose: unknown purpose "newz"',
      ],
    },
    {
      name: 'a bad pattern',
      edit: (s: string) => s.replace('/Subscribed/', '/Subscri(bed/'),
      want: [
        'error news.yaml:8 conversations.0.turns.1.bot.0: bad pattern /Subscri(bed/: Invalid regular expression: /Subscri(bed/: Unterminated group',
      ],
    },
    {
      name: 'a locale that is not shipped',
      edit: (s: string) => s.replace('locale: en', 'locale: es'),
      want: ['error news.yaml:3 conversations.0.locale: locale "es" is not shipped (en, nl, fr, de)'],
    },
    {
      name: 'an unknown stored item',
      edit: (s: string) => s.replace('{ item: email, purposes', '{ item: phone, purposes'),
      want: ['error news.yaml:10 conversations.0.stored.0.item: unknown item "phone"'],
    },
  ])('reports $name with file, line and path', ({ edit, want }) => {
    expect(problemsOf(edit(good))).toEqual(want);
  });
});
