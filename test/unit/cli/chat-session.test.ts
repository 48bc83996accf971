/** The terminal simulator on the real bot in-process: replies, buttons, the ask metadata, commands. */
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBot, type LocalBot } from '../../../src/app/local-bot.ts';
import { runChatSession } from '../../../src/cli/chat-session.ts';

let bot: LocalBot | undefined;
afterEach(() => bot?.close());

async function transcript(lines: string[], journey?: string, locale = 'en'): Promise<string[]> {
  bot = createLocalBot({ dialogsDir: resolve('test/fixtures/tiny'), localesDir: resolve('locales') });
  const local = bot;
  const chat = local.conversation('ann', locale);
  let out = '';
  await runChatSession(
    {
      say: (t) => chat.say(t),
      start: (j) => chat.start(j),
      stored: () => local.stored('ann'),
      ledger: () => local.ledger('ann'),
    },
    journey ? chat.start(journey) : chat.join(),
    {
      lines: (function* () {
        yield* lines;
      })(),
      write: (s) => (out += s),
      echo: true,
      color: false,
    },
  );
  return out.split('\n');
}

describe('justask chat', () => {
  it('shows replies, buttons as [Why?] [No thanks], the ask it carries, and what is stored', async () => {
    const out = await transcript(['ann@example.org', '/held', '/ledger', '/quit', 'never read'], 'news');
    expect(out[0]).toMatch(/^bot › To send news \(en\): what's your email \(en\)\?/);
    expect(out[1]).toMatch(/^ {6}\[Why\?\] \[No thanks\]/);
    expect(out.slice(2)).toEqual([
      '      ↳ ask email for news (optional) · news › ask',
      'you › ann@example.org',
      "bot › Thanks, I've saved your email (en) (a•••@example.org) for the news (en).",
      'bot › Subscribed a•••@example.org (en)',
      'you › /held',
      'email = a•••@example.org for news',
      'you › /ledger',
      'asked email news',
      'granted email news',
      'you › /quit',
      '',
    ]);
  });

  it('welcomes in the chosen language and starts a journey on /start', async () => {
    const out = await transcript(['/start news', 'Nee, bedankt'], undefined, 'nl-NL');
    expect(out[0]).toMatch(/^bot › Hoi!/);
    expect(out[1]).toBe('      [News (nl)] [Wat weten jullie over mij?]');
    expect(out).toContain('bot › Not subscribed (nl)');
    expect(out).toContain('      ↳ ask email for news (optional) · news › ask');
  });
});
