/**
 * Held items on SQLite: one row per (subject, item) holding the item with its grants as JSON,
 * and `due_at` (indexed): when its first grant falls due, kept exact on every write.
 */
import type Database from 'better-sqlite3';
import { writeTransaction } from './connection.ts';
import type { Committer } from './group-commit.ts';
import { guarded } from '../errors.ts';
import type { HeldItemStore } from '../ports.ts';
import { HeldItem, itemDueAt, type EncryptedValue, type Grant } from '../records.ts';

const withGrant = (grants: readonly Grant[], grant: Grant): Grant[] => [
  ...grants.filter((g) => g.purpose !== grant.purpose),
  grant,
];

const parse = (row: { doc: string }) => HeldItem.parse(JSON.parse(row.doc));

export function sqliteHeldItems(db: Database.Database, commit: Committer): HeldItemStore {
  const select = db.prepare<[string], { doc: string }>(
    'SELECT doc FROM held_items WHERE subject = ? ORDER BY item',
  );
  const selectOne = db.prepare<[string, string], { doc: string }>(
    'SELECT doc FROM held_items WHERE subject = ? AND item = ?',
  );
  const upsert = db.prepare<[string, string, string, number | null]>(
    `INSERT INTO held_items (subject, item, doc, due_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (subject, item) DO UPDATE SET doc = excluded.doc, due_at = excluded.due_at`,
  );
  const del = db.prepare<[string, string]>('DELETE FROM held_items WHERE subject = ? AND item = ?');
  const delSubject = db.prepare<[string]>('DELETE FROM held_items WHERE subject = ?');
  const selectDue = db.prepare<[number, number], { doc: string }>(
    'SELECT doc FROM held_items WHERE due_at <= ? ORDER BY due_at LIMIT ?',
  );
  const setDue = db.prepare<[number, string, string]>(
    'UPDATE held_items SET due_at = ? WHERE subject = ? AND item = ?',
  );
  const scanFrom = db.prepare<[string, string, string, number], { doc: string }>(
    'SELECT doc FROM held_items WHERE subject > ? OR (subject = ? AND item > ?) ORDER BY subject, item LIMIT ?',
  );
  const read = (subject: string, item: string) => {
    const row = selectOne.get(subject, item);
    return row ? parse(row) : undefined;
  };
  const write = (h: HeldItem) =>
    upsert.run(h.subject, h.item, JSON.stringify(h), itemDueAt(h.grants)?.getTime() ?? null);
  // A ciphertext's random IV identifies it: an unchanged IV means an unchanged value.
  const setValueIf = writeTransaction(
    db,
    (subject: string, item: string, value: EncryptedValue, expected?: EncryptedValue): boolean => {
      const held = read(subject, item);
      if (!held || (expected && held.value.iv !== expected.iv)) return false;
      write({ ...held, value });
      return true;
    },
  );
  const update = writeTransaction(
    db,
    (subject: string, item: string, change: (h: HeldItem) => HeldItem): HeldItem | undefined => {
      const held = read(subject, item);
      if (!held) return undefined;
      const next = change(held);
      write(next);
      return next;
    },
  );
  return {
    forSubject: (subject) => guarded('read held items', () => select.all(subject).map(parse)),
    put: (item, grant) =>
      guarded('store the item', () => {
        writeTransaction(db, () => {
          write({ ...item, grants: withGrant(read(item.subject, item.item)?.grants ?? [], grant) });
        })();
      }),
    addGrant: (subject, item, grant) =>
      guarded(
        'store the grant',
        () => update(subject, item, (h) => ({ ...h, grants: withGrant(h.grants, grant) })) !== undefined,
      ),
    // Uses come with deliveries and pulls, many at a time: they share the group commit.
    touch: (subject, item, purpose, at) =>
      guarded('record the use', () =>
        commit(() => {
          update(subject, item, (h) => ({
            ...h,
            grants: h.grants.map((g) => (g.purpose === purpose ? { ...g, lastUsedAt: at } : g)),
          }));
        }),
      ),
    delete: (subject, item) => guarded('delete the item', () => del.run(subject, item).changes > 0),
    removeGrant: (subject, item, purpose) =>
      guarded(
        'remove the grant',
        () =>
          update(subject, item, (h) => ({ ...h, grants: h.grants.filter((g) => g.purpose !== purpose) }))
            ?.grants.length,
      ),
    deleteSubject: (subject) => guarded('erase the subject', () => delSubject.run(subject).changes),
    due: (now, limit) => guarded('find due items', () => selectDue.all(now.getTime(), limit).map(parse)),
    scan: (after, limit) =>
      guarded('scan held items', () =>
        scanFrom.all(after?.subject ?? '', after?.subject ?? '', after?.item ?? '', limit).map(parse),
      ),
    setValue: (subject, item, value, expected) =>
      guarded('store the value', () => setValueIf(subject, item, value, expected)),
    setDueAt: (subject, item, dueAt) =>
      guarded('record the due time', () => void setDue.run(dueAt.getTime(), subject, item)),
  };
}
