/**
 * Records retention on SQLite: the ledger's old records per subject, references not saved for
 * their retention, and the counters of old days. Each delete is one statement (atomic), so a
 * turn writing meanwhile keeps what it wrote. The audit log's delete lives with its trigger
 * (audit.sqlite.ts).
 */
import type { Database } from 'better-sqlite3';
import { guarded } from '../errors.ts';
import type { AnalyticsRetention, LedgerRetention, RefRetention } from '../ports.ts';

/** The indexes retention reads by: ledger records by time, references by their last save. */
export function migrateRetention(db: Database): void {
  db.exec(`
    CREATE INDEX IF NOT EXISTS ledger_at ON ledger (at, subject);
    CREATE INDEX IF NOT EXISTS conversation_refs_updated ON conversation_refs (updated_at);
  `);
}

export function sqliteLedgerRetention(db: Database): LedgerRetention {
  const subjects = db.prepare<[number, string, number], { subject: string }>(
    'SELECT DISTINCT subject FROM ledger WHERE at < ? AND subject > ? ORDER BY subject LIMIT ?',
  );
  const del = db.prepare<[string, number, string]>(
    'DELETE FROM ledger WHERE subject = ? AND at < ? AND id NOT IN (SELECT value FROM json_each(?))',
  );
  return {
    subjectsBefore: (before, after, limit) =>
      guarded('find old consent-ledger records', () =>
        subjects.all(before.getTime(), after ?? '', limit).map((r) => r.subject),
      ),
    deleteBefore: (subject, before, keep) =>
      guarded(
        'delete old consent-ledger records',
        () => del.run(subject, before.getTime(), JSON.stringify(keep)).changes,
      ),
  };
}

export function sqliteRefRetention(db: Database): RefRetention {
  const del = db.prepare<[number, number]>(
    `DELETE FROM conversation_refs WHERE subject IN
       (SELECT subject FROM conversation_refs WHERE updated_at < ? ORDER BY updated_at LIMIT ?)`,
  );
  return {
    deleteWrittenBefore: (before, limit) =>
      guarded('delete old conversation references', () => del.run(before.getTime(), limit).changes),
  };
}

export function sqliteAnalyticsRetention(db: Database): AnalyticsRetention {
  // The primary key starts with `day`: the old days are one range of it.
  const del = db.prepare<[string]>('DELETE FROM ask_counts WHERE day < ?');
  return {
    deleteDaysBefore: (day) => guarded('delete old ask counts', () => del.run(day).changes),
  };
}
