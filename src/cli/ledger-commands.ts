/**
 * `justask ledger verify [--subject <id>]`: checks the consent ledger's hash chains on the
 * configured store (the same environment as `npm start`) and the text hashes of its records
 * against the notice archive; prints every break and exits 1 when there is one.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../app/config.ts';
import { openStore } from '../app/create-app.ts';
import { loadKeys } from '../app/keys.ts';
import { createLedgerAudit, suppressionKeyer, type LedgerAuditReport } from '../consent/index.ts';
import { readNoticeArchive, type NoticeArchive } from '../map/index.ts';

interface VerifyOptions {
  readonly dialogs: string;
  readonly subject?: string;
}

/** Reads each notice version's archive once, from DATA_DIR's archive, then the map's. */
function archiveReader(dirs: readonly string[]): (version: string) => NoticeArchive | undefined {
  const cache = new Map<string, NoticeArchive | undefined>();
  return (version) => {
    if (!cache.has(version)) cache.set(version, readNoticeArchive(dirs, version));
    return cache.get(version);
  };
}

/** The report as lines: one per break, then the totals. */
export function verifyLines(r: LedgerAuditReport): string[] {
  const lines = r.broken.flatMap((s) =>
    s.breaks.map((b) => `BROKEN ${s.subject} ${b.kind}${b.seq ? ` at seq ${b.seq}` : ''}: ${b.detail}`),
  );
  lines.push(
    `checked ${r.subjects} subject(s), ${r.records} record(s)` +
      (r.unchained ? ` (${r.unchained} from before chaining, not checked)` : '') +
      `: ${r.broken.length === 0 ? 'every chain is intact' : `${r.broken.length} subject(s) with a break`}`,
  );
  lines.push(`${r.erased} erased subject(s): their chains were deleted whole; a receipt of each is kept`);
  if (r.unarchived.length > 0)
    lines.push(`texts not checked, no archive of notice version(s): ${r.unarchived.join(', ')}`);
  lines.push(`root ${r.root}`);
  return lines;
}

export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('the consent ledger');
  ledger
    .command('verify')
    .description('check every subject’s hash chain (or one subject’s) and the text hashes of its records')
    .option('--dialogs <dir>', 'the dialogue map folder', process.env.DIALOGS_DIR ?? './dialogs')
    .option('--subject <id>', 'only this pseudonymous subject')
    .action(async (o: VerifyOptions) => {
      const cfg = loadConfig({ ...process.env, DIALOGS_DIR: resolve(o.dialogs) });
      const keys = loadKeys(cfg, pino({ level: 'warn' }));
      const store = await openStore(cfg);
      try {
        const audit = createLedgerAudit({
          store,
          suppressionKey: suppressionKeyer(keys.subjectKey),
          archiveOf: archiveReader([
            join(cfg.DATA_DIR, 'notice-archive'),
            join(cfg.DIALOGS_DIR, 'notice-archive'),
          ]),
        });
        const report = await audit.verify(o.subject === undefined ? {} : { subject: o.subject });
        for (const line of verifyLines(report)) console.log(line);
        if (report.broken.length > 0) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
