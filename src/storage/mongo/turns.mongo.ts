/**
 * A turn's one read and one write on MongoDB, in the fewest round trips the portable subset
 * allows (no multi-document transactions): the read is the subject's held-items document and
 * summary document, each by `_id`, fetched together (and alongside the bot state, see channels/bot.ts); the write is one
 * ordered bulk write of item changes (most turns: one update of the subject's items) together with one insertMany of ledger records, then the
 * update of the summary (folded from the records that were new) together with the reference when
 * it changed, then the bot state last — so a state that marks the activity done is never
 * written before what the turn stored. Counts and the waiting ask go to the write-behind batch.
 * A failure anywhere rejects the turn; nothing is answered before every write is acknowledged.
 */
import type { UpdateFilter } from 'mongodb';
import type { OutboxWrite } from '../outbox-records.ts';
import type { LedgerRecord } from '../records.ts';
import {
  AskSummary,
  changesSummary,
  emptyAskSummary,
  foldAskSummary,
  isObjection,
  StateNotSavedError,
  type TurnBatch,
  type TurnStore,
} from '../turn-batch.ts';
import {
  fieldName,
  insertOr,
  isDuplicateKey,
  upsertById,
  type Collections,
  type Run,
  type SubjectItemsDoc,
} from './collections.mongo.ts';
import { freshItemsDoc, heldItemsOf, itemWrites } from './subject-items.mongo.ts';
import { appendChained, headUpdate, parseHeadKey } from './ledger-chain.mongo.ts';
import type { ChainHead } from '../ledger-chain.ts';
import { writeOutbox } from './outbox.mongo.ts';
import { mongoState } from './state.mongo.ts';
import type { WriteBehind } from './write-behind.mongo.ts';
import type { ServerTraits } from './server-traits.mongo.ts';

/**
 * A subject's ask-history summary; never-asks as an object (so one update can add and remove),
 * `complete` once it was folded from the whole ledger (a document made by updates alone is not).
 */
export interface AskSummaryDoc {
  _id: string;
  refusals?: Record<string, { event: 'declined' | 'deferred'; at: Date }>;
  neverAsk?: Record<string, true>;
  optionalAsks?: Date[];
  asked?: Record<string, { id: string; textHash?: string }>;
  objections?: Record<string, true>;
  /** The subject's ledger chain head (`<seq>|<hash>`, ledger-chain.mongo.ts), raised with `$max`. */
  chainHead?: string;
  complete?: boolean;
}

const fromDoc = (d: AskSummaryDoc): AskSummary =>
  AskSummary.parse({
    refusals: d.refusals ?? {},
    neverAsk: Object.keys(d.neverAsk ?? {}),
    optionalAsks: d.optionalAsks ?? [],
    asked: d.asked ?? {},
    objections: Object.keys(d.objections ?? {}),
  });

const toDoc = (subject: string, s: AskSummary): AskSummaryDoc => ({
  _id: subject,
  refusals: s.refusals,
  neverAsk: Object.fromEntries(s.neverAsk.map((i) => [fieldName(i), true as const])),
  optionalAsks: s.optionalAsks,
  asked: Object.fromEntries(Object.entries(s.asked).map(([k, v]) => [fieldName(k), v])),
  objections: Object.fromEntries(s.objections.map((k) => [fieldName(k), true as const])),
  complete: true,
});

/** The one update that folds `records` into a stored summary (each field set or unset once). */
export function summaryDelta(records: readonly LedgerRecord[]): UpdateFilter<AskSummaryDoc> | undefined {
  const refusals = new Map<string, { event: 'declined' | 'deferred'; at: Date } | undefined>();
  const never = new Map<string, boolean>();
  const asks: Date[] = [];
  const asked = new Map<string, { id: string; textHash?: string }>();
  const objections = new Map<string, boolean>();
  for (const r of records.filter(changesSummary)) {
    const key = fieldName(`${r.item}:${r.purpose}`);
    if (r.event === 'declined' || r.event === 'deferred') refusals.set(key, { event: r.event, at: r.at });
    else if (r.event === 'granted' || r.event === 'reused') {
      refusals.set(key, undefined);
      never.set(fieldName(r.item), false);
      objections.set(key, false);
    } else if (isObjection(r)) objections.set(key, true);
    else if (r.event === 'never-ask') never.set(fieldName(r.item), true);
    else if (r.event === 'never-ask-cleared') never.set(fieldName(r.item), false);
    else if (r.event === 'asked') {
      if (r.required !== true) asks.push(r.at);
      asked.set(key, { id: r.id, ...(r.textHash ? { textHash: r.textHash } : {}) });
    }
  }
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [k, v] of refusals)
    if (v) $set[`refusals.${k}`] = v;
    else $unset[`refusals.${k}`] = '';
  for (const [k, v] of never)
    if (v) $set[`neverAsk.${k}`] = true;
    else $unset[`neverAsk.${k}`] = '';
  for (const [k, v] of asked) $set[`asked.${k}`] = v;
  for (const [k, v] of objections)
    if (v) $set[`objections.${k}`] = true;
    else $unset[`objections.${k}`] = '';
  const update: Record<string, unknown> = {};
  if (Object.keys($set).length > 0) update.$set = $set;
  if (Object.keys($unset).length > 0) update.$unset = $unset;
  if (asks.length > 0) update.$push = { optionalAsks: { $each: asks } };
  return Object.keys(update).length > 0 ? update : undefined;
}

/**
 * Writes a turn's item changes: for a subject whose facts found no document, the document they
 * make is inserted (the updates run only if one came meanwhile); otherwise the updates, in order.
 */
async function writeItems(c: Collections, b: TurnBatch, hint: FactHint | undefined): Promise<void> {
  if (b.items.length === 0) return;
  const ops = itemWrites(b.subject, b.items);
  const update = async () => {
    try {
      await c.subjectItems.bulkWrite(ops, { ordered: true });
    } catch (e) {
      // Two first puts of one subject raced on `_id`: as updates they now succeed.
      if (!isDuplicateKey(e)) throw e;
      await c.subjectItems.bulkWrite(ops, { ordered: true });
    }
  };
  const fresh = hint && !hint.itemsDoc ? freshItemsDoc(b.subject, b.items) : undefined;
  await (fresh ? insertOr(c.subjectItems, fresh, update) : update());
}

/** The summary's update with the chain's new head raised in it (one write for both). */
export function withHead(
  update: UpdateFilter<AskSummaryDoc> | undefined,
  appended: readonly LedgerRecord[],
): UpdateFilter<AskSummaryDoc> | undefined {
  const head = headUpdate(appended);
  return head ? { ...update, $max: head } : update;
}

/**
 * Folds the appended records into the subject's summary (and raises the chain head). A full summary
 * for a subject whose facts found no document is inserted (see `insertOr`); otherwise, or when
 * one came meanwhile, the update runs.
 */
async function writeSummary(c: Collections, b: TurnBatch, appended: LedgerRecord[], fresh: boolean) {
  if (!b.summaryBase) {
    const update = withHead(summaryDelta(appended), appended);
    if (update) await upsertOnce(c, { _id: b.subject }, update);
    return;
  }
  // Every field set, the chain head kept or raised: a replacement would drop it.
  const { _id, ...doc } = toDoc(b.subject, foldAskSummary(b.summaryBase, appended.filter(changesSummary)));
  const set: UpdateFilter<AskSummaryDoc> = { $set: doc };
  const update = withHead(set, appended) ?? set;
  const upsert = () => upsertOnce(c, { _id }, update);
  if (fresh) await insertOr(c.askSummaries, { _id, ...doc, ...headUpdate(appended) }, upsert);
  else await upsert();
}

/** A subject's conversation reference: inserted for a subject whose facts found no summary. */
function writeRef(c: Collections, subject: string, ref: NonNullable<TurnBatch['ref']>, hint?: FactHint) {
  const fields = { ref: JSON.stringify(ref.doc), updatedAt: ref.at };
  const upsert = () => upsertById(c.refs, subject, fields);
  return hint && hint.head === undefined ? insertOr(c.refs, { _id: subject, ...fields }, upsert) : upsert();
}

/**
 * An upsert of a subject's summary. Two first turns of a subject (two instances) may both insert:
 * the loser gets a duplicate key, and the same update then applies to the document the winner made.
 */
export async function upsertOnce(
  c: Collections,
  filter: { _id: string },
  update: UpdateFilter<AskSummaryDoc>,
) {
  try {
    await c.askSummaries.updateOne(filter, update, { upsert: true });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    await c.askSummaries.updateOne(filter, update, { upsert: true });
  }
}

/** What a turn's facts saw that its batch can use: the chain head and the items held. */
interface FactHint {
  /** The head the summary names, none yet (`null`), or unknown (no summary document). */
  readonly head: ChainHead | null | undefined;
  readonly held: ReadonlySet<string>;
  /** Whether the subject had a held-items document. */
  readonly itemsDoc: boolean;
  /** When it was read (`performance.now()`): a hint older than a turn takes is not trusted. */
  readonly at: number;
}

/** Longer than a turn between its facts and its batch; a hint left by a turn that wrote nothing expires. */
const HINT_TTL_MS = 5_000;

/** The facts the turns read, until their batch uses them (ledger-chain.mongo.ts, outbox strips). */
function factHints() {
  const hints = new Map<string, FactHint>();
  return {
    read(subject: string, summary: AskSummaryDoc | null, items: SubjectItemsDoc | null): void {
      if (hints.size > 10_000) hints.clear();
      const head = summary ? (parseHeadKey(summary.chainHead) ?? null) : undefined;
      const held = new Set(heldItemsOf(items).map((h) => h.item));
      hints.set(subject, { head, held, itemsDoc: items !== null, at: performance.now() });
    },
    take(subject: string): FactHint | undefined {
      const h = hints.get(subject);
      hints.delete(subject);
      return h && performance.now() - h.at < HINT_TTL_MS ? h : undefined;
    },
  };
}

/**
 * The strips a batch needs. Values ride only on pending events of items that are held (erasure,
 * withdrawal and give-back strip them as the item or grant goes), so a strip of an item the turn's
 * facts did not hold finds nothing. It is skipped where it would scan the outbox (FerretDB); a
 * turn of the same subject storing the same item in the same instant elsewhere is the one case
 * it could have found something, as FerretDB's own conditional updates are not atomic either.
 */
function neededStrips(w: OutboxWrite, hint: FactHint | undefined, traits: ServerTraits): OutboxWrite {
  if (!traits.idOnlyFilters || !hint) return w;
  return { ...w, strip: w.strip.filter((s) => hint.held.has(s.item)) };
}

/**
 * Marks a database whose every subject's summary follows the ledger from its first record (the
 * ledger was empty when summaries came): there, a subject without one has an empty history.
 */
const SUMMARISED = '~all-summarised';

/** Whether every summary is complete (see SUMMARISED); asked once, and settled once true. */
function summarisedCheck(c: Collections) {
  let known = false;
  return async (): Promise<boolean> => {
    if (known) return true;
    if (await c.askSummaries.findOne({ _id: SUMMARISED })) return (known = true);
    if (await c.ledger.findOne({}, { projection: { _id: 1 } })) return false;
    await c.askSummaries.updateOne({ _id: SUMMARISED }, { $set: { complete: true } }, { upsert: true });
    return (known = true);
  };
}

export function mongoTurns(c: Collections, run: Run, behind: WriteBehind, traits: ServerTraits): TurnStore {
  const state = mongoState(c, run, traits);
  const summarised = summarisedCheck(c);
  const hints = factHints();
  return {
    facts: (subject) =>
      run('read the turn facts', async () => {
        // Both by `_id`: no server scans a collection for a turn.
        const [items, summary] = await Promise.all([
          c.subjectItems.findOne({ _id: subject }),
          c.askSummaries.findOne({ _id: subject }),
        ]);
        const held = heldItemsOf(items);
        hints.read(subject, summary, items);
        if (summary?.complete) return { held, summary: fromDoc(summary) };
        // A database summarised from its start: a missing or update-made summary is the whole history.
        if (await summarised())
          return summary
            ? { held, summary: fromDoc(summary) }
            : { held, summary: emptyAskSummary(), noSummary: true as const };
        return { held };
      }),
    apply: async (b) => {
      const appended = await run('save the turn', async () => {
        // Items, events and ledger records together: none reads the others. Without transactions
        // one may land while another fails; the turn then fails (the customer is told nothing was
        // saved) and a redelivery writes all three again, each idempotently (ledger idempotency
        // key, outbox webhook-id, item upsert). Then what folds the appended records (and raises
        // the chain head) and the reference; counts and the waiting ask are written behind.
        const hint = hints.take(b.subject);
        const [, , added] = await Promise.all([
          writeItems(c, b, hint),
          b.outbox ? writeOutbox(c, neededStrips(b.outbox, hint, traits)) : undefined,
          appendChained(c, b.ledger, hint?.head),
        ]);
        await Promise.all([
          writeSummary(c, b, added, hint?.head === undefined && hint !== undefined),
          // The reference only when it changed; a subject new to the store has none yet.
          b.ref ? writeRef(c, b.subject, b.ref, hint) : undefined,
        ]);
        behind.add(b);
        return added.length;
      });
      if (!b.state) return { appended };
      const { key, doc, expected, meta } = b.state;
      try {
        const eTag =
          expected === undefined
            ? await state.writeFresh(key, doc, meta)
            : await state.write(key, doc, expected, meta);
        return { appended, eTag };
      } catch (e) {
        throw new StateNotSavedError(e);
      }
    },
  };
}
