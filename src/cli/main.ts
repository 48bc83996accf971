/** `npx justask <command>`: the dialogue map's tools for designers, legal and operators. */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { registerMapCommands } from './map-commands.ts';
import { registerChatCommand } from './chat-command.ts';
import { registerDocCommands } from './doc-commands.ts';
import { registerTestCommand } from './test-command.ts';
import { registerOpsCommands } from './ops-commands.ts';
import { registerLedgerCommands } from './ledger-commands.ts';

// The same environment as `npm start`: a .env file in the working folder is read first.
if (existsSync('.env')) process.loadEnvFile('.env');

const program = new Command('justask').description('justask: just-in-time, purpose-bound data collection');
registerMapCommands(program);
registerDocCommands(program);
registerChatCommand(program);
registerTestCommand(program);
registerOpsCommands(program);
registerLedgerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  console.error(`justask: ${(e as Error).message}`);
  process.exitCode = 1;
}
