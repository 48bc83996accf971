/**
 * A turn's one read and one write on MongoDB, in the fewest round trips the portable subset
 * allows (no multi-document transactions): the read is the subject's held items and summary
 * document, fetched together; the write is one ordered bulk write of item changes, then one
 * insertMany of ledger records, then one update of the summary, then the reference when it
 * changed; counts and the waiting ask go to the write-behind batch. Items go first, so a
 * ledger record of a grant never precedes its item; a failure part-way rejects the turn.
 */
import { MongoBulkWriteError, type AnyBulkWriteOperation, type UpdateFilter } from 'mongodb';
import { grantDueAt, type Grant, type LedgerRecord } from '../records.ts';
import {
  AskSummary,
  changesSummary,
  emptyAskSummary,
  foldAskSummary,
  StateNotSavedError,
  type ItemChange,
  type TurnBatch,
  type TurnStore,
} from '../turn-batch.ts';
import {
  fieldName,
  isDuplicateKey,
  upsertById,
  type Collections,
  type HeldItemDoc,
  type Run,
} from './collections.mongo.ts';
import { toHeldItem } from './held-items.mongo.ts';
import { toLedgerDoc } from './ledger.mongo.ts';
import { writeOutbox } from './outbox.mongo.ts';
import { mongoState } from './state.mongo.ts';
import type { WriteBehind } from './write-behind.mongo.ts';

/**
 * A subject's ask-history summary; never-asks as an object (so one update can add and remove),
 * `complete` once it was folded from the whole ledger (a document made by updates alone is not).
 */
export interface AskSummaryDoc {
  _id: string;
  refusals?: Record<string, { event: 'declined' | 'deferred'; at: Date }>;
  neverAsk?: Record<string, true>;
  optionalAsks?: Date[];
  complete?: boolean;
}

const idOf = (subject: string, item: string) => `${subject}|${item}`;
const grantDoc = ({ purpose: _p, ...rest }: Grant) => rest;

const fromDoc = (d: AskSummaryDoc): AskSummary =>
  AskSummary.parse({
    refusals: d.refusals ?? {},
    neverAsk: Object.keys(d.neverAsk ?? {}),
    optionalAsks: d.optionalAsks ?? [],
  });

const toDoc = (subject: string, s: AskSummary): AskSummaryDoc => ({
  _id: subject,
  refusals: s.refusals,
  neverAsk: Object.fromEntries(s.neverAsk.map((i) => [fieldName(i), true as const])),
  optionalAsks: s.optionalAsks,
  complete: true,
});

/** The one update that folds `records` into a stored summary (each field set or unset once). */
export function summaryDelta(records: readonly LedgerRecord[]): UpdateFilter<AskSummaryDoc> | undefined {
  const refusals = new Map<string, { event: 'declined' | 'deferred'; at: Date } | undefined>();
  const never = new Map<string, boolean>();
  const asks: Date[] = [];
  for (const r of records.filter(changesSummary)) {
    const key = fieldName(`${r.item}:${r.purpose}`);
    if (r.event === 'declined' || r.event === 'deferred') refusals.set(key, { event: r.event, at: r.at });
    else if (r.event === 'granted' || r.event === 'reused') {
      refusals.set(key, undefined);
      never.set(fieldName(r.item), false);
    } else if (r.event === 'never-ask') never.set(fieldName(r.item), true);
    else if (r.event === 'never-ask-cleared') never.set(fieldName(r.item), false);
    else asks.push(r.at);
  }
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [k, v] of refusals)
    if (v) $set[`refusals.${k}`] = v;
    else $unset[`refusals.${k}`] = '';
  for (const [k, v] of never)
    if (v) $set[`neverAsk.${k}`] = true;
    else $unset[`neverAsk.${k}`] = '';
  const update: Record<string, unknown> = {};
  if (Object.keys($set).length > 0) update.$set = $set;
  if (Object.keys($unset).length > 0) update.$unset = $unset;
  if (asks.length > 0) update.$push = { optionalAsks: { $each: asks } };
  return Object.keys(update).length > 0 ? update : undefined;
}

function itemOp(subject: string, c: ItemChange): AnyBulkWriteOperation<HeldItemDoc> {
  switch (c.kind) {
    case 'put': {
      const { item, value, collectedAt, collected } = c.item;
      const update = {
        $set: {
          subject,
          item,
          value,
          collectedAt,
          collected,
          [`grants.${fieldName(c.grant.purpose)}`]: grantDoc(c.grant),
        },
        $min: { dueAt: grantDueAt(c.grant) },
      };
      return { updateOne: { filter: { _id: idOf(subject, item) }, update, upsert: true } };
    }
    case 'grant':
      return {
        updateOne: {
          filter: { _id: idOf(subject, c.item) },
          update: {
            $set: { [`grants.${fieldName(c.grant.purpose)}`]: grantDoc(c.grant) },
            $min: { dueAt: grantDueAt(c.grant) },
          },
        },
      };
    case 'touch': {
      const key = `grants.${fieldName(c.purpose)}`;
      return {
        updateOne: {
          filter: { _id: idOf(subject, c.item), [key]: { $exists: true } },
          update: { $set: { [`${key}.lastUsedAt`]: c.at } },
        },
      };
    }
    case 'remove-grant':
      return {
        updateOne: {
          filter: { _id: idOf(subject, c.item) },
          update: { $unset: { [`grants.${fieldName(c.purpose)}`]: '' } },
        },
      };
    case 'delete':
      return { deleteOne: { filter: { _id: idOf(subject, c.item) } } };
  }
}

/** Inserts records, skipping ones whose `idem` was seen; returns those that are new. */
async function appendAll(c: Collections, records: readonly LedgerRecord[]): Promise<LedgerRecord[]> {
  if (records.length === 0) return [];
  try {
    await c.ledger.insertMany(records.map(toLedgerDoc), { ordered: false });
    return [...records];
  } catch (e) {
    if (!(e instanceof MongoBulkWriteError)) throw e;
    const errors = [e.writeErrors].flat();
    if (!errors.every((w) => w.code === 11000)) throw e;
    const failed = new Set(errors.map((w) => w.index));
    return records.filter((_, i) => !failed.has(i));
  }
}

async function writeItems(c: Collections, b: TurnBatch): Promise<void> {
  if (b.items.length === 0) return;
  const ops = b.items.map((ch) => itemOp(b.subject, ch));
  try {
    await c.heldItems.bulkWrite(ops, { ordered: true });
  } catch (e) {
    // Two first puts of one item raced on `_id`: as updates they now succeed.
    if (!isDuplicateKey(e)) throw e;
    await c.heldItems.bulkWrite(ops, { ordered: true });
  }
}

async function writeSummary(c: Collections, b: TurnBatch, appended: LedgerRecord[]): Promise<void> {
  if (b.summaryBase) {
    const doc = toDoc(b.subject, foldAskSummary(b.summaryBase, appended.filter(changesSummary)));
    await c.askSummaries.replaceOne({ _id: b.subject }, doc, { upsert: true });
    return;
  }
  const delta = summaryDelta(appended);
  if (delta) await c.askSummaries.updateOne({ _id: b.subject }, delta, { upsert: true });
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

export function mongoTurns(c: Collections, run: Run, behind: WriteBehind): TurnStore {
  const state = mongoState(c, run);
  const summarised = summarisedCheck(c);
  return {
    facts: (subject) =>
      run('read the turn facts', async () => {
        const [docs, summary] = await Promise.all([
          c.heldItems.find({ subject }).sort({ item: 1 }).toArray(),
          c.askSummaries.findOne({ _id: subject }),
        ]);
        const held = docs.map(toHeldItem);
        if (summary?.complete) return { held, summary: fromDoc(summary) };
        // A database summarised from its start: a missing or update-made summary is the whole history.
        if (await summarised()) return { held, summary: summary ? fromDoc(summary) : emptyAskSummary() };
        return { held };
      }),
    apply: async (b) => {
      const appended = await run('save the turn', async () => {
        await writeItems(c, b);
        if (b.outbox) await writeOutbox(c, b.outbox);
        const added = await appendAll(c, b.ledger);
        await writeSummary(c, b, added);
        // The reference only when it changed; counts and the waiting ask are written behind.
        if (b.ref)
          await upsertById(c.refs, b.subject, { ref: JSON.stringify(b.ref.doc), updatedAt: b.ref.at });
        behind.add(b);
        return added.length;
      });
      if (!b.state) return { appended };
      const { key, doc, expected, meta } = b.state;
      try {
        return { appended, eTag: await state.write(key, doc, expected ?? '*', meta) };
      } catch (e) {
        throw new StateNotSavedError(e);
      }
    },
  };
}
