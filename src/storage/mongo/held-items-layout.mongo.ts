/**
 * Moves held items from the per-item layout of earlier versions (`held_items`, one document per
 * subject and item) into the per-subject documents of `subject_items`, at open, before any
 * operation runs: a page of items is copied with one unordered bulk write, then their old
 * documents deleted with one command, so a move cut short is taken up at the next open and a
 * large collection costs two round trips per page. An item the new layout already holds is newer
 * (written by this version) and is kept. Cheap once done: one read of an empty collection.
 */
import { MongoBulkWriteError, type AnyBulkWriteOperation } from 'mongodb';
import {
  isDuplicateKey,
  type Collections,
  type HeldItemDoc,
  type SubjectItemsDoc,
} from './collections.mongo.ts';
import { itemPath } from './subject-items.mongo.ts';

const PAGE = 200;

/**
 * Copies one item, only where its subject's document does not hold it yet. With no match the
 * upsert inserts, which fails (E11000) when the document exists and holds the item: that one is
 * newer and stays.
 */
function copyOp(d: HeldItemDoc): AnyBulkWriteOperation<SubjectItemsDoc> {
  const p = itemPath(d.item);
  const { value, collectedAt, collected, grants, dueAt } = d;
  const update = {
    $set: { [p]: { value, collectedAt, collected, grants, ...(dueAt ? { dueAt } : {}) } },
    ...(dueAt ? { $min: { dueAt } } : {}),
  };
  return {
    updateOne: { filter: { _id: d.subject, [`${p}.value`]: { $exists: false } }, update, upsert: true },
  };
}

/** Copies one item alone; a duplicate key is tried once more (another writer may have made the document). */
async function copyOne(c: Collections, op: AnyBulkWriteOperation<SubjectItemsDoc>): Promise<void> {
  if (!('updateOne' in op)) return;
  const { filter, update } = op.updateOne;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await c.subjectItems.updateOne(filter, update, { upsert: true });
      return;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
}

/**
 * Copies a page with one bulk write. When some item clashed, the page is copied again one item at
 * a time: servers that ignore `ordered: false` (FerretDB 1.x) stop at the first failure, and an
 * item copied already clashes harmlessly (it is held).
 */
async function copyPage(c: Collections, docs: readonly HeldItemDoc[]): Promise<void> {
  const ops = docs.map(copyOp);
  try {
    await c.subjectItems.bulkWrite(ops, { ordered: false });
  } catch (e) {
    if (!(e instanceof MongoBulkWriteError) && !isDuplicateKey(e)) throw e;
    if (e instanceof MongoBulkWriteError && [e.writeErrors].flat().some((w) => w.code !== 11000)) throw e;
    for (const op of ops) await copyOne(c, op);
  }
}

/** Moves every item of the old layout; returns how many were moved. */
export async function moveLegacyHeldItems(c: Collections): Promise<number> {
  let moved = 0;
  for (;;) {
    const docs = await c.heldItems.find({}).limit(PAGE).toArray();
    if (docs.length === 0) return moved;
    await copyPage(c, docs);
    await c.heldItems.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
    moved += docs.length;
    if (docs.length < PAGE) return moved;
  }
}
