/**
 * Operator commands on the configured store (the same environment as `npm start`):
 * `giveback [--dry-run]` runs one give-back sweep, then expires idle bot state; `rotate-key` re-encrypts every held value
 * under the first key of DATA_KEY.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../app/config.ts';
import { createApp } from '../app/create-app.ts';
import { createCipher } from '../consent/index.ts';
import { loadKeys } from '../app/keys.ts';

interface OpsOptions {
  readonly dialogs: string;
}

async function withApp<T>(
  o: OpsOptions,
  fn: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>,
): Promise<T> {
  const cfg = loadConfig({ ...process.env, DIALOGS_DIR: resolve(o.dialogs), GIVEBACK_EVERY_MINUTES: '0' });
  const app = await createApp(cfg, { log: pino({ level: 'warn' }) });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

export function registerOpsCommands(program: Command): void {
  program
    .command('giveback')
    .description(
      'give back data past its retention or unused past its purpose’s give-back-after, and tell the customers',
    )
    .option('--dialogs <dir>', 'the dialogue map folder', process.env.DIALOGS_DIR ?? './dialogs')
    .option('--dry-run', 'report what would be given back, change nothing', false)
    .action(async (o: OpsOptions & { dryRun: boolean }) => {
      const { report, state } = await withApp(o, async (app) => {
        const report = await app.giveBack.sweep({ dryRun: o.dryRun });
        if (o.dryRun) return { report };
        if (report.items > 0) await app.store.scrub();
        return { report, state: await app.stateExpiry.sweep() };
      });
      if (!report.ran) console.log('another instance holds the give-back lease; nothing done');
      const verb = o.dryRun ? 'would give back' : 'gave back';
      console.log(
        `${verb}: ${report.givenBack} unused and ${report.expired} expired grant(s) on ${report.items} item(s); ` +
          `${report.deleted} item(s) ${o.dryRun ? 'would be ' : ''}deleted; ${report.notified} customer(s) told`,
      );
      if (state && !state.ran) console.log('another instance holds the state-expiry lease; no state expired');
      else if (state) console.log(`expired the bot state of ${state.deleted} idle conversation(s)`);
    });
  program
    .command('rotate-key')
    .description(
      're-encrypt every held value under the first key of DATA_KEY (older keys stay listed to read)',
    )
    .option('--dialogs <dir>', 'the dialogue map folder', process.env.DIALOGS_DIR ?? './dialogs')
    .action(async (o: OpsOptions) => {
      const cfg = loadConfig(process.env);
      const keys = loadKeys(cfg, pino({ level: 'warn' }));
      const cipher = createCipher(keys.dataKeys);
      const current = keys.dataKeys[0]?.id;
      const counts = await withApp(o, async (app) => {
        let after: { subject: string; item: string } | undefined;
        let seen = 0;
        let rotated = 0;
        for (;;) {
          const page = await app.store.items.scan(after, 500);
          if (page.length === 0) return { seen, rotated };
          for (const h of page) {
            seen++;
            if (h.value.kid === current) continue;
            if (await app.store.items.setValue(h.subject, h.item, cipher.encrypt(cipher.decrypt(h.value))))
              rotated++;
          }
          const last = page.at(-1);
          after = last && { subject: last.subject, item: last.item };
        }
      });
      console.log(
        `re-encrypted ${counts.rotated} of ${counts.seen} held value(s) under key ${current ?? ''}`,
      );
    });
}
