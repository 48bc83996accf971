/**
 * The audit log on SQLite: one row per entry, read newest first by (at, id). Triggers refuse
 * every UPDATE and DELETE, so the table is append-only even to code that forgets the port.
 */
import type { Database } from 'better-sqlite3';
import { guarded } from '../errors.ts';
import type { AuditLogStore } from '../ports.ts';
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
    CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
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
