/**
 * Storage ports: small interfaces typed by the domains that use them. Every adapter
 * (sqlite/, mongo/) implements all of them and passes the one contract suite in test/contract/.
 */
import type { AskEvent, CountDelta, CountQuery, CountRow, PendingAsk } from './counters.ts';
import type { AuditEntry, AuditPage, AuditQuery } from './audit-records.ts';
import type { ChainHead } from './ledger-chain.ts';
import type { EncryptedValue, Grant, HeldItem, LedgerRecord, PendingNotice, Suppression } from './records.ts';
import type { TurnStore } from './turn-batch.ts';
import type { OutboxEvent, OutboxWrite } from './outbox-records.ts';

/** Held items and their purpose grants, one document per (subject, item). */
export interface HeldItemStore {
  /** Every item held for a subject, with its grants. */
  forSubject(subject: string): Promise<HeldItem[]>;
  /**
   * Stores a value (replacing any earlier value of the item) and sets the grant for its
   * purpose; other purposes' grants stay. Atomic for the one document.
   */
  put(item: Omit<HeldItem, 'grants'>, grant: Grant): Promise<void>;
  /** Adds or replaces one grant on an item that is held; false when the item is not held. */
  addGrant(subject: string, item: string, grant: Grant): Promise<boolean>;
  /** Records that a purpose used the item now. */
  touch(subject: string, item: string, purpose: string, at: Date): Promise<void>;
  /** Deletes an item with its grants; false when it was not held. */
  delete(subject: string, item: string): Promise<boolean>;
  /**
   * Removes one purpose's grant. Returns how many grants the item still has, or undefined when
   * the item is not held. The caller deletes an item left without grants.
   */
  removeGrant(subject: string, item: string, purpose: string): Promise<number | undefined>;
  /** Deletes every item of a subject (erasure); returns how many were deleted. */
  deleteSubject(subject: string): Promise<number>;
  /**
   * Items that may have a grant due at `now` (expired, or unused past give-back-after), soonest
   * first, at most `limit`. Backed by an index on each item's due time, so the cost follows the
   * number of due items, not of customers. The due time may be early (a later use moved it): the
   * caller re-checks the grants and records the true next due time with `setDueAt`.
   */
  due(now: Date, limit: number): Promise<HeldItem[]>;
  /** Records an item's next due time after a sweep looked at it. */
  setDueAt(subject: string, item: string, dueAt: Date): Promise<void>;
  /** Every held item in (subject, item) order, a page at a time after `after` (key rotation). */
  scan(after: { subject: string; item: string } | undefined, limit: number): Promise<HeldItem[]>;
  /**
   * Replaces an item's encrypted value only (re-encryption under a new key); false when not held
   * or, with `expected`, when the stored value is no longer that one (it changed meanwhile).
   */
  setValue(subject: string, item: string, value: EncryptedValue, expected?: EncryptedValue): Promise<boolean>;
}

/** The append-only consent ledger (its one sanctioned delete is retention: LedgerRetention). */
export interface LedgerStore {
  /**
   * Appends a record; a record whose `idem` key was seen before is not added again. `outbox`: the
   * events the change causes, written with the record (SQLite: one transaction; MongoDB: first).
   */
  append(record: LedgerRecord, outbox?: OutboxWrite): Promise<'appended' | 'duplicate'>;
  /** A subject's records, oldest first. */
  forSubject(subject: string): Promise<LedgerRecord[]>;
}

/**
 * The ledger's hash chains as `ledger verify` reads them (ledger-chain.ts): each append links the
 * record to its subject's head and records the new head beside the ledger, so a deleted last
 * record is seen too.
 */
export interface LedgerChains {
  /** Subjects with a ledger record or a recorded head, in subject order after `after`. */
  chainSubjects(after: string | undefined, limit: number): Promise<string[]>;
  /** The head recorded for a subject by its last append; undefined when none is. */
  chainHead(subject: string): Promise<ChainHead | undefined>;
  /** Forgets a subject's recorded head, once retention deleted the whole chain (a new one starts at 1). */
  dropChainHead(subject: string): Promise<void>;
}

/**
 * What erasure keeps of a forgotten subject (records.ts `Suppression`), and the erasure of its
 * consent history itself.
 */
export interface SuppressionStore {
  get(key: string): Promise<Suppression | undefined>;
  /**
   * Deletes a subject's ledger records, chain head and ask-history summary and stores
   * `suppression` (replacing one with its key); SQLite: one transaction. Returns the records deleted.
   */
  eraseHistory(subject: string, suppression: Suppression): Promise<number>;
  /** Every suppression in key order, a page at a time after `after`. */
  scan(after: string | undefined, limit: number): Promise<Suppression[]>;
}

/** Conversation references for proactive messages, the latest per subject. */
export interface ConversationRefStore {
  save(subject: string, ref: Record<string, unknown>, at: Date): Promise<void>;
  get(subject: string): Promise<Record<string, unknown> | undefined>;
  delete(subject: string): Promise<void>;
  /** Every subject's reference in subject order, a page at a time after `after` (key rotation). */
  scan(
    after: string | undefined,
    limit: number,
  ): Promise<{ subject: string; ref: Record<string, unknown> }[]>;
  /**
   * Replaces a subject's reference only while it is still `expected` (as `get`/`scan` read it),
   * keeping its time; false when it changed or is gone (a newer turn wins over re-encryption).
   */
  replace(subject: string, expected: Record<string, unknown>, ref: Record<string, unknown>): Promise<boolean>;
}

/** Give-back notices waiting to be retried, so one undeliverable notice never holds up the sweep. */
export interface NoticeStore {
  /** Stores a notice, replacing one with the same id. */
  put(notice: PendingNotice): Promise<void>;
  /** Notices whose `nextAt` is at or before `now`, soonest first, at most `limit`. */
  due(now: Date, limit: number): Promise<PendingNotice[]>;
  /** Forgets a notice (delivered or given up). */
  delete(id: string): Promise<void>;
  /** Forgets every notice of a subject (erasure). */
  deleteSubject(subject: string): Promise<void>;
}

export interface StateEntry {
  readonly doc: Record<string, unknown>;
  readonly eTag: string;
}

/** Who a bot-state write is about and when it happened: erasure finds documents by subject, expiry by time. */
export interface StateWriteMeta {
  /** The pseudonymous subject whose turn wrote it; a document remembers every subject that wrote it. */
  readonly subject?: string;
  readonly at: Date;
}

/** Bot state documents with compare-and-set on eTags (wrapped as a botbuilder Storage in channels/). */
export interface StateStore {
  read(keys: readonly string[]): Promise<Map<string, StateEntry>>;
  /**
   * Writes a document (last written at `meta.at`, else now). `expected` undefined or `*` writes unconditionally; otherwise the write
   * succeeds only if the stored eTag equals it (or, for a new key, nothing is stored).
   * Throws `ETagConflictError` on mismatch. Returns the new eTag.
   */
  write(key: string, doc: Record<string, unknown>, expected?: string, meta?: StateWriteMeta): Promise<string>;
  delete(keys: readonly string[]): Promise<void>;
  /** Deletes every document a write of `subject` touched, in every conversation (erasure); returns how many. */
  deleteSubject(subject: string): Promise<number>;
  /**
   * Deletes up to `limit` documents last written before `before` (idle expiry, oldest first; a
   * document written without a time counts as idle); returns how many.
   */
  deleteIdle(before: Date, limit: number): Promise<number>;
  /** Every document in key order, a page at a time after `after`, with its last-write time (key rotation). */
  scan(after: string | undefined, limit: number): Promise<StateScanRow[]>;
}

/** A bot-state document as a scan returns it. */
export interface StateScanRow {
  readonly key: string;
  readonly entry: StateEntry;
  readonly at: Date;
}

/** A named lease, so a job (the give-back sweep) runs on one instance at a time. */
export interface LeaseStore {
  /**
   * Takes or renews the lease for `holder` until `until`. True when `holder` now holds it;
   * false when another holder's lease has not yet expired at `now`.
   */
  acquire(name: string, holder: string, now: Date, until: Date): Promise<boolean>;
  /** Gives the lease up if `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
}

/**
 * Events waiting to be delivered to the business's systems. They are added with the ledger change
 * that causes them (`LedgerStore.append`, `TurnBatch.outbox`); the worker delivers them under a lease.
 */
export interface OutboxStore {
  /** Adds events and drops values, outside a ledger write (replays, tests). */
  write(w: OutboxWrite): Promise<void>;
  /** Pending events due at `now`, soonest first, at most `limit`. */
  due(now: Date, limit: number): Promise<OutboxEvent[]>;
  /** Forgets a delivered event (its value with it). */
  delivered(id: string): Promise<void>;
  /** Records a failed attempt and when to try again. */
  retry(id: string, attempts: number, nextAt: Date, error: string): Promise<void>;
  /** Gives an event up after its retry window: kept without value, marked failed. */
  giveUp(id: string, attempts: number, at: Date, error: string): Promise<void>;
  /** Events given up, newest first, at most `limit` (for the DPO). */
  failures(limit: number): Promise<OutboxEvent[]>;
  /** How many events are pending and how many were given up. */
  counts(): Promise<{ pending: number; failed: number }>;
  /** Deletes at most `limit` events given up before `before` (never a pending one); how many went. */
  deleteFailedBefore(before: Date, limit: number): Promise<number>;
  /** Pending events that carry a value, by id after `after`, at most `limit` (for key rotation). */
  scanValues(after: string | undefined, limit: number): Promise<OutboxEvent[]>;
  /** Sets a pending event's value while it is still `expected` (same IV); false when it changed or went. */
  replaceValue(id: string, value: EncryptedValue, expected: EncryptedValue): Promise<boolean>;
}

/** Opt-in analytics: one counter per (day, item, purpose, journey, step, locale, channel, type, reason). */
export interface AnalyticsStore {
  /** Adds 1 to the event's counter (atomic increment; only the key's fields are stored). */
  record(event: AskEvent): Promise<void>;
  /** Adds many counts at once (seeding, imports). */
  add(deltas: readonly CountDelta[]): Promise<void>;
  /** Sums the counters of days `from`..`to` (inclusive) per `groupBy` group, type and reason. */
  query(q: CountQuery): Promise<CountRow[]>;
  /**
   * Folds the counters of days before `before` that changed since the last run into one summary
   * per day, where reading many counters is slow (MongoDB); returns the days folded (SQLite: 0).
   */
  compact(before: string, now: Date): Promise<number>;
}

/** Asks waiting for an answer, one per conversation key, for counting abandoned asks. */
export interface PendingAskStore {
  /** Sets the key's pending ask, replacing any earlier one. */
  set(ask: PendingAsk): Promise<void>;
  /** Forgets the key's pending ask, if any. */
  clear(key: string): Promise<void>;
  /** Pending asks whose `since` is before `before`, oldest first, at most `limit`. */
  quiet(before: Date, limit: number): Promise<PendingAsk[]>;
  /** Deletes the key's pending ask if its `since` is still `since`; true for the one caller that did. */
  settle(key: string, since: Date): Promise<boolean>;
}

/**
 * The append-only audit log of admin reads, reveals and erasures (its one sanctioned delete is
 * retention: AuditRetention). Never holds a customer value.
 */
export interface AuditLogStore {
  /** Appends an entry; an entry whose `id` was seen before is not added again. */
  append(entry: AuditEntry): Promise<'appended' | 'duplicate'>;
  /** Entries matching every given filter, newest first, a page at a time. */
  query(q: AuditQuery): Promise<AuditPage>;
}

/**
 * Records retention (consent/records-retention.ts): the one sanctioned delete of the append-only
 * consent ledger and audit log, and the end of references and counters kept past their time.
 */
export interface LedgerRetention {
  /**
   * Up to `limit` subjects, in subject order after `after`, with a record older than `before`
   * (a subject whose old records are all kept comes back each time).
   */
  subjectsBefore(before: Date, after: string | undefined, limit: number): Promise<string[]>;
  /** Deletes a subject's records older than `before`, except those whose id is in `keep`; returns how many. */
  deleteBefore(subject: string, before: Date, keep: readonly string[]): Promise<number>;
}

export interface RefRetention {
  /**
   * Deletes up to `limit` references last saved before `before`, oldest first (one saved again
   * meanwhile stays); returns how many.
   */
  deleteWrittenBefore(before: Date, limit: number): Promise<number>;
}

export interface AnalyticsRetention {
  /** Deletes the counters (and day summaries) of every day before `day` (YYYY-MM-DD); returns the counters deleted. */
  deleteDaysBefore(day: string): Promise<number>;
}

export interface AuditRetention {
  /** Deletes up to `limit` entries older than `before`, oldest first; returns how many. */
  deleteBefore(before: Date, limit: number): Promise<number>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly audit: AuditLogStore & AuditRetention;
  readonly items: HeldItemStore;
  readonly ledger: LedgerStore & LedgerRetention & LedgerChains;
  readonly suppressions: SuppressionStore;
  readonly refs: ConversationRefStore & RefRetention;
  readonly notices: NoticeStore;
  readonly state: StateStore;
  readonly leases: LeaseStore;
  readonly analytics: AnalyticsStore & AnalyticsRetention;
  readonly pendingAsks: PendingAskStore;
  /** Events to the business's systems, waiting for delivery. */
  readonly outbox: OutboxStore;
  /** A customer turn's one read (facts) and one write (its batch). */
  readonly turns: TurnStore;
  /** Resolves when the store answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  /**
   * Makes deleted data unrecoverable from the store's own files where the engine keeps old copies
   * (SQLite: checkpoint and truncate the write-ahead log); a no-op where it does not apply.
   */
  scrub(): Promise<void>;
  close(): Promise<void>;
}
