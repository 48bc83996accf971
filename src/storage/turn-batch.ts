/**
 * What one customer turn reads and writes, as data: the facts loaded once at its start (held
 * items and the subject's ask-history summary) and the batch of writes applied once at its end
 * (SQLite: one transaction; MongoDB: a few ordered round trips). The ask-history summary is kept
 * by the store beside the ledger, folded from each record appended, so no turn scans the ledger.
 */
import { z } from 'zod';
import type { AskEvent, PendingAsk } from './counters.ts';
import type { StateWriteMeta } from './ports.ts';
import type { Grant, HeldItem, LedgerRecord } from './records.ts';
import { isEmptyOutboxWrite, type OutboxWrite } from './outbox-records.ts';

const When = z.coerce.date();

/** A subject's ask history in short: latest refusal per need, never-asks, optional asks. */
export const AskSummary = z.object({
  /** The latest decline or deferral per `item:purpose`, cleared by a later grant or reuse. */
  refusals: z.record(z.string(), z.object({ event: z.enum(['declined', 'deferred']), at: When })),
  /** Items the customer asked never to be asked for again. */
  neverAsk: z.array(z.string()),
  /** When optional questions were asked (the question budget), the latest `OPTIONAL_ASKS_KEPT`. */
  optionalAsks: z.array(When),
  /** `item:purpose` pairs withdrawn on legitimate interests (objections, Art. 21) and not granted since. */
  objections: z.array(z.string()).default([]),
  /** The latest ask per `item:purpose`: its record id and text hash, which a grant links to. */
  asked: z.record(z.string(), z.object({ id: z.string(), textHash: z.string().optional() })).default({}),
});
export type AskSummary = z.infer<typeof AskSummary>;

/** Optional asks kept in a summary: far more than any question budget counts. */
export const OPTIONAL_ASKS_KEPT = 100;

export const emptyAskSummary = (): AskSummary => ({
  refusals: {},
  neverAsk: [],
  optionalAsks: [],
  objections: [],
  asked: {},
});

/** Whether a record is an objection: a withdrawal from a purpose on legitimate interests. */
export const isObjection = (r: Pick<LedgerRecord, 'event' | 'basis'>): boolean =>
  r.event === 'withdrawn' && r.basis === 'legitimate_interests';

/** Whether a ledger event changes the ask-history summary. */
export const changesSummary = (r: Pick<LedgerRecord, 'event' | 'required' | 'basis'>): boolean =>
  ['declined', 'deferred', 'granted', 'reused', 'never-ask', 'never-ask-cleared', 'asked'].includes(
    r.event,
  ) || isObjection(r);

/** A record as the summary folds it; `id` and `textHash` only matter for asks. */
export type SummaryInput = Pick<LedgerRecord, 'event' | 'item' | 'purpose' | 'at' | 'required'> &
  Partial<Pick<LedgerRecord, 'id' | 'textHash' | 'basis'>>;

/** Folds ledger records (oldest first) into a summary. Pure. */
export function foldAskSummary(summary: AskSummary, records: readonly SummaryInput[]): AskSummary {
  const refusals = { ...summary.refusals };
  const asked = { ...summary.asked };
  const objections = new Set(summary.objections);
  const never = new Set(summary.neverAsk);
  const optionalAsks = [...summary.optionalAsks];
  for (const r of records) {
    const key = `${r.item}:${r.purpose}`;
    if (r.event === 'declined' || r.event === 'deferred') refusals[key] = { event: r.event, at: r.at };
    else if (r.event === 'granted' || r.event === 'reused') {
      delete refusals[key];
      never.delete(r.item);
      objections.delete(key);
    } else if (isObjection(r)) objections.add(key);
    else if (r.event === 'never-ask') never.add(r.item);
    else if (r.event === 'never-ask-cleared') never.delete(r.item);
    else if (r.event === 'asked') {
      if (r.required !== true) optionalAsks.push(r.at);
      if (r.id) asked[key] = { id: r.id, ...(r.textHash ? { textHash: r.textHash } : {}) };
    }
  }
  return {
    refusals,
    neverAsk: [...never],
    optionalAsks: optionalAsks.slice(-OPTIONAL_ASKS_KEPT),
    objections: [...objections],
    asked,
  };
}

/** One change to a held item, applied in order. */
export type ItemChange =
  | { readonly kind: 'put'; readonly item: Omit<HeldItem, 'grants'>; readonly grant: Grant }
  | { readonly kind: 'grant'; readonly item: string; readonly grant: Grant }
  | { readonly kind: 'touch'; readonly item: string; readonly purpose: string; readonly at: Date }
  | { readonly kind: 'remove-grant'; readonly item: string; readonly purpose: string }
  | { readonly kind: 'delete'; readonly item: string };

/** The writes of one turn of one subject. Empty parts are skipped. */
export interface TurnBatch {
  readonly subject: string;
  readonly items: readonly ItemChange[];
  /** Ledger records, oldest first; a record whose `idem` was seen is skipped (and not folded). */
  readonly ledger: readonly LedgerRecord[];
  /**
   * The full summary the facts read folded from the ledger because none was stored (a subject from
   * before summaries): stored with this batch's records folded in. Absent: the stored one is updated.
   */
  readonly summaryBase?: AskSummary;
  /** Opt-in analytics counts (ids only: no value, no subject). */
  readonly counts: readonly AskEvent[];
  /** The conversation's waiting ask: set (refreshing its time) or cleared. */
  readonly pendingAsk?: { readonly set: PendingAsk } | { readonly clear: string };
  /** The conversation reference, already sealed, only when it changed. */
  readonly ref?: { readonly doc: Record<string, unknown>; readonly at: Date };
  /** The conversation's next bot state (sealed), written last with its eTag check. */
  readonly state?: StateWrite;
  /** Events the batch's ledger changes cause, for the business's systems. */
  readonly outbox?: OutboxWrite;
}

/** A bot-state write as `StateStore.write` takes it. */
export interface StateWrite {
  readonly key: string;
  readonly doc: Record<string, unknown>;
  /** The eTag read at the start of the turn; absent for a conversation with no state yet. */
  readonly expected?: string;
  readonly meta: StateWriteMeta;
}

/** What a turn starts from. `summary` is undefined when none is stored yet (fold the ledger). */
export interface TurnFacts {
  readonly held: HeldItem[];
  readonly summary?: AskSummary;
  /** Set when no summary is stored for the subject (a new one, or one forgotten since). */
  readonly noSummary?: true;
}

/** What applying a batch did: how many ledger records were new, and the state's new eTag. */
export interface TurnApplied {
  readonly appended: number;
  readonly eTag?: string;
}

/** A turn's one read and one write. */
export interface TurnStore {
  /** The subject's held items and ask-history summary, in one read. */
  facts(subject: string): Promise<TurnFacts>;
  /**
   * Applies a turn's writes: items, then ledger (+ summary), then counts, pending ask and
   * reference, then the bot state (failing with ETagConflictError if another turn wrote it).
   * SQLite: one transaction, all or nothing. MongoDB: ordered round trips, items first, so a
   * record of a grant never precedes its item, and the state last, so a state never claims what
   * was not stored. Resolves once durable.
   */
  apply(batch: TurnBatch): Promise<TurnApplied>;
}

/** An empty batch has nothing to write. */
export const isEmptyBatch = (b: TurnBatch): boolean =>
  b.items.length === 0 &&
  b.ledger.length === 0 &&
  b.counts.length === 0 &&
  !b.pendingAsk &&
  !b.ref &&
  !b.state &&
  isEmptyOutboxWrite(b.outbox);

/**
 * A batch whose effects were saved but whose bot state was not (a store without multi-document
 * transactions, MongoDB): the turn failed after storing what it stored.
 */
export class StateNotSavedError extends Error {
  override readonly name = 'StateNotSavedError';
  constructor(cause: unknown) {
    super(`the turn was saved but its state was not: ${(cause as Error | undefined)?.message ?? ''}`, {
      cause,
    });
  }
}
