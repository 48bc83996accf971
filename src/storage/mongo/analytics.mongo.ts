/**
 * Opt-in analytics on MongoDB: one document per counter, `_id` the counter's key, incremented by
 * an upserting `$inc`; rates sum day summaries and, for days without one, a `$match` + `$group`
 * over the live counters (see analytics-days.mongo.ts). Pending asks are one document per
 * conversation key. Portable subset only.
 */
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type WriteError } from 'mongodb';
import {
  countKeyOf,
  CountQuery,
  keyId,
  mergeDeltas,
  PendingAsk,
  type CountDelta,
  type CountKey,
} from '../counters.ts';
import type { AnalyticsStore, PendingAskStore } from '../ports.ts';
import { compactDays, sumDays } from './analytics-days.mongo.ts';
import { isDuplicateKey, type Collections, type Run } from './collections.mongo.ts';

/**
 * One counter (in `ask_counts`, and in `ask_recent` until its day is summarised). Field names are
 * the key's own (no '.' or '$'); `_id` is `keyId(key)`.
 */
export interface AskCountDoc extends CountKey {
  _id: string;
  n: number;
  /** The last increment, for the day-summary job (analytics-days.mongo.ts). */
  touched: Date;
}

/** One pending ask; `_id` is the conversation key. */
export interface PendingAskDoc extends Omit<PendingAsk, 'key'> {
  _id: string;
}

/** The indexes the analytics ports rely on. */
export async function ensureAnalyticsIndexes(c: Collections): Promise<void> {
  await c.askCounts.createIndex({ day: 1 }, { name: 'day' });
  await c.askCounts.createIndex({ touched: 1 }, { name: 'touched' });
  await c.askRecent.createIndex({ day: 1 }, { name: 'day' });
  await c.pendingAsks.createIndex({ since: 1 }, { name: 'since' });
}

export const incOp = (d: CountDelta): AnyBulkWriteOperation<AskCountDoc> => ({
  updateOne: {
    filter: { _id: keyId(d.key) },
    update: { $inc: { n: d.n }, $max: { touched: new Date() }, $setOnInsert: d.key },
    upsert: true,
  },
});

/** The write errors of a bulk write that failed, if every one of them is a duplicate key (E11000). */
function duplicatesOnly(e: unknown): WriteError[] | undefined {
  if (!(e instanceof MongoBulkWriteError)) return undefined;
  const errors: WriteError[] = ([] as WriteError[]).concat(e.writeErrors as WriteError | WriteError[]);
  return errors.length > 0 && errors.every((w) => w.code === 11000) ? errors : undefined;
}

/** Runs upserts; those that lost a race to insert the same new `_id` (E11000) run once more as updates. */
export async function upsertAll(col: Collection<AskCountDoc>, ops: AnyBulkWriteOperation<AskCountDoc>[]) {
  try {
    await col.bulkWrite(ops, { ordered: false });
  } catch (e) {
    const dup = duplicatesOnly(e);
    if (!dup) throw e;
    await col.bulkWrite(
      dup.flatMap((w) => ops[w.index] ?? []),
      { ordered: false },
    );
  }
}

/**
 * Adds a batch of distinct counters: inserts them (the fast path when they are new, as when
 * seeding), then increments the ones that already existed (their inserts failed with E11000).
 */
async function addBatch(col: Collection<AskCountDoc>, batch: CountDelta[]): Promise<void> {
  try {
    await col.insertMany(
      batch.map((d) => ({ _id: keyId(d.key), ...d.key, n: d.n, touched: new Date() })),
      { ordered: false },
    );
  } catch (e) {
    const dup = duplicatesOnly(e);
    if (!dup) throw e;
    await upsertAll(
      col,
      dup.flatMap((w) => (batch[w.index] ? [incOp(batch[w.index] as CountDelta)] : [])),
    );
  }
}

/** Adds to the counters (the source of the day summaries), then to the recent days' copy queries read. */
export function mongoAnalytics(c: Collections, run: Run): AnalyticsStore {
  const increment = async (col: Collection<AskCountDoc>, d: CountDelta) => {
    const op = incOp(d);
    if (!('updateOne' in op)) return;
    const { filter, update } = op.updateOne;
    try {
      await col.updateOne(filter, update, { upsert: true });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      await col.updateOne(filter, update, { upsert: true });
    }
  };
  return {
    record: (event) =>
      run('count the ask event', async () => {
        const d = { key: countKeyOf(event), n: 1 };
        await increment(c.askCounts, d);
        await increment(c.askRecent, d);
      }),
    add: (deltas) =>
      run('add ask counts', async () => {
        const merged = mergeDeltas(deltas);
        for (const col of [c.askCounts, c.askRecent])
          for (let i = 0; i < merged.length; i += 1000) await addBatch(col, merged.slice(i, i + 1000));
      }),
    query: (input) =>
      run('sum ask counts', async () => {
        const q = CountQuery.parse(input);
        return sumDays(c, q, [...new Set(q.groupBy)]);
      }),
    compact: (before, now) => run('fold ask counts into day summaries', () => compactDays(c, before, now)),
  };
}

export function mongoPendingAsks(c: Collections, run: Run): PendingAskStore {
  const col = c.pendingAsks;
  return {
    set: ({ key, ...rest }) =>
      run('note the pending ask', async () => {
        await col.replaceOne({ _id: key }, rest, { upsert: true }).catch(async (e: unknown) => {
          if (!isDuplicateKey(e)) throw e;
          await col.replaceOne({ _id: key }, rest, { upsert: true });
        });
      }),
    clear: (key) => run('clear the pending ask', async () => void (await col.deleteOne({ _id: key }))),
    quiet: (before, limit) =>
      run('read quiet pending asks', async () => {
        const docs = await col
          .find({ since: { $lt: before } })
          .sort({ since: 1 })
          .limit(limit)
          .toArray();
        return docs.map(({ _id, ...rest }) => PendingAsk.parse({ ...rest, key: _id }));
      }),
    settle: (key, since) =>
      run(
        'settle the pending ask',
        async () => (await col.deleteOne({ _id: key, since })).deletedCount === 1,
      ),
  };
}
