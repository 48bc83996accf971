/**
 * The ledger's chain heads and the suppressions erasure keeps, on SQLite. Erasing a subject's
 * consent history (its ledger records, chain head and ask-history summary) and storing what
 * must stay of it is one transaction: a reader sees either all of the history or the
 * suppression alone.
 */
import type Database from 'better-sqlite3';
import { writeTransaction } from './connection.ts';
import { guarded } from '../errors.ts';
import type { LedgerChains, SuppressionStore } from '../ports.ts';
import { Suppression } from '../records.ts';

type Db = Database.Database;

export function migrateSuppressions(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS suppressions (key TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`);
}

export function sqliteChains(db: Db): LedgerChains {
  const subjects = db.prepare<[string, string, number], { subject: string }>(
    `SELECT subject FROM (SELECT DISTINCT subject FROM ledger WHERE subject > ?
       UNION SELECT subject FROM ledger_heads WHERE subject > ?) ORDER BY subject LIMIT ?`,
  );
  const head = db.prepare<[string], { seq: number; hash: string }>(
    'SELECT seq, hash FROM ledger_heads WHERE subject = ?',
  );
  const dropHead = db.prepare<[string]>('DELETE FROM ledger_heads WHERE subject = ?');
  return {
    dropChainHead: (subject) => guarded('drop a ledger chain head', () => void dropHead.run(subject)),
    chainSubjects: (after, limit) =>
      guarded('list the ledger chains', () =>
        subjects.all(after ?? '', after ?? '', limit).map((r) => r.subject),
      ),
    chainHead: (subject) =>
      guarded('read a ledger chain head', () => {
        const row = head.get(subject);
        return row ? { seq: row.seq, hash: row.hash } : undefined;
      }),
  };
}

export function sqliteSuppressions(db: Db): SuppressionStore {
  const select = db.prepare<[string], { doc: string }>('SELECT doc FROM suppressions WHERE key = ?');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO suppressions (key, doc) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc',
  );
  const scanFrom = db.prepare<[string, number], { doc: string }>(
    'SELECT doc FROM suppressions WHERE key > ? ORDER BY key LIMIT ?',
  );
  const delLedger = db.prepare<[string]>('DELETE FROM ledger WHERE subject = ?');
  const delHead = db.prepare<[string]>('DELETE FROM ledger_heads WHERE subject = ?');
  const delSummary = db.prepare<[string]>('DELETE FROM ask_summaries WHERE subject = ?');
  const erase = writeTransaction(db, (subject: string, s: Suppression) => {
    upsert.run(s.key, JSON.stringify(s));
    delHead.run(subject);
    delSummary.run(subject);
    return delLedger.run(subject).changes;
  });
  return {
    get: (key) =>
      guarded('read a suppression', () => {
        const row = select.get(key);
        return row ? Suppression.parse(JSON.parse(row.doc)) : undefined;
      }),
    eraseHistory: (subject, suppression) =>
      guarded('erase the consent history', () => erase(subject, suppression)),
    scan: (after, limit) =>
      guarded('scan suppressions', () =>
        scanFrom.all(after ?? '', limit).map((r) => Suppression.parse(JSON.parse(r.doc))),
      ),
  };
}
