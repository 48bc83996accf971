/** Give-back notices waiting to be retried, on SQLite: one row per notice, indexed by retry time. */
import type Database from 'better-sqlite3';
import { guarded } from '../errors.ts';
import type { NoticeStore } from '../ports.ts';
import { PendingNotice } from '../records.ts';

/** Creates the table (a no-op when it exists). */
export function migrateNotices(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS giveback_notices (
      id TEXT PRIMARY KEY,
      subject TEXT NOT NULL,
      next_at INTEGER NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS giveback_notices_next ON giveback_notices (next_at);
    CREATE INDEX IF NOT EXISTS giveback_notices_subject ON giveback_notices (subject);
  `);
}

export function sqliteNotices(db: Database.Database): NoticeStore {
  const upsert = db.prepare<[string, string, number, string]>(
    `INSERT INTO giveback_notices (id, subject, next_at, doc) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET next_at = excluded.next_at, doc = excluded.doc`,
  );
  const selectDue = db.prepare<[number, number], { doc: string }>(
    'SELECT doc FROM giveback_notices WHERE next_at <= ? ORDER BY next_at, id LIMIT ?',
  );
  const del = db.prepare<[string]>('DELETE FROM giveback_notices WHERE id = ?');
  const delSubject = db.prepare<[string]>('DELETE FROM giveback_notices WHERE subject = ?');
  return {
    put: (n) =>
      guarded(
        'keep the give-back notice',
        () => void upsert.run(n.id, n.subject, n.nextAt.getTime(), JSON.stringify(n)),
      ),
    due: (now, limit) =>
      guarded('find notices to retry', () =>
        selectDue.all(now.getTime(), limit).map((r) => PendingNotice.parse(JSON.parse(r.doc))),
      ),
    delete: (id) => guarded('forget the give-back notice', () => void del.run(id)),
    deleteSubject: (subject) =>
      guarded('forget the subject’s give-back notices', () => void delSubject.run(subject)),
  };
}
