/**
 * The MongoDB documents behind each port, their collections and indexes, and the shared
 * plumbing (guarded operations, duplicate-key detection, field-name checks). Every shape
 * here stays inside the portable subset: MongoDB 6+, Atlas, Cosmos DB, DocumentDB, FerretDB.
 */
import {
  MongoServerError,
  type Collection,
  type Db,
  type Filter,
  type MatchKeysAndValues,
  type ObjectId,
  type OptionalUnlessRequiredId,
  type UpdateFilter,
} from 'mongodb';
import type { EncryptedValue, Grant, PendingNotice, Provenance } from '../records.ts';
import type { OutboxEvent } from '../outbox-records.ts';
import { ensureAnalyticsIndexes, type AskCountDoc, type PendingAskDoc } from './analytics.mongo.ts';
import type { AskDayDoc } from './analytics-days.mongo.ts';
import { ensureAuditIndexes, type AuditDoc } from './audit.mongo.ts';
import { ensureRetentionIndexes } from './retention.mongo.ts';
import { ensureStateIndexes } from './state.mongo.ts';
import { ensureOutboxIndexes } from './outbox.mongo.ts';
import type { AskSummaryDoc } from './turns.mongo.ts';
import type { SuppressionDoc } from './ledger-chain.mongo.ts';

/** A grant as stored: keyed by its purpose id under `grants`, so the purpose is not repeated. */
export type GrantDoc = Omit<Grant, 'purpose'>;

/**
 * The layout before per-subject documents: one document per (subject, item), `_id` `subject|item`.
 * Only read to move them into `subject_items` (held-items-layout.mongo.ts).
 */
export interface HeldItemDoc {
  _id: string;
  subject: string;
  item: string;
  value: EncryptedValue;
  collectedAt: Date;
  collected: Provenance;
  grants: Record<string, GrantDoc>;
  /** When the first grant may fall due: a lower bound kept with `$min`, made exact by the sweeper. */
  dueAt?: Date;
}

/**
 * A consent-ledger record. A chained record's `_id` is `<subject>|<seq>` (ledger-chain.mongo.ts);
 * one from before chaining has an ObjectId, which orders records appended at the same instant.
 */
export interface LedgerDoc {
  _id: ObjectId | string;
  id: string;
  idem: string;
  subject: string;
  at: Date;
  [field: string]: unknown;
}

/** One held item inside its subject's document; without `value` it is not held (see held-items.mongo.ts). */
export interface StoredItemDoc {
  value?: EncryptedValue;
  collectedAt?: Date;
  collected?: Provenance;
  grants?: Record<string, GrantDoc>;
  /** The last use per purpose, raised with `$max` (a use older than its grant is not the grant's). */
  used?: Record<string, Date>;
  /** When the item's first grant may fall due: a lower bound kept with `$min`, made exact by the sweeper. */
  dueAt?: Date;
}

/**
 * A subject's held items in one document, `_id` the subject: a turn reads them with one `_id`
 * lookup, which every server answers from its primary key (FerretDB 1.x pushes nothing else down).
 */
export interface SubjectItemsDoc {
  _id: string;
  items: Record<string, StoredItemDoc>;
  /** The earliest of the items' `dueAt` or earlier (indexed: the give-back sweeper's query). */
  dueAt?: Date;
}

export interface RefDoc {
  _id: string;
  ref: string;
  updatedAt: Date;
}

/** A give-back notice waiting to be retried; `_id` is the notice id. */
export type NoticeDoc = Omit<PendingNotice, 'id'> & { _id: string };

export interface StateDoc {
  _id: string;
  doc: string;
  eTag: string;
  /** Last write (idle expiry); absent on documents written before it was kept. */
  at?: Date;
  /** Pseudonymous subjects whose turns wrote the document (erasure). */
  subjects?: string[];
}

/** An event for a system; `_id` is its webhook id, `state` what the worker's index reads. */
export type OutboxDoc = Omit<OutboxEvent, 'id'> & { _id: string; state: 'pending' | 'failed' };

export interface LeaseDoc {
  _id: string;
  holder: string;
  expiresAt: Date;
}

export interface Collections {
  readonly subjectItems: Collection<SubjectItemsDoc>;
  /** The per-item layout of earlier versions, emptied at open. */
  readonly heldItems: Collection<HeldItemDoc>;
  readonly ledger: Collection<LedgerDoc>;
  readonly refs: Collection<RefDoc>;
  readonly notices: Collection<NoticeDoc>;
  readonly state: Collection<StateDoc>;
  readonly leases: Collection<LeaseDoc>;
  readonly askCounts: Collection<AskCountDoc>;
  readonly askDays: Collection<AskDayDoc>;
  readonly askRecent: Collection<AskCountDoc>;
  readonly pendingAsks: Collection<PendingAskDoc>;
  readonly audit: Collection<AuditDoc>;
  readonly askSummaries: Collection<AskSummaryDoc>;
  readonly suppressions: Collection<SuppressionDoc>;
  readonly outbox: Collection<OutboxDoc>;
}

/** Runs one store operation: waits for the indexes, and turns any driver failure into StoreUnavailableError. */
export type Run = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

export function collections(db: Db): Collections {
  return {
    subjectItems: db.collection<SubjectItemsDoc>('subject_items'),
    heldItems: db.collection<HeldItemDoc>('held_items'),
    ledger: db.collection<LedgerDoc>('ledger'),
    refs: db.collection<RefDoc>('conversation_refs'),
    notices: db.collection<NoticeDoc>('giveback_notices'),
    state: db.collection<StateDoc>('bot_state'),
    leases: db.collection<LeaseDoc>('leases'),
    askCounts: db.collection<AskCountDoc>('ask_counts'),
    askDays: db.collection<AskDayDoc>('ask_days'),
    askRecent: db.collection<AskCountDoc>('ask_recent'),
    pendingAsks: db.collection<PendingAskDoc>('pending_asks'),
    audit: db.collection<AuditDoc>('audit_log'),
    askSummaries: db.collection<AskSummaryDoc>('ask_summaries'),
    suppressions: db.collection<SuppressionDoc>('suppressions'),
    outbox: db.collection<OutboxDoc>('outbox'),
  };
}

/**
 * Creates the indexes the ports rely on (a no-op when they exist). The unique `idem` index is
 * what makes ledger appends idempotent, so no write may run before it exists.
 */
export async function ensureIndexes(c: Collections): Promise<void> {
  await c.subjectItems.createIndex({ dueAt: 1 }, { name: 'due_at' });
  await c.ledger.createIndex({ idem: 1 }, { name: 'idem_unique', unique: true });
  // _id last: the sort { at, _id } is served by the index (Cosmos DB needs one for a multi-field sort).
  await c.ledger.createIndex({ subject: 1, at: 1, _id: 1 }, { name: 'subject_at' });
  await c.notices.createIndex({ nextAt: 1 }, { name: 'next_at' });
  await c.notices.createIndex({ subject: 1 }, { name: 'subject' });
  await ensureAnalyticsIndexes(c);
  await ensureAuditIndexes(c.audit);
  await ensureStateIndexes(c);
  await ensureRetentionIndexes(c);
  await ensureOutboxIndexes(c);
}

/**
 * True for an E11000 duplicate-key error. With `field`, only when the violated index is on it;
 * servers that do not name the index (FerretDB 1.x) are taken at their word.
 */
export function isDuplicateKey(e: unknown, field?: string): boolean {
  if (!(e instanceof MongoServerError) || e.code !== 11000) return false;
  const pattern: unknown = e.keyPattern;
  if (field === undefined || typeof pattern !== 'object' || pattern === null) return true;
  return field in pattern;
}

/** True when the error came from a server that answered (as opposed to one that could not be reached). */
export const isServerAnswer = (e: unknown): boolean => e instanceof MongoServerError;

/**
 * Checks that an id can be a field name: MongoDB paths split on '.', and a leading '$' is an
 * operator. Purpose ids are lower-case and hyphenated, so a failure here is a bug.
 */
export function fieldName(id: string): string {
  if (id === '' || id.includes('.') || id.startsWith('$') || id.includes('\0')) {
    throw new RangeError(`"${id}" cannot be a MongoDB field name`);
  }
  return id;
}

/**
 * Writes a document the caller believes new: an insert, which FerretDB 1.x serves without reading
 * the collection (its updates, upserts too, cost in proportion to the whole table). When the `_id`
 * is taken after all, `otherwise` runs instead (an update of the document that is there).
 */
export async function insertOr<T extends { _id: string }>(
  col: Collection<T>,
  doc: T,
  otherwise: () => Promise<unknown>,
): Promise<void> {
  try {
    await col.insertOne(doc as OptionalUnlessRequiredId<T>);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    await otherwise();
  }
}

/** Upserts by `_id`; a concurrent first insert of the same `_id` (E11000) is retried once as an update. */
export async function upsertById<T extends { _id: string }>(
  col: Collection<T>,
  id: string,
  set: Record<string, unknown>,
): Promise<void> {
  const filter = { _id: id } as Filter<T>;
  const update: UpdateFilter<T> = { $set: set as MatchKeysAndValues<T> };
  try {
    await col.updateOne(filter, update, { upsert: true });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    await col.updateOne(filter, update, { upsert: true });
  }
}
