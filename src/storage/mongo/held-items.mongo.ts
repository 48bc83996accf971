/**
 * Held items on MongoDB: one document per (subject, item) with its grants as an object keyed by
 * purpose, so put, addGrant and touch are each one atomic update of `grants.<purpose>`.
 * `dueAt` (indexed) is a lower bound of when the first grant falls due, kept with `$min`: a
 * later use can only move a grant's due time later, and the sweeper then records the exact time.
 */
import type { UpdateFilter } from 'mongodb';
import type { HeldItemStore } from '../ports.ts';
import { grantDueAt, HeldItem, type Grant } from '../records.ts';
import {
  fieldName,
  isDuplicateKey,
  type Collections,
  type HeldItemDoc,
  type Run,
} from './collections.mongo.ts';

const idOf = (subject: string, item: string) => `${subject}|${item}`;

function grantDoc(g: Grant): Omit<Grant, 'purpose'> {
  const { purpose: _purpose, ...rest } = g;
  return rest;
}

/** The port's shape: grants as an array, in purpose order, parsed so a corrupt document is an error. */
export function toHeldItem(d: HeldItemDoc): HeldItem {
  const grants = Object.entries(d.grants)
    .map(([purpose, g]) => ({ ...g, purpose }))
    .sort((a, b) => (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0));
  const { subject, item, value, collectedAt, collected } = d;
  return HeldItem.parse({ subject, item, value, collectedAt, collected, grants });
}

export function mongoHeldItems(c: Collections, run: Run): HeldItemStore {
  const col = c.heldItems;
  /** Upserts by `_id`; two concurrent first inserts race on `_id`, so the loser retries once. */
  const upsert = async (id: string, update: UpdateFilter<HeldItemDoc>) => {
    try {
      await col.updateOne({ _id: id }, update, { upsert: true });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      await col.updateOne({ _id: id }, update, { upsert: true });
    }
  };
  return {
    forSubject: (subject) =>
      run('read held items', async () =>
        (await col.find({ subject }).sort({ item: 1 }).toArray()).map(toHeldItem),
      ),
    put: async (held, grant) => {
      const { subject, item, value, collectedAt, collected } = held;
      const key = `grants.${fieldName(grant.purpose)}`;
      await run('store the item', () =>
        upsert(idOf(subject, item), {
          $set: { subject, item, value, collectedAt, collected, [key]: grantDoc(grant) },
          $min: { dueAt: grantDueAt(grant) },
        }),
      );
    },
    addGrant: async (subject, item, grant) => {
      const key = `grants.${fieldName(grant.purpose)}`;
      return run('store the grant', async () => {
        const r = await col.updateOne(
          { _id: idOf(subject, item) },
          { $set: { [key]: grantDoc(grant) }, $min: { dueAt: grantDueAt(grant) } },
        );
        return r.matchedCount > 0;
      });
    },
    touch: async (subject, item, purpose, at) => {
      const key = `grants.${fieldName(purpose)}`;
      // Only a grant that exists is touched: a bare $set would create a half grant.
      await run('record the use', () =>
        col.updateOne(
          { _id: idOf(subject, item), [key]: { $exists: true } },
          { $set: { [`${key}.lastUsedAt`]: at } },
        ),
      );
    },
    delete: (subject, item) =>
      run(
        'delete the item',
        async () => (await col.deleteOne({ _id: idOf(subject, item) })).deletedCount > 0,
      ),
    removeGrant: (subject, item, purpose) =>
      run('remove the grant', async () => {
        const d = await col.findOneAndUpdate(
          { _id: idOf(subject, item) },
          { $unset: { [`grants.${fieldName(purpose)}`]: '' } },
          { returnDocument: 'after' },
        );
        return d ? Object.keys(d.grants).length : undefined;
      }),
    deleteSubject: (subject) =>
      run('erase the subject', async () => (await col.deleteMany({ subject })).deletedCount),
    due: (now, limit) =>
      run('find due items', async () =>
        (
          await col
            .find({ dueAt: { $lte: now } })
            .sort({ dueAt: 1 })
            .limit(limit)
            .toArray()
        ).map(toHeldItem),
      ),
    scan: (after, limit) =>
      run('scan held items', async () => {
        const filter = after ? { _id: { $gt: idOf(after.subject, after.item) } } : {};
        return (await col.find(filter).sort({ _id: 1 }).limit(limit).toArray()).map(toHeldItem);
      }),
    setValue: (subject, item, value, expected) =>
      run('store the value', async () => {
        // A ciphertext's random IV identifies it: an unchanged IV means an unchanged value.
        const filter = { _id: idOf(subject, item), ...(expected ? { 'value.iv': expected.iv } : {}) };
        return (await col.updateOne(filter, { $set: { value } })).matchedCount > 0;
      }),
    setDueAt: (subject, item, dueAt) =>
      run('record the due time', async () => {
        await col.updateOne({ _id: idOf(subject, item) }, { $set: { dueAt } });
      }),
  };
}
