/**
 * Runs every conversation test designers wrote in dialogs/tests/ (and in the map written from
 * docs/writing-journeys.md) against the real bot in-process, one vitest test per conversation;
 * a failure shows the runner's diff.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBot, type LocalBot } from '../../../src/app/local-bot.ts';
import { formatResult, loadConversationTests, runConversation } from '../../../src/dialog-tests/index.ts';
import { formatProblem, loadMapOrThrow } from '../../../src/map/index.ts';

const localesDir = resolve('locales');

describe.each(['dialogs', 'test/fixtures/guide-example'])('the conversation tests of %s', (dir) => {
  const dialogsDir = resolve(dir);
  const loaded = loadMapOrThrow({ dialogsDir, localesDir });
  const tests = loadConversationTests(join(dialogsDir, 'tests'), loaded.map);
  let bot: LocalBot;
  beforeAll(() => {
    bot = createLocalBot({ dialogsDir, localesDir, loaded, actions: 'scripted' });
  });
  afterAll(() => bot.close());

  it('are valid files', () => {
    expect(tests.problems.map(formatProblem)).toEqual([]);
  });

  it('cover every journey, in at least two locales', () => {
    const covered = new Set(tests.conversations.map((c) => c.conversation.journey));
    expect([...loaded.map.journeys.keys()].filter((j) => !covered.has(j))).toEqual([]);
    const locales = new Set(tests.conversations.map((c) => c.conversation.locale.slice(0, 2)));
    expect(locales.size).toBeGreaterThanOrEqual(2);
  });

  for (const c of tests.conversations) {
    it(`${c.file.replace(/^.*tests\//, '')} › ${c.conversation.name}`, async () => {
      const r = await runConversation(c, bot);
      if (r.failures.length > 0) throw new Error(`\n${formatResult(r)}`);
    });
  }
});
