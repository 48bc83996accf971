import { describe, expect, it } from 'vitest';
import {
  diffLines,
  formatResult,
  formatSummary,
  runConversation,
  type BotReply,
  type LoadedConversation,
  type TestBot,
  type Turn,
} from '../../../src/dialog-tests/index.ts';

/** A bot that answers each customer line from a script, and holds fixed data. */
function scripted(answers: Record<string, BotReply[]>): TestBot {
  return {
    conversation: () => ({
      say: (t) => Promise.resolve(answers[t] ?? []),
      start: (j) => Promise.resolve(answers[`start ${j}`] ?? []),
      join: () => Promise.resolve(answers.join ?? []),
    }),
    stored: () => Promise.resolve([{ item: 'email', value: 'a@b.test', purposes: ['news'] }]),
    ledger: () => Promise.resolve(['asked email news', 'granted email news']),
  };
}

const ask = { kind: 'ask', journey: 'news', step: 'ask', item: 'email', purpose: 'news', required: false };
const bot = scripted({
  'start news': [
    { text: 'May I have your email? You may say no.', buttons: ['Why?', 'No thanks'], justask: ask },
  ],
  'a@b.test': [
    { text: 'Thanks, saved a•••@b.test.', buttons: [] },
    { text: 'Subscribed.', buttons: [] },
  ],
});

const conversation = (
  turns: Turn[],
  extra: Partial<LoadedConversation['conversation']> = {},
): LoadedConversation => ({
  conversation: { name: 'subscribes', locale: 'en', turns, ...extra },
  file: 'dialogs/tests/news.yaml',
  line: 3,
  turnLines: turns.map((_t, i) => 5 + i * 3),
});

const run = async (turns: Turn[], extra: Partial<LoadedConversation['conversation']> = {}) =>
  formatResult({ ...(await runConversation(conversation(turns, extra), bot)), ms: 0 });

describe('running a conversation test', () => {
  it('passes when lines, patterns, buttons, the ask and the stored data match', async () => {
    const out = await run(
      [
        {
          start: 'news',
          bot: '/may say no/',
          buttons: ['Why?', 'No thanks'],
          ask: { item: 'email', purpose: 'news', kind: 'ask' },
        },
        { customer: 'a@b.test', bot: ['Thanks, saved a•••@b.test.', 'Subscribed.'], ask: false },
      ],
      {
        stored: [{ item: 'email', value: 'a@b.test', purposes: ['news'] }],
        ledger: ['asked email news', 'granted email news'],
      },
    );
    expect(out).toBe('✓ subscribes  (0 ms)');
  });

  it.each([
    {
      name: 'a line that differs, with where',
      turns: [
        { start: 'news' },
        { customer: 'a@b.test', bot: ['Thanks, saved a•••@b.test.', 'Subscribed!'] },
      ],
      want: [
        '✗ subscribes  (dialogs/tests/news.yaml:3)',
        '    turn 2 (dialogs/tests/news.yaml:8): the bot said something else (- expected, + actual):',
        '        Thanks, saved a•••@b.test.',
        '      - Subscribed!',
        '      + Subscribed.',
        '        first difference at character 11: expected “!”, got “.”',
      ],
    },
    {
      name: 'a missing line',
      turns: [{ customer: 'a@b.test', bot: 'Thanks, saved a•••@b.test.' }],
      want: [
        '✗ subscribes  (dialogs/tests/news.yaml:3)',
        '    turn 1 (dialogs/tests/news.yaml:5): the bot said something else (- expected, + actual):',
        '        Thanks, saved a•••@b.test.',
        '      + Subscribed.',
      ],
    },
    {
      name: 'a pattern that does not match',
      turns: [{ start: 'news', bot: '/phone number/' }],
      want: [
        '✗ subscribes  (dialogs/tests/news.yaml:3)',
        '    turn 1 (dialogs/tests/news.yaml:5): the bot said something else (- expected, + actual):',
        '      - /phone number/',
        '      + May I have your email? You may say no.',
      ],
    },
    {
      name: 'other buttons',
      turns: [{ start: 'news', buttons: ['Why?'] }],
      want: [
        '✗ subscribes  (dialogs/tests/news.yaml:3)',
        '    turn 1 (dialogs/tests/news.yaml:5): other buttons (- expected, + actual):',
        '      - [Why?]',
        '      + [Why?] [No thanks]',
      ],
    },
    {
      name: 'another ask',
      turns: [{ start: 'news', ask: { item: 'email', purpose: 'news', required: true } }],
      want: [
        '✗ subscribes  (dialogs/tests/news.yaml:3)',
        '    turn 1 (dialogs/tests/news.yaml:5): another ask (- expected, + actual):',
        '      - ask email for news (required)',
        '      + ask email for news (optional)',
      ],
    },
    {
      name: 'an ask where none was expected',
      turns: [{ start: 'news', ask: false as const }],
      want: [
        '✗ subscribes  (dialogs/tests/news.yaml:3)',
        '    turn 1 (dialogs/tests/news.yaml:5): the bot asked for something (- expected, + actual):',
        '      - no ask',
        '      + ask email for news (optional)',
      ],
    },
  ])('reports $name', async ({ turns, want }) => {
    expect((await run(turns)).split('\n')).toEqual(want);
  });

  it('reports other stored data and another ledger at the end', async () => {
    const out = await run([{ start: 'news' }], {
      stored: [{ item: 'email', value: 'x@b.test' }],
      ledger: ['asked email news'],
    });
    expect(out.split('\n')).toEqual([
      '✗ subscribes  (dialogs/tests/news.yaml:3)',
      '    other data stored (- expected, + actual):',
      '      - email = x@b.test',
      '      + email = a@b.test',
      '        first difference at character 9: expected “x@b.test”, got “a@b.test”',
      '    another consent ledger (- expected, + actual):',
      '        asked email news',
      '      + granted email news',
    ]);
  });

  it('diffs lines one by one', () => {
    expect(diffLines(['a', '/b+/', 'c'], ['a', 'bbb'])).toEqual(['  a', '  bbb', '- c']);
  });

  it('sums up and names journeys no conversation goes through', () => {
    const r = { name: 'x', file: 'f', line: 1, failures: [], journeys: ['news'], ms: 5 };
    expect(formatSummary([r], ['news', 'callback'], 1234)).toBe(
      '✓ 1 passed, 0 failed (1.23 s)\nwarning: no conversation test goes through callback',
    );
  });
});
