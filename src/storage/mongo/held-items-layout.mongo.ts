/**
 * Moves held items from the per-item layout of earlier versions (`held_items`, one document per
 * subject and item) into the per-subject documents of `subject_items`, at open, before any
 * operation runs. Each item is copied, then its old document deleted, so a move cut short is
 * taken up at the next open. An item the new layout already holds is newer (written by this
 * version) and is kept. Cheap once done: one read of an empty collection.
 */
import { isDuplicateKey, type Collections, type HeldItemDoc } from './collections.mongo.ts';
import { itemPath } from './subject-items.mongo.ts';

const PAGE = 200;

async function moveOne(c: Collections, d: HeldItemDoc): Promise<void> {
  const p = itemPath(d.item);
  const { value, collectedAt, collected, grants, dueAt } = d;
  const update = {
    $set: { [p]: { value, collectedAt, collected, grants, ...(dueAt ? { dueAt } : {}) } },
    ...(dueAt ? { $min: { dueAt } } : {}),
  };
  // Only where the item is not held yet; with no match the upsert inserts, which fails (E11000)
  // when the subject's document exists and holds the item: that one is newer and stays. A second
  // try tells that apart from a document another writer created meanwhile.
  const filter = { _id: d.subject, [`${p}.value`]: { $exists: false } };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await c.subjectItems.updateOne(filter, update, { upsert: true });
      break;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  await c.heldItems.deleteOne({ _id: d._id });
}

/** Moves every item of the old layout; returns how many were moved. */
export async function moveLegacyHeldItems(c: Collections): Promise<number> {
  let moved = 0;
  for (;;) {
    const docs = await c.heldItems.find({}).limit(PAGE).toArray();
    for (const d of docs) await moveOne(c, d);
    moved += docs.length;
    if (docs.length < PAGE) return moved;
  }
}
