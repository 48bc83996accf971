/** The embedded store: every port on one SQLite file (better-sqlite3, WAL, synchronous). */
import Database from 'better-sqlite3';
import { guarded } from '../errors.ts';
import type { ConversationRefStore, LeaseStore, LedgerStore, Store } from '../ports.ts';
import { LedgerRecord } from '../records.ts';
import { sqliteAuditLog, sqliteAuditRetention } from './audit.sqlite.ts';
import { sqliteHeldItems } from './held-items.sqlite.ts';
import { sqliteAnalytics, sqlitePendingAsks } from './analytics.sqlite.ts';
import { migrate } from './migrate.ts';
import { migrateNotices, sqliteNotices } from './notices.sqlite.ts';
import { protectDataFiles, protectSidecars } from './file-modes.ts';
import { migrateState, sqliteState } from './state.sqlite.ts';
import {
  migrateRetention,
  sqliteAnalyticsRetention,
  sqliteLedgerRetention,
  sqliteRefRetention,
} from './retention.sqlite.ts';
import { ledgerWriter, migrateTurns, sqliteTurns } from './turns.sqlite.ts';
import { migrateSuppressions, sqliteChains, sqliteSuppressions } from './chains.sqlite.ts';
import { migrateOutbox, outboxWriter, sqliteOutbox } from './outbox.sqlite.ts';
import { configure } from './connection.ts';
import { groupCommitter } from './group-commit.ts';
import type { OutboxWrite } from '../outbox-records.ts';

type Db = Database.Database;

function ledger(db: Db): LedgerStore {
  // Appends go through the writer that keeps each subject's ask-history summary.
  const writer = ledgerWriter(db);
  const outbox = outboxWriter(db);
  // The events a change causes are written with its record, or not at all.
  const appendOne = db.transaction((r: LedgerRecord, o?: OutboxWrite) => {
    const n = writer.append([r]);
    if (n > 0 && o) outbox(o);
    return n;
  });
  return {
    append: (r, o) =>
      // IMMEDIATE: the head is read under the write lock, so another process waits rather than forks the chain.
      guarded('append to the consent ledger', () =>
        appendOne.immediate(r, o) > 0 ? 'appended' : 'duplicate',
      ),
    forSubject: (subject) =>
      guarded('read the consent ledger', () =>
        writer.selectLedger.all(subject).map((r) => LedgerRecord.parse(JSON.parse(r.doc))),
      ),
  };
}

function refs(db: Db): ConversationRefStore {
  const upsert = db.prepare<[string, string, number]>(
    'INSERT INTO conversation_refs (subject, doc, updated_at) VALUES (?, ?, ?) ON CONFLICT (subject) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at',
  );
  const select = db.prepare<[string], { doc: string }>('SELECT doc FROM conversation_refs WHERE subject = ?');
  const del = db.prepare<[string]>('DELETE FROM conversation_refs WHERE subject = ?');
  const scanFrom = db.prepare<[string, number], { subject: string; doc: string }>(
    'SELECT subject, doc FROM conversation_refs WHERE subject > ? ORDER BY subject LIMIT ?',
  );
  const cas = db.prepare<[string, string, string]>(
    'UPDATE conversation_refs SET doc = ? WHERE subject = ? AND doc = ?',
  );
  return {
    delete: (subject) => guarded('delete the conversation reference', () => void del.run(subject)),
    scan: (after, limit) =>
      guarded('scan conversation references', () =>
        scanFrom
          .all(after ?? '', limit)
          .map((r) => ({ subject: r.subject, ref: JSON.parse(r.doc) as Record<string, unknown> })),
      ),
    replace: (subject, expected, ref) =>
      guarded(
        'replace the conversation reference',
        () => cas.run(JSON.stringify(ref), subject, JSON.stringify(expected)).changes > 0,
      ),
    save: (subject, ref, at) =>
      guarded(
        'save the conversation reference',
        () => void upsert.run(subject, JSON.stringify(ref), at.getTime()),
      ),
    get: (subject) =>
      guarded('read the conversation reference', () => {
        const row = select.get(subject);
        return row ? (JSON.parse(row.doc) as Record<string, unknown>) : undefined;
      }),
  };
}

function leases(db: Db): LeaseStore {
  const take = db.prepare<[string, string, number, number]>(
    `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
  );
  const drop = db.prepare<[string, string]>('DELETE FROM leases WHERE name = ? AND holder = ?');
  return {
    acquire: (name, holder, now, until) =>
      guarded('take the lease', () => take.run(name, holder, until.getTime(), now.getTime()).changes > 0),
    release: (name, holder) => guarded('release the lease', () => void drop.run(name, holder)),
  };
}

/** Opens (creating if needed) the SQLite store at `file`. */
export function openSqliteStore(file: string): Store {
  const onDisk = file !== ':memory:';
  if (onDisk) protectDataFiles(file);
  const db = configure(new Database(file));
  migrate(db);
  migrateNotices(db);
  migrateState(db);
  migrateRetention(db);
  migrateTurns(db);
  migrateSuppressions(db);
  migrateOutbox(db);
  if (onDisk) protectSidecars(file);
  // Turns, delivered events and uses share one group commit: one fsync for all that arrive together.
  const commit = groupCommitter(db);
  return {
    kind: 'sqlite',
    audit: { ...sqliteAuditLog(db), ...sqliteAuditRetention(db) },
    items: sqliteHeldItems(db, commit),
    ledger: { ...ledger(db), ...sqliteLedgerRetention(db), ...sqliteChains(db) },
    suppressions: sqliteSuppressions(db),
    refs: { ...refs(db), ...sqliteRefRetention(db) },
    notices: sqliteNotices(db),
    state: sqliteState(db),
    leases: leases(db),
    analytics: { ...sqliteAnalytics(db), ...sqliteAnalyticsRetention(db) },
    pendingAsks: sqlitePendingAsks(db),
    outbox: sqliteOutbox(db, commit),
    turns: sqliteTurns(db, commit),
    ping: () => guarded('answer a ping', () => void db.prepare('SELECT 1').get()),
    // Copies the log into the database (whose deleted rows are zeroed) and empties the log file.
    scrub: () => guarded('scrub deleted data', () => void db.pragma('wal_checkpoint(TRUNCATE)')),
    close: () => Promise.resolve(void (db.open && db.close())),
  };
}
