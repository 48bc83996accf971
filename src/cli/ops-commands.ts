/**
 * Operator commands on the configured store (the same environment as `npm start`):
 * `giveback [--dry-run]` runs one give-back sweep, then expires idle bot state and deletes the
 * records past their retention (the map's `records:`, AUDIT_RETENTION); `rotate-key`
 * re-encrypts every sealed field (held values, conversation references) under the first key of
 * DATA_KEY and counts each.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../app/config.ts';
import { createApp } from '../app/create-app.ts';
import {
  consentSealedCollections,
  createCipher,
  rotateKeys,
  type RetentionReport,
  type RotationCount,
} from '../consent/index.ts';
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
      const { report, state, retention } = await withApp(o, async (app) => {
        const report = await app.giveBack.sweep({ dryRun: o.dryRun });
        if (o.dryRun) return { report };
        if (report.items > 0) await app.store.scrub();
        return { report, state: await app.stateExpiry.sweep(), retention: await app.retention.sweep() };
      });
      if (!report.ran) console.log('another instance holds the give-back lease; nothing done');
      const verb = o.dryRun ? 'would give back' : 'gave back';
      console.log(
        `${verb}: ${report.givenBack} unused and ${report.expired} expired grant(s) on ${report.items} item(s); ` +
          `${report.deleted} item(s) ${o.dryRun ? 'would be ' : ''}deleted; ${report.notified} customer(s) told`,
      );
      if (report.noticesFailed + report.noticesAbandoned + report.failed > 0)
        console.log(
          `${report.noticesFailed} notice(s) not delivered (retried next run), ` +
            `${report.noticesAbandoned} given up; ${report.failed} item(s) failed (retried next run)`,
        );
      if (state && !state.ran) console.log('another instance holds the state-expiry lease; no state expired');
      else if (state) console.log(`expired the bot state of ${state.deleted} idle conversation(s)`);
      if (retention) console.log(retentionLine(retention));
    });
  program
    .command('rotate-key')
    .description(
      're-encrypt every sealed field (held values, waiting event values, conversation references, bot state) under the first key of DATA_KEY',
    )
    .option('--dialogs <dir>', 'the dialogue map folder', process.env.DIALOGS_DIR ?? './dialogs')
    .action(async (o: OpsOptions) => {
      const keys = loadKeys(loadConfig(process.env), pino({ level: 'warn' }));
      const cipher = createCipher(keys.dataKeys);
      const counts = await withApp(o, (app) => rotateKeys(cipher, consentSealedCollections(app.store)));
      for (const line of rotationLines(cipher.currentKid, counts)) console.log(line);
      if (counts.some((c) => c.unreadable > 0)) process.exitCode = 1;
    });
}

/** What the records-retention sweep deleted. */
function retentionLine(r: RetentionReport): string {
  if (!r.ran) return 'another instance holds the records-retention lease; no records deleted';
  return (
    `past their retention: deleted ${r.references} conversation reference(s), ` +
    `${r.ledgerRecords} consent-ledger record(s) (${r.ledgerSubjects} subject(s) checked), ` +
    `${r.analyticsCounters} opt-in counter(s), ${r.auditEntries} audit entr(y/ies), ` +
    `${r.givenUpEvents} given-up event(s)`
  );
}

/** What rotate-key did, one line per sealed collection, and what to do about unreadable entries. */
function rotationLines(kid: string, counts: readonly RotationCount[]): string[] {
  const lines = counts.map(
    (c) =>
      `${c.name}: re-encrypted ${c.rotated} of ${c.seen} under key ${kid}` +
      (c.changed ? `; ${c.changed} changed meanwhile, left as written (run again to check)` : '') +
      (c.unreadable ? `; ${c.unreadable} unreadable` : ''),
  );
  if (counts.some((c) => c.unreadable > 0))
    lines.push(
      'some entries no listed key opens: keep every older key in DATA_KEY until rotate-key reports none',
    );
  return lines;
}
