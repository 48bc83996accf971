/**
 * Bot state on SQLite with compare-and-set on eTags. Each document carries its last-write time
 * (indexed, for idle expiry), and `bot_state_subjects` maps every subject that wrote a document to
 * its key, so erasure finds all of a subject's conversations. Keys and subjects are pseudonymous.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { writeTransaction } from './connection.ts';
import { ETagConflictError, guarded } from '../errors.ts';
import type { StateEntry, StateStore } from '../ports.ts';

type Db = Database.Database;

/** Adds the last-write time and the subject index to `bot_state` (created by migrate()). */
export function migrateState(db: Db): void {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(bot_state)').all();
  if (!columns.some((c) => c.name === 'updated_at'))
    // 0 for documents older than this column: the first expiry sweep takes them.
    db.exec('ALTER TABLE bot_state ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0');
  db.exec(`
    CREATE INDEX IF NOT EXISTS bot_state_updated ON bot_state (updated_at);
    CREATE TABLE IF NOT EXISTS bot_state_subjects (
      subject TEXT NOT NULL,
      key TEXT NOT NULL,
      PRIMARY KEY (subject, key)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS bot_state_subjects_key ON bot_state_subjects (key);
  `);
}

function statements(db: Db) {
  return {
    select: db.prepare<[string], { doc: string; etag: string }>(
      'SELECT doc, etag FROM bot_state WHERE key = ?',
    ),
    insert: db.prepare<[string, string, string, number]>(
      'INSERT INTO bot_state (key, doc, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
    ),
    replace: db.prepare<[string, string, string, number]>(
      `INSERT INTO bot_state (key, doc, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key)
       DO UPDATE SET doc = excluded.doc, etag = excluded.etag, updated_at = excluded.updated_at`,
    ),
    cas: db.prepare<[string, string, number, string, string]>(
      'UPDATE bot_state SET doc = ?, etag = ?, updated_at = ? WHERE key = ? AND etag = ?',
    ),
    remember: db.prepare<[string, string]>(
      'INSERT INTO bot_state_subjects (subject, key) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    del: db.prepare<[string]>('DELETE FROM bot_state WHERE key = ?'),
    forget: db.prepare<[string]>('DELETE FROM bot_state_subjects WHERE key = ?'),
    keysOf: db.prepare<[string], { key: string }>('SELECT key FROM bot_state_subjects WHERE subject = ?'),
    scan: db.prepare<[string, number], { key: string; doc: string; etag: string; updated_at: number }>(
      'SELECT key, doc, etag, updated_at FROM bot_state WHERE key > ? ORDER BY key LIMIT ?',
    ),
    idle: db.prepare<[number, number], { key: string }>(
      'SELECT key FROM bot_state WHERE updated_at < ? ORDER BY updated_at LIMIT ?',
    ),
  };
}

/** The compare-and-set write of one document, as a transaction (a turn's batch nests it). */
export function stateWriter(db: Db, s = statements(db)) {
  return writeTransaction(
    db,
    (key: string, json: string, eTag: string, at: number, expected?: string, subject?: string) => {
      if (expected === undefined || expected === '*') s.replace.run(key, json, eTag, at);
      else if (
        s.cas.run(json, eTag, at, key, expected).changes === 0 &&
        s.insert.run(key, json, eTag, at).changes === 0
      ) {
        throw new ETagConflictError(key);
      }
      if (subject !== undefined) s.remember.run(subject, key);
    },
  );
}

export function sqliteState(db: Db): StateStore {
  const s = statements(db);
  /** Deletes documents and their subject links; returns how many documents there were. */
  const drop = writeTransaction(db, (keys: readonly string[]) => {
    let n = 0;
    for (const k of keys) {
      n += s.del.run(k).changes;
      s.forget.run(k);
    }
    return n;
  });
  const write = stateWriter(db, s);
  const dropSubject = writeTransaction(db, (subject: string) =>
    drop(s.keysOf.all(subject).map((r) => r.key)),
  );
  const dropIdle = writeTransaction(db, (before: number, limit: number) =>
    drop(s.idle.all(before, limit).map((r) => r.key)),
  );
  return {
    read: (keys) =>
      guarded('read bot state', () => {
        const out = new Map<string, StateEntry>();
        for (const key of keys) {
          const row = s.select.get(key);
          if (row) out.set(key, { doc: JSON.parse(row.doc) as Record<string, unknown>, eTag: row.etag });
        }
        return out;
      }),
    write: (key, doc, expected, meta) =>
      guarded('write bot state', () => {
        const eTag = randomUUID();
        const at = (meta?.at ?? new Date()).getTime();
        write(key, JSON.stringify(doc), eTag, at, expected, meta?.subject);
        return eTag;
      }),
    delete: (keys) => guarded('delete bot state', () => void drop(keys)),
    deleteSubject: (subject) => guarded("delete a subject's bot state", () => dropSubject(subject)),
    deleteIdle: (before, limit) => guarded('delete idle bot state', () => dropIdle(before.getTime(), limit)),
    scan: (after, limit) =>
      guarded('scan bot state', () =>
        s.scan.all(after ?? '', limit).map((r) => ({
          key: r.key,
          entry: { doc: JSON.parse(r.doc) as Record<string, unknown>, eTag: r.etag },
          at: new Date(r.updated_at),
        })),
      ),
  };
}
