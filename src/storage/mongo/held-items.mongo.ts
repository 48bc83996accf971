/**
 * Held items on MongoDB: one document per subject (`subject_items`, subject-items.mongo.ts) with
 * its items keyed by item id and each item's grants keyed by purpose, so put, addGrant and touch
 * are each one atomic update of that document, and the turn's read is one `_id` lookup.
 * `dueAt` (indexed) is a lower bound of when the subject's first item falls due, kept with `$min`:
 * the sweeper finds subjects by it, re-checks each item and records the exact times, then the
 * subject's new earliest one (only if no turn lowered it meanwhile).
 */
import type { Filter } from 'mongodb';
import type { HeldItemStore } from '../ports.ts';
import type { HeldItem } from '../records.ts';
import { isDuplicateKey, type Collections, type Run, type SubjectItemsDoc } from './collections.mongo.ts';
import {
  deleteUpdate,
  earliestDue,
  grantUpdate,
  heldFilter,
  heldItemsOf,
  itemPath,
  putUpdate,
  removeGrantUpdate,
  touchUpdate,
} from './subject-items.mongo.ts';

/** Records a document's earliest due time, unless a turn changed it since `doc` was read. */
async function settleDueAt(c: Collections, doc: SubjectItemsDoc): Promise<void> {
  const due = earliestDue(doc);
  if (due?.getTime() === doc.dueAt?.getTime()) return;
  const filter = { _id: doc._id, dueAt: doc.dueAt ?? { $exists: false } } as Filter<SubjectItemsDoc>;
  await c.subjectItems.updateOne(filter, due ? { $set: { dueAt: due } } : { $unset: { dueAt: '' } });
}

/** Items held past `now`, soonest first: from the subjects whose earliest due time has come. */
async function dueItems(c: Collections, now: Date, limit: number): Promise<HeldItem[]> {
  const docs = await c.subjectItems
    .find({ dueAt: { $lte: now } })
    .sort({ dueAt: 1 })
    .limit(limit)
    .toArray();
  const due: { at: number; held: HeldItem }[] = [];
  for (const d of docs) {
    const mine = heldItemsOf(d).flatMap((held) => {
      const at = d.items[held.item]?.dueAt;
      return at && at <= now ? [{ at: at.getTime(), held }] : [];
    });
    // Nothing of it is due (an early bound): record the true one, or it would fill every page.
    if (mine.length === 0) await settleDueAt(c, d);
    due.push(...mine);
  }
  return due
    .sort((a, b) => a.at - b.at)
    .slice(0, limit)
    .map((d) => d.held);
}

/** Held items in (subject, item) order after `after`, a page of `limit`. */
async function scanItems(
  c: Collections,
  after: { subject: string; item: string } | undefined,
  limit: number,
): Promise<HeldItem[]> {
  const out: HeldItem[] = [];
  const isAfter = (h: HeldItem) =>
    !after || h.subject > after.subject || (h.subject === after.subject && h.item > after.item);
  let from: Filter<SubjectItemsDoc> = after ? { _id: { $gte: after.subject } } : {};
  while (out.length < limit) {
    const docs = await c.subjectItems.find(from).sort({ _id: 1 }).limit(limit).toArray();
    for (const d of docs) out.push(...heldItemsOf(d).filter(isAfter));
    const last = docs.at(-1);
    if (!last || docs.length < limit) break;
    from = { _id: { $gt: last._id } };
  }
  return out.slice(0, limit);
}

export function mongoHeldItems(c: Collections, run: Run): HeldItemStore {
  const col = c.subjectItems;
  return {
    forSubject: (subject) =>
      run('read held items', async () => heldItemsOf(await col.findOne({ _id: subject }))),
    put: async (held, grant) => {
      const update = putUpdate(held, grant);
      await run('store the item', async () => {
        try {
          await col.updateOne({ _id: held.subject }, update, { upsert: true });
        } catch (e) {
          // Two first puts of one subject raced on `_id`: as an update it now succeeds.
          if (!isDuplicateKey(e)) throw e;
          await col.updateOne({ _id: held.subject }, update, { upsert: true });
        }
      });
    },
    addGrant: (subject, item, grant) =>
      run('store the grant', async () => {
        const r = await col.updateOne(heldFilter(subject, item), grantUpdate(item, grant));
        return r.matchedCount > 0;
      }),
    touch: (subject, item, purpose, at) =>
      run(
        'record the use',
        async () => void (await col.updateOne({ _id: subject }, touchUpdate(item, purpose, at))),
      ),
    delete: (subject, item) =>
      run('delete the item', async () => {
        const before = await col.findOneAndUpdate({ _id: subject }, deleteUpdate(item), {
          returnDocument: 'before',
        });
        return before?.items?.[item]?.value !== undefined;
      }),
    removeGrant: (subject, item, purpose) =>
      run('remove the grant', async () => {
        const after = await col.findOneAndUpdate({ _id: subject }, removeGrantUpdate(item, purpose), {
          returnDocument: 'after',
        });
        const d = after?.items?.[item];
        return d?.value === undefined ? undefined : Object.keys(d.grants ?? {}).length;
      }),
    deleteSubject: (subject) =>
      run('erase the subject', async () => heldItemsOf(await col.findOneAndDelete({ _id: subject })).length),
    due: (now, limit) => run('find due items', () => dueItems(c, now, limit)),
    scan: (after, limit) => run('scan held items', () => scanItems(c, after, limit)),
    setValue: (subject, item, value, expected) =>
      run('store the value', async () => {
        // A ciphertext's random IV identifies it: an unchanged IV means an unchanged value.
        const filter = {
          ...heldFilter(subject, item),
          ...(expected ? { [`${itemPath(item)}.value.iv`]: expected.iv } : {}),
        };
        return (
          (await col.updateOne(filter, { $set: { [`${itemPath(item)}.value`]: value } })).matchedCount > 0
        );
      }),
    setDueAt: (subject, item, dueAt) =>
      run('record the due time', async () => {
        const doc = await col.findOneAndUpdate(
          { _id: subject },
          { $set: { [`${itemPath(item)}.dueAt`]: dueAt } },
          { returnDocument: 'after' },
        );
        if (doc) await settleDueAt(c, doc);
      }),
  };
}
