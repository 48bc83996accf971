/**
 * Opt-in analytics on MongoDB: one document per counter, `_id` the counter's key, incremented by
 * an upserting `$inc`; rates come from a `$match` + `$group` over a day range (served by the `day`
 * index). Pending asks are one document per conversation key. Portable subset only.
 */
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Filter, type WriteError } from 'mongodb';
import {
  countKeyOf,
  CountQuery,
  keyId,
  mergeDeltas,
  PendingAsk,
  type AskEventType,
  type CountDelta,
  type CountKey,
  type CountRow,
  type Dimension,
} from '../../analytics/index.ts';
import type { AnalyticsStore, PendingAskStore } from '../ports.ts';
import { isDuplicateKey, type Collections, type Run } from './collections.mongo.ts';

/** One counter. Field names are the key's own (no '.' or '$'); `_id` is `keyId(key)`. */
export interface AskCountDoc extends CountKey {
  _id: string;
  n: number;
}

/** One pending ask; `_id` is the conversation key. */
export interface PendingAskDoc extends Omit<PendingAsk, 'key'> {
  _id: string;
}

/** The indexes the analytics ports rely on. */
export async function ensureAnalyticsIndexes(c: Collections): Promise<void> {
  await c.askCounts.createIndex({ day: 1 }, { name: 'day' });
  await c.pendingAsks.createIndex({ since: 1 }, { name: 'since' });
}

const incOp = (d: CountDelta): AnyBulkWriteOperation<AskCountDoc> => ({
  updateOne: {
    filter: { _id: keyId(d.key) },
    update: { $inc: { n: d.n }, $setOnInsert: d.key },
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
async function upsertAll(c: Collections, ops: AnyBulkWriteOperation<AskCountDoc>[]): Promise<void> {
  try {
    await c.askCounts.bulkWrite(ops, { ordered: false });
  } catch (e) {
    const dup = duplicatesOnly(e);
    if (!dup) throw e;
    await c.askCounts.bulkWrite(
      dup.flatMap((w) => ops[w.index] ?? []),
      { ordered: false },
    );
  }
}

/**
 * Adds a batch of distinct counters: inserts them (the fast path when they are new, as when
 * seeding), then increments the ones that already existed (their inserts failed with E11000).
 */
async function addBatch(c: Collections, batch: CountDelta[]): Promise<void> {
  try {
    await c.askCounts.insertMany(
      batch.map((d) => ({ _id: keyId(d.key), ...d.key, n: d.n })),
      { ordered: false },
    );
  } catch (e) {
    const dup = duplicatesOnly(e);
    if (!dup) throw e;
    await upsertAll(
      c,
      dup.flatMap((w) => (batch[w.index] ? [incOp(batch[w.index] as CountDelta)] : [])),
    );
  }
}

export function mongoAnalytics(c: Collections, run: Run): AnalyticsStore {
  const col = c.askCounts;
  const increment = async (d: CountDelta) => {
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
    record: (event) => run('count the ask event', () => increment({ key: countKeyOf(event), n: 1 })),
    add: (deltas) =>
      run('add ask counts', async () => {
        const merged = mergeDeltas(deltas);
        for (let i = 0; i < merged.length; i += 1000) await addBatch(c, merged.slice(i, i + 1000));
      }),
    query: (input) =>
      run('sum ask counts', async () => {
        const q = CountQuery.parse(input);
        const dims = [...new Set(q.groupBy)];
        const match: Filter<AskCountDoc> = { day: { $gte: q.from, $lte: q.to } };
        for (const [dim, values] of Object.entries(q.filters) as [Dimension, string[]][])
          Object.assign(match, { [dim]: { $in: values } });
        const id = Object.fromEntries([...dims, 'type', 'reason'].map((f) => [f, `$${f}`]));
        const groups = await col
          .aggregate<{ _id: Record<string, string>; n: number }>([
            { $match: match },
            { $group: { _id: id, n: { $sum: '$n' } } },
          ])
          .toArray();
        return groups.map((g): CountRow => ({
          group: Object.fromEntries(dims.map((d) => [d, String(g._id[d] ?? '')])),
          type: g._id.type as AskEventType,
          reason: String(g._id.reason ?? ''),
          n: Number(g.n),
        }));
      }),
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
