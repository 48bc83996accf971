/**
 * The events outbox on SQLite: one row per (event, system), its document in JSON. Writes that go
 * with a ledger change run inside that change's transaction (`outboxWriter`).
 */
import type Database from 'better-sqlite3';
import { writeTransaction } from './connection.ts';
import type { Committer } from './group-commit.ts';
import { guarded } from '../errors.ts';
import { OutboxEvent, type OutboxWrite } from '../outbox-records.ts';
import type { OutboxStore } from '../ports.ts';

type Db = Database.Database;

export function migrateOutbox(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS outbox (
      id TEXT PRIMARY KEY,
      subject TEXT NOT NULL,
      item TEXT NOT NULL,
      purpose TEXT NOT NULL,
      next_at INTEGER NOT NULL,
      failed_at INTEGER,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS outbox_due ON outbox (failed_at, next_at);
    CREATE INDEX IF NOT EXISTS outbox_subject ON outbox (subject, item);
  `);
}

/** Applies an outbox write; call it inside the transaction of the ledger change that causes it. */
export function outboxWriter(db: Db): (w: OutboxWrite) => void {
  const insert = db.prepare<[string, string, string, string, number, string]>(
    `INSERT INTO outbox (id, subject, item, purpose, next_at, doc) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  const stripItem = db.prepare<[string, string]>(
    `UPDATE outbox SET doc = json_remove(doc, '$.value')
     WHERE subject = ? AND item = ? AND failed_at IS NULL AND json_type(doc, '$.value') IS NOT NULL`,
  );
  const stripPurpose = db.prepare<[string, string, string]>(
    `UPDATE outbox SET doc = json_remove(doc, '$.value')
     WHERE subject = ? AND item = ? AND purpose = ? AND failed_at IS NULL AND json_type(doc, '$.value') IS NOT NULL`,
  );
  return (w) => {
    for (const s of w.strip) {
      if (s.purpose === undefined) stripItem.run(s.subject, s.item);
      else stripPurpose.run(s.subject, s.item, s.purpose);
    }
    for (const e of w.add)
      insert.run(e.id, e.subject, e.item, e.purpose, e.nextAt.getTime(), JSON.stringify(e));
  };
}

/** The outbox; delivery's marks share the connection's group commit (one fsync with the turns). */
export function sqliteOutbox(db: Db, commit: Committer): OutboxStore {
  const write = writeTransaction(db, outboxWriter(db));
  const parse = (r: { doc: string }) => OutboxEvent.parse(JSON.parse(r.doc));
  const due = db.prepare<[number, number], { doc: string }>(
    'SELECT doc FROM outbox WHERE failed_at IS NULL AND next_at <= ? ORDER BY next_at, id LIMIT ?',
  );
  const del = db.prepare<[string]>('DELETE FROM outbox WHERE id = ?');
  const select = db.prepare<[string], { doc: string }>('SELECT doc FROM outbox WHERE id = ?');
  const update = db.prepare<[number, number | null, string, string]>(
    'UPDATE outbox SET next_at = ?, failed_at = ?, doc = ? WHERE id = ?',
  );
  const failures = db.prepare<[number], { doc: string }>(
    'SELECT doc FROM outbox WHERE failed_at IS NOT NULL ORDER BY failed_at DESC, id LIMIT ?',
  );
  const counts = db.prepare<[], { pending: number; failed: number }>(
    `SELECT COALESCE(SUM(failed_at IS NULL), 0) AS pending, COALESCE(SUM(failed_at IS NOT NULL), 0) AS failed FROM outbox`,
  );
  const deleteFailed = db.prepare<[number, number]>(
    `DELETE FROM outbox WHERE id IN
       (SELECT id FROM outbox WHERE failed_at IS NOT NULL AND failed_at < ? ORDER BY failed_at LIMIT ?)`,
  );
  const valuesFrom = db.prepare<[string, number], { doc: string }>(
    `SELECT doc FROM outbox WHERE id > ? AND failed_at IS NULL AND json_type(doc, '$.value') IS NOT NULL
     ORDER BY id LIMIT ?`,
  );
  const setValueIf = db.prepare<[string, string, string]>(
    `UPDATE outbox SET doc = json_set(doc, '$.value', json(?))
     WHERE id = ? AND failed_at IS NULL AND json_extract(doc, '$.value.iv') = ?`,
  );
  const change = writeTransaction(db, (id: string, edit: (e: OutboxEvent) => OutboxEvent) => {
    const row = select.get(id);
    if (!row) return;
    const next = edit(parse(row));
    update.run(next.nextAt.getTime(), next.failedAt?.getTime() ?? null, JSON.stringify(next), id);
  });
  return {
    write: (w) => guarded('write the outbox', () => void write(w)),
    due: (now, limit) => guarded('read the outbox', () => due.all(now.getTime(), limit).map(parse)),
    delivered: (id) => guarded('delete a delivered event', () => commit(() => void del.run(id))),
    retry: (id, attempts, nextAt, error) =>
      guarded('reschedule an event', () =>
        commit(() => change(id, (e) => ({ ...e, attempts, nextAt, lastError: error }))),
      ),
    giveUp: (id, attempts, at, error) =>
      guarded('give an event up', () =>
        commit(() =>
          change(id, ({ value: _v, ...e }) => ({ ...e, attempts, lastError: error, failedAt: at })),
        ),
      ),
    failures: (limit) => guarded('read failed events', () => failures.all(limit).map(parse)),
    counts: () => guarded('count the outbox', () => counts.get() ?? { pending: 0, failed: 0 }),
    scanValues: (after, limit) =>
      guarded('read event values', () => valuesFrom.all(after ?? '', limit).map(parse)),
    replaceValue: (id, value, expected) =>
      guarded(
        'replace an event value',
        () => setValueIf.run(JSON.stringify(value), id, expected.iv).changes > 0,
      ),
    deleteFailedBefore: (before, limit) =>
      guarded('delete given-up events', () => deleteFailed.run(before.getTime(), limit).changes),
  };
}
