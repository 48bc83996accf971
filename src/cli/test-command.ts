/**
 * `justask test`: runs the designers' conversation tests (`<dialogs>/tests/*.yaml`) against the
 * real bot in-process, prints a diff for every line that doesn't match, and exits 1 on a failure.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { createLocalBot } from '../app/local-bot.ts';
import {
  formatResult,
  formatSummary,
  loadConversationTests,
  runConversation,
} from '../dialog-tests/index.ts';
import { formatProblem, hasErrors } from '../map/index.ts';
import { loadOrReport } from './doc-commands.ts';
import { withMapOptions, type MapOptions } from './map-commands.ts';

interface TestOptions extends MapOptions {
  readonly tests?: string;
  readonly filter?: string;
}

export function registerTestCommand(program: Command): void {
  withMapOptions(program.command('test'))
    .description('run the conversation tests in <dialogs>/tests against the real bot')
    .option('--tests <dir>', 'the tests folder (default: <dialogs>/tests)')
    .option('--filter <text>', 'only conversations whose name contains this text')
    .action(async (o: TestOptions) => {
      const started = performance.now();
      const loaded = loadOrReport(o);
      if (!loaded) return;
      const tests = loadConversationTests(o.tests ?? join(o.dialogs, 'tests'), loaded.map);
      for (const p of tests.problems) console.log(formatProblem(p));
      if (hasErrors(tests.problems)) {
        process.exitCode = 1;
        return;
      }
      const chosen = tests.conversations.filter((c) => !o.filter || c.conversation.name.includes(o.filter));
      const bot = createLocalBot({
        dialogsDir: o.dialogs,
        localesDir: o.locales,
        loaded,
        actions: 'scripted',
      });
      const results = [];
      try {
        for (const c of chosen) {
          const r = await runConversation(c, bot);
          console.log(formatResult(r));
          results.push(r);
        }
      } finally {
        await bot.close();
      }
      console.log(
        formatSummary(results, o.filter ? [] : [...loaded.map.journeys.keys()], performance.now() - started),
      );
      if (results.some((r) => r.failures.length > 0)) process.exitCode = 1;
    });
}
