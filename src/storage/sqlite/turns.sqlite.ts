/**
 * A turn's one read and one write on SQLite. The read is the subject's held items and ask-history
 * summary; the write is one transaction (one fsync) holding every item change, ledger record,
 * summary update, analytics count, pending ask, reference and bot state of the turn — shared, as
 * savepoints, with the other turns that finished meanwhile (group-commit.ts). The summary row is
 * kept by every ledger append (`appendLedger`), so it never needs the ledger scanned again.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { countKeyOf, KEY_FIELDS } from '../counters.ts';
import { guarded } from '../errors.ts';
import type { Committer } from './group-commit.ts';
import { outboxWriter } from './outbox.sqlite.ts';
import { stateWriter } from './state.sqlite.ts';
import { headOf, linkRecord, type ChainHead } from '../ledger-chain.ts';
import { HeldItem, itemDueAt, LedgerRecord, type Grant } from '../records.ts';
import {
  AskSummary,
  changesSummary,
  emptyAskSummary,
  foldAskSummary,
  type ItemChange,
  type TurnApplied,
  type TurnBatch,
  type TurnStore,
} from '../turn-batch.ts';

type Db = Database.Database;

export function migrateTurns(db: Db): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ask_summaries (subject TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`,
  );
  // Each subject's chain head, written with every append (a deleted last record is seen by verify).
  db.exec(
    `CREATE TABLE IF NOT EXISTS ledger_heads (subject TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL) WITHOUT ROWID`,
  );
}

const withGrant = (grants: readonly Grant[], grant: Grant): Grant[] => [
  ...grants.filter((g) => g.purpose !== grant.purpose),
  grant,
];

/** The statements of ledger appends with their summary; shared by the ledger port and turns. */
export function ledgerWriter(db: Db) {
  const insert = db.prepare<[string, string, string, number, string]>(
    'INSERT INTO ledger (id, idem, subject, at, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (idem) DO NOTHING',
  );
  const selectLedger = db.prepare<[string], { doc: string }>(
    'SELECT doc FROM ledger WHERE subject = ? ORDER BY seq',
  );
  const selectSummary = db.prepare<[string], { doc: string }>(
    'SELECT doc FROM ask_summaries WHERE subject = ?',
  );
  const upsertSummary = db.prepare<[string, string]>(
    'INSERT INTO ask_summaries (subject, doc) VALUES (?, ?) ON CONFLICT (subject) DO UPDATE SET doc = excluded.doc',
  );
  const selectLast = db.prepare<[string], { doc: string }>(
    'SELECT doc FROM ledger WHERE subject = ? ORDER BY seq DESC LIMIT 1',
  );
  const upsertHead = db.prepare<[string, number, string]>(
    `INSERT INTO ledger_heads (subject, seq, hash) VALUES (?, ?, ?)
     ON CONFLICT (subject) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
  );
  const selectHead = db.prepare<[string], ChainHead>('SELECT seq, hash FROM ledger_heads WHERE subject = ?');
  /**
   * The subject's chain head (read inside the write transaction): its head row, else — a subject
   * chained before head rows were kept — its last record.
   */
  const headFor = (subject: string): ChainHead | undefined => {
    const head = selectHead.get(subject);
    if (head) return { seq: head.seq, hash: head.hash };
    const row = selectLast.get(subject);
    return row ? headOf(LedgerRecord.parse(JSON.parse(row.doc))) : undefined;
  };
  /** The stored summary, or undefined when the subject has none yet. */
  const summaryOf = (subject: string) => {
    const row = selectSummary.get(subject);
    return row ? AskSummary.parse(JSON.parse(row.doc)) : undefined;
  };
  /** The summary, folded from the whole ledger when none is stored (subjects from before summaries). */
  const summaryOrFold = (subject: string) =>
    summaryOf(subject) ??
    foldAskSummary(
      emptyAskSummary(),
      selectLedger.all(subject).map((r) => LedgerRecord.parse(JSON.parse(r.doc))),
    );
  /**
   * Appends records (call inside a transaction: it serialises each subject's chain), each linked
   * to its subject's head; folds the new ones into their subjects' summaries. A subject without a
   * stored summary starts from `base` when given (what the turn's facts read), else from its ledger.
   */
  const append = (records: readonly LedgerRecord[], base?: AskSummary): number => {
    let appended = 0;
    const folded = new Map<string, LedgerRecord[]>();
    for (const record of records) {
      const r = linkRecord(record, headFor(record.subject));
      if (insert.run(r.id, r.idem, r.subject, r.at.getTime(), JSON.stringify(r)).changes === 0) continue;
      upsertHead.run(r.subject, r.seq ?? 0, r.hash ?? '');
      appended++;
      if (changesSummary(r)) folded.set(r.subject, [...(folded.get(r.subject) ?? []), r]);
    }
    for (const [subject, rs] of folded) {
      // The ledger already holds `rs`: a missing summary is folded from it whole, not twice.
      const stored = summaryOf(subject) ?? (base ? foldAskSummary(base, []) : undefined);
      const next = stored ? foldAskSummary(stored, rs) : summaryOrFold(subject);
      upsertSummary.run(subject, JSON.stringify(next));
    }
    return appended;
  };
  return { append, summaryOf, summaryOrFold, selectLedger };
}

function itemWriter(db: Db) {
  const selectOne = db.prepare<[string, string], { doc: string }>(
    'SELECT doc FROM held_items WHERE subject = ? AND item = ?',
  );
  const upsert = db.prepare<[string, string, string, number | null]>(
    `INSERT INTO held_items (subject, item, doc, due_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (subject, item) DO UPDATE SET doc = excluded.doc, due_at = excluded.due_at`,
  );
  const del = db.prepare<[string, string]>('DELETE FROM held_items WHERE subject = ? AND item = ?');
  const read = (subject: string, item: string) => {
    const row = selectOne.get(subject, item);
    return row ? HeldItem.parse(JSON.parse(row.doc)) : undefined;
  };
  const write = (h: HeldItem) =>
    upsert.run(h.subject, h.item, JSON.stringify(h), itemDueAt(h.grants)?.getTime() ?? null);
  const update = (subject: string, item: string, change: (h: HeldItem) => HeldItem) => {
    const held = read(subject, item);
    if (held) write(change(held));
  };
  return (subject: string, c: ItemChange): void => {
    switch (c.kind) {
      case 'put':
        write({ ...c.item, grants: withGrant(read(subject, c.item.item)?.grants ?? [], c.grant) });
        return;
      case 'grant':
        return update(subject, c.item, (h) => ({ ...h, grants: withGrant(h.grants, c.grant) }));
      case 'touch':
        return update(subject, c.item, (h) => ({
          ...h,
          grants: h.grants.map((g) => (g.purpose === c.purpose ? { ...g, lastUsedAt: c.at } : g)),
        }));
      case 'remove-grant':
        return update(subject, c.item, (h) => ({
          ...h,
          grants: h.grants.filter((g) => g.purpose !== c.purpose),
        }));
      case 'delete':
        del.run(subject, c.item);
        return;
    }
  };
}

function extrasWriter(db: Db) {
  const cols = KEY_FIELDS.join(', ');
  const increment = db.prepare<Record<string, string | number>>(
    `INSERT INTO ask_counts (${cols}, n) VALUES (${KEY_FIELDS.map((f) => `@${f}`).join(', ')}, 1)
     ON CONFLICT (${cols}) DO UPDATE SET n = n + 1`,
  );
  const setPending = db.prepare<[string, number, string]>(
    `INSERT INTO pending_asks (key, since, doc) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET since = excluded.since, doc = excluded.doc`,
  );
  const clearPending = db.prepare<[string]>('DELETE FROM pending_asks WHERE key = ?');
  const saveRef = db.prepare<[string, string, number]>(
    `INSERT INTO conversation_refs (subject, doc, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (subject) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
  );
  return (b: TurnBatch): void => {
    for (const e of b.counts) increment.run({ ...countKeyOf(e) });
    if (b.pendingAsk && 'set' in b.pendingAsk) {
      const p = b.pendingAsk.set;
      setPending.run(p.key, p.since.getTime(), JSON.stringify(p));
    } else if (b.pendingAsk) clearPending.run(b.pendingAsk.clear);
    if (b.ref) saveRef.run(b.subject, JSON.stringify(b.ref.doc), b.ref.at.getTime());
  };
}

/** What one turn's batch does inside a transaction: the body the group commit runs per turn. */
function turnApplier(db: Db) {
  const ledger = ledgerWriter(db);
  const change = itemWriter(db);
  const extras = extrasWriter(db);
  const writeState = stateWriter(db);
  const outbox = outboxWriter(db);
  return (b: TurnBatch): TurnApplied => {
    for (const c of b.items) change(b.subject, c);
    const appended = ledger.append(b.ledger, b.summaryBase);
    if (b.outbox) outbox(b.outbox);
    extras(b);
    if (!b.state) return { appended };
    const { key, doc, expected, meta } = b.state;
    const eTag = randomUUID();
    // No eTag read (a new conversation): written as is, as StateStore.write does with '*'.
    writeState(key, JSON.stringify(doc), eTag, meta.at.getTime(), expected ?? '*', meta.subject);
    return { appended, eTag };
  };
}

/** The turn port: facts read, and batches written by the connection's group commit. */
export function sqliteTurns(db: Db, commit: Committer): TurnStore {
  const ledger = ledgerWriter(db);
  const selectItems = db.prepare<[string], { doc: string }>(
    'SELECT doc FROM held_items WHERE subject = ? ORDER BY item',
  );
  const applier = turnApplier(db);
  return {
    facts: (subject) =>
      guarded('read the turn facts', () => {
        const held = selectItems.all(subject).map((r) => HeldItem.parse(JSON.parse(r.doc)));
        const stored = ledger.summaryOf(subject);
        if (stored) return { held, summary: stored };
        return { held, summary: ledger.summaryOrFold(subject), noSummary: true as const };
      }),
    apply: (batch) => guarded('save the turn', () => commit(() => applier(batch))),
  };
}
