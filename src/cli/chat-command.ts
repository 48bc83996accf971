/**
 * `justask chat`: a terminal simulator running the real bot in-process — same texts, validation
 * and storage — on a throw-away SQLite store in a temp folder unless `--data DIR` is given.
 */
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createLocalBot } from '../app/local-bot.ts';
import { toLocale } from '../map/index.ts';
import { runChatSession } from './chat-session.ts';
import { loadOrReport } from './doc-commands.ts';
import { withMapOptions, type MapOptions } from './map-commands.ts';

interface ChatOptions extends MapOptions {
  readonly journey?: string;
  readonly locale: string;
  readonly data?: string;
  readonly user: string;
}

export function registerChatCommand(program: Command): void {
  withMapOptions(program.command('chat'))
    .description('try the bot in the terminal: the real runtime, texts, validation and storage')
    .option('--journey <id>', 'start this journey right away')
    .option('--locale <tag>', 'the customer’s language: en, nl, fr, de (or a tag such as nl-BE)', 'en')
    .option('--data <dir>', 'keep the store in this folder (default: a throw-away temp folder)')
    .option('--user <id>', 'the customer’s user id (with --data, the same id finds earlier data)', 'designer')
    .action(async (o: ChatOptions) => {
      const loaded = loadOrReport(o);
      if (!loaded) return;
      const bot = createLocalBot({
        dialogsDir: o.dialogs,
        localesDir: o.locales,
        ...(o.data ? { dataDir: o.data } : {}),
        loaded,
      });
      const tty = Boolean(process.stdin.isTTY);
      const rl = createInterface({
        input: process.stdin,
        ...(tty ? { output: process.stdout, prompt: 'you › ' } : {}),
      });
      const chat = bot.conversation(o.user, o.locale);
      const store = o.data ? resolve(o.data) : 'a throw-away temp folder';
      const out = (s: string) => process.stdout.write(s);
      out(
        `justask chat · notice ${bot.map.noticeVersion} · ${toLocale(o.locale)} · store in ${store} · /help for commands\n`,
      );
      const lines = (async function* () {
        if (tty) rl.prompt();
        for await (const line of rl) {
          yield line;
          if (tty) rl.prompt();
        }
      })();
      try {
        await runChatSession(
          {
            say: (t) => chat.say(t),
            start: (j) => chat.start(j),
            stored: () => bot.stored(o.user),
            ledger: () => bot.ledger(o.user),
          },
          o.journey ? chat.start(o.journey) : chat.join(),
          { lines, write: out, echo: !tty, color: Boolean(process.stdout.isTTY) },
        );
      } finally {
        rl.close();
        await bot.close();
      }
    });
}
