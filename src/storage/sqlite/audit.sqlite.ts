/**
 * The audit log on SQLite: one row per entry, read newest first by (at, id). Triggers refuse
 * every UPDATE, and every DELETE except the retention sweep's: `deleteBefore` writes its cutoff
 * to `audit_retention`, deletes the entries older than it and removes the cutoff, in one
 * transaction, so outside that transaction no entry can be deleted, and inside it only older
 * ones. (A guard against code that forgets the port, not against someone who can write the file.)
 */
import type { Database } from 'better-sqlite3';
import { writeTransaction } from './connection.ts';
import { guarded } from '../errors.ts';
import type { AuditLogStore, AuditRetention } from '../ports.ts';
import { AuditEntry, auditPage, cursorPosition, type AuditQuery } from '../audit-records.ts';

/** Creates the audit table, its indexes and its append-only triggers (a no-op when they exist). */
export function migrateAuditLog(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS audit_log (
      id TEXT PRIMARY KEY,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at, id);
    CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor, at);
    CREATE INDEX IF NOT EXISTS audit_log_action ON audit_log (action, at);
    CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TABLE IF NOT EXISTS audit_retention (
      one INTEGER PRIMARY KEY CHECK (one = 1),
      cutoff INTEGER NOT NULL
    );
    DROP TRIGGER IF EXISTS audit_log_no_delete;
    CREATE TRIGGER IF NOT EXISTS audit_log_retention_only BEFORE DELETE ON audit_log
      WHEN NOT EXISTS (SELECT 1 FROM audit_retention WHERE cutoff > OLD.at)
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: only entries past their retention go'); END;
  `);
}

/** The WHERE clause and its parameters for a query's filters and cursor. */
function where(q: AuditQuery): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (q.from) add('at >= ?', q.from.getTime());
  if (q.to) add('at < ?', q.to.getTime());
  if (q.actor !== undefined) add('actor = ?', q.actor);
  if (q.action !== undefined) add('action = ?', q.action);
  const after = cursorPosition(q);
  if (after) add('(at < ? OR (at = ? AND id < ?))', after.at, after.at, after.id);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Deletes entries older than a cutoff, the one delete the triggers let through (see the header). */
export function sqliteAuditRetention(db: Database): AuditRetention {
  const open = db.prepare<[number]>('INSERT OR REPLACE INTO audit_retention (one, cutoff) VALUES (1, ?)');
  const del = db.prepare<[number, number]>(
    'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY at, id LIMIT ?)',
  );
  const shut = db.prepare('DELETE FROM audit_retention');
  const deleteBefore = writeTransaction(db, (before: number, limit: number) => {
    open.run(before);
    const n = del.run(before, limit).changes;
    shut.run();
    return n;
  });
  return {
    deleteBefore: (before, limit) =>
      guarded('delete old audit entries', () => deleteBefore(before.getTime(), limit)),
  };
}

export function sqliteAuditLog(db: Database): AuditLogStore {
  const insert = db.prepare<[string, number, string, string, string]>(
    'INSERT INTO audit_log (id, at, actor, action, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  );
  return {
    append: (e) =>
      guarded('append to the audit log', () =>
        insert.run(e.id, e.at.getTime(), e.actor, e.action, JSON.stringify(e)).changes > 0
          ? 'appended'
          : 'duplicate',
      ),
    query: async (q) => {
      const { sql, params } = where(q);
      return await guarded('read the audit log', () => {
        const rows = db
          .prepare<(string | number)[], { doc: string }>(
            `SELECT doc FROM audit_log ${sql} ORDER BY at DESC, id DESC LIMIT ?`,
          )
          .all(...params, q.limit + 1);
        return auditPage(
          rows.map((r) => AuditEntry.parse(JSON.parse(r.doc))),
          q.limit,
        );
      });
    },
  };
}
