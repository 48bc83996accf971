/**
 * The events outbox on MongoDB: one document per (event, system), `_id` its webhook id. Written
 * before the ledger record that causes it (no multi-document transactions): a failure between
 * leaves an event for a change that happened, sent at least once, never a change left untold.
 */
import { MongoBulkWriteError } from 'mongodb';
import { OutboxEvent, type OutboxWrite } from '../outbox-records.ts';
import type { OutboxStore } from '../ports.ts';
import { isDuplicateKey, type Collections, type OutboxDoc, type Run } from './collections.mongo.ts';

const toDoc = ({ id, ...e }: OutboxEvent): OutboxDoc => {
  const fields = Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined));
  return { ...(fields as Omit<OutboxEvent, 'id'>), _id: id, state: e.failedAt ? 'failed' : 'pending' };
};
const fromDoc = ({ _id, state: _s, ...d }: OutboxDoc): OutboxEvent => OutboxEvent.parse({ ...d, id: _id });

export async function ensureOutboxIndexes(c: Collections): Promise<void> {
  await c.outbox.createIndex({ state: 1, nextAt: 1 }, { name: 'state_next_at' });
  await c.outbox.createIndex({ subject: 1, item: 1 }, { name: 'subject_item' });
}

/** Whether every error of an unordered insert is a duplicate key (the events were stored before). */
const onlyDuplicates = (e: unknown): boolean =>
  e instanceof MongoBulkWriteError && [e.writeErrors].flat().every((w) => w.code === 11000);

/**
 * Applies an outbox write in one round trip: values dropped from pending events of the items,
 * except the events added here, while those are inserted (a stored id is kept as is).
 */
export async function writeOutbox(c: Collections, w: OutboxWrite): Promise<void> {
  const added = w.add.map((e) => e.id);
  await Promise.all([
    ...w.strip.map((s) =>
      c.outbox.updateMany(
        {
          subject: s.subject,
          item: s.item,
          state: 'pending',
          ...(s.purpose ? { purpose: s.purpose } : {}),
          ...(added.length > 0 ? { _id: { $nin: added } } : {}),
        },
        { $unset: { value: '' } },
      ),
    ),
    w.add.length > 0 ? addEvents(c, w.add) : undefined,
  ]);
}

/**
 * Inserts events; an id stored already is kept as it is. After a duplicate key the events are
 * inserted one at a time: servers that ignore `ordered: false` (FerretDB 1.x) stop at the first.
 */
async function addEvents(c: Collections, events: readonly OutboxEvent[]): Promise<void> {
  const ignoreDuplicate = (e: unknown) => {
    if (!onlyDuplicates(e) && !isDuplicateKey(e)) throw e;
  };
  try {
    await c.outbox.insertMany(events.map(toDoc), { ordered: false });
  } catch (e) {
    ignoreDuplicate(e);
    if (events.length > 1) for (const e of events) await c.outbox.insertOne(toDoc(e)).catch(ignoreDuplicate);
  }
}

export function mongoOutbox(c: Collections, run: Run): OutboxStore {
  const col = c.outbox;
  return {
    write: (w) => run('write the outbox', () => writeOutbox(c, w)),
    due: (now, limit) =>
      run('read the outbox', async () =>
        (
          await col
            .find({ state: 'pending', nextAt: { $lte: now } })
            .sort({ nextAt: 1, _id: 1 })
            .limit(limit)
            .toArray()
        ).map(fromDoc),
      ),
    delivered: (id) => run('delete a delivered event', async () => void (await col.deleteOne({ _id: id }))),
    retry: (id, attempts, nextAt, error) =>
      run('reschedule an event', async () => {
        await col.updateOne({ _id: id }, { $set: { attempts, nextAt, lastError: error } });
      }),
    giveUp: (id, attempts, at, error) =>
      run('give an event up', async () => {
        await col.updateOne(
          { _id: id },
          { $set: { attempts, lastError: error, failedAt: at, state: 'failed' }, $unset: { value: '' } },
        );
      }),
    failures: (limit) =>
      run('read failed events', async () =>
        (await col.find({ state: 'failed' }).sort({ failedAt: -1, _id: 1 }).limit(limit).toArray()).map(
          fromDoc,
        ),
      ),
    counts: () =>
      run('count the outbox', async () => {
        const [pending, failed] = await Promise.all([
          col.countDocuments({ state: 'pending' }),
          col.countDocuments({ state: 'failed' }),
        ]);
        return { pending, failed };
      }),
    scanValues: (after, limit) =>
      run('read event values', async () =>
        (
          await col
            .find({ state: 'pending', value: { $exists: true }, ...(after ? { _id: { $gt: after } } : {}) })
            .sort({ _id: 1 })
            .limit(limit)
            .toArray()
        ).map(fromDoc),
      ),
    replaceValue: (id, value, expected) =>
      run('replace an event value', async () => {
        const r = await col.updateOne(
          { _id: id, state: 'pending', 'value.iv': expected.iv },
          { $set: { value } },
        );
        return r.matchedCount > 0;
      }),
    deleteFailedBefore: (before, limit) =>
      run('delete given-up events', async () => {
        const old = await col
          .find({ state: 'failed', failedAt: { $lt: before } }, { projection: { _id: 1 } })
          .sort({ failedAt: 1 })
          .limit(limit)
          .toArray();
        if (old.length === 0) return 0;
        // `state` again: an event is deleted only while it is still a given-up one.
        const r = await col.deleteMany({ _id: { $in: old.map((d) => d._id) }, state: 'failed' });
        return r.deletedCount;
      }),
  };
}
