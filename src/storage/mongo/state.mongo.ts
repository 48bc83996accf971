/**
 * Bot state on MongoDB with compare-and-set on eTags: a conditional write is one
 * `updateOne({ _id, eTag })` (on FerretDB, which would scan for that filter, one `_id`-only
 * swap that checks the eTag it replaced), and for a key not stored yet one `insertOne` whose
 * duplicate-key error means another writer got there first. Documents are JSON strings (their keys are free).
 * Each carries its last-write time `at` (indexed, for idle expiry; no TTL index) and the
 * pseudonymous `subjects` that wrote it (indexed, so erasure finds every conversation).
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Filter, UpdateFilter } from 'mongodb';
import { ETagConflictError } from '../errors.ts';
import type { StateEntry, StateStore, StateWriteMeta } from '../ports.ts';
import { insertOr, isDuplicateKey, type Collections, type Run, type StateDoc } from './collections.mongo.ts';
import type { ServerTraits } from './server-traits.mongo.ts';

/** The indexes erasure and expiry rely on. */
export async function ensureStateIndexes(c: Collections): Promise<void> {
  await c.state.createIndex({ subjects: 1 }, { name: 'subjects' });
  await c.state.createIndex({ at: 1 }, { name: 'at' });
}

/** Idle since before `before`; a document from before `at` existed counts as idle. */
const idleBefore = (before: Date): Filter<StateDoc> => ({
  $or: [{ at: { $lt: before } }, { at: { $exists: false } }],
});

function updateOf(doc: string, eTag: string, meta: StateWriteMeta): UpdateFilter<StateDoc> {
  return {
    $set: { doc, eTag, at: meta.at },
    ...(meta.subject !== undefined ? { $addToSet: { subjects: meta.subject } } : {}),
  };
}

/**
 * A conditional write that names the document by `_id` alone (for servers that scan for any other
 * filter, server-traits.mongo.ts): the write returns the document it replaced; when that one had
 * another eTag, it is put back (unless a later writer replaced ours) and the write is refused.
 * Such servers' own conditional updates are read-modify-write too (not compare-and-set); this one
 * refuses every stale eTag it is given, as theirs do.
 */
async function swapChecked(
  col: Collection<StateDoc>,
  key: string,
  update: UpdateFilter<StateDoc>,
  expected: string,
) {
  const before = await col.findOneAndUpdate({ _id: key }, update, { returnDocument: 'before' });
  if (!before || before.eTag === expected) return before !== null;
  const { _id, ...was } = before;
  const written = (update.$set as { eTag: string }).eTag;
  await col.replaceOne({ _id: key, eTag: written }, was);
  throw new ETagConflictError(key);
}

/** The state port, and a write for a key whose state the turn found absent (an insert first). */
export type MongoStateStore = StateStore & {
  writeFresh(key: string, doc: Record<string, unknown>, meta: StateWriteMeta): Promise<string>;
};

export function mongoState(c: Collections, run: Run, traits: ServerTraits): MongoStateStore {
  const col = c.state;
  const unconditional = async (key: string, update: UpdateFilter<StateDoc>) => {
    try {
      await col.updateOne({ _id: key }, update, { upsert: true });
    } catch (e) {
      // Two first writes of one key: the loser's insert hits `_id`; as an update it now succeeds.
      if (!isDuplicateKey(e)) throw e;
      await col.updateOne({ _id: key }, update, { upsert: true });
    }
  };
  const conditional = async (key: string, doc: string, eTag: string, expected: string, m: StateWriteMeta) => {
    const update = updateOf(doc, eTag, m);
    if (traits.idOnlyFilters) {
      if (await swapChecked(col, key, update, expected)) return;
    } else if ((await col.updateOne({ _id: key, eTag: expected }, update)).matchedCount > 0) return;
    try {
      await col.insertOne({ _id: key, doc, eTag, at: m.at, subjects: m.subject ? [m.subject] : [] });
    } catch (e) {
      if (isDuplicateKey(e)) throw new ETagConflictError(key);
      throw e;
    }
  };
  return {
    writeFresh: (key, doc, meta) =>
      run('write bot state', async () => {
        const eTag = randomUUID();
        const json = JSON.stringify(doc);
        const at = meta.at ?? new Date();
        const fresh = { _id: key, doc: json, eTag, at, subjects: meta.subject ? [meta.subject] : [] };
        // Written meanwhile after all: written over, as an unconditional write does.
        await insertOr(col, fresh, () => unconditional(key, updateOf(json, eTag, { ...meta, at })));
        return eTag;
      }),
    read: (keys) =>
      run('read bot state', async () => {
        const out = new Map<string, StateEntry>();
        if (keys.length === 0) return out;
        // One key is an `_id` equality, which every server answers from its primary key (FerretDB
        // 1.x pushes down nothing else: `$in` reads the whole collection).
        const [only] = keys;
        const filter = keys.length === 1 && only !== undefined ? { _id: only } : { _id: { $in: [...keys] } };
        for (const d of await col.find(filter).toArray()) {
          out.set(d._id, { doc: JSON.parse(d.doc) as Record<string, unknown>, eTag: d.eTag });
        }
        return out;
      }),
    write: (key, doc, expected, meta) =>
      run('write bot state', async () => {
        const eTag = randomUUID();
        const json = JSON.stringify(doc);
        const m = { ...meta, at: meta?.at ?? new Date() };
        if (expected === undefined || expected === '*') await unconditional(key, updateOf(json, eTag, m));
        else await conditional(key, json, eTag, expected, m);
        return eTag;
      }),
    delete: (keys) =>
      run('delete bot state', async () => {
        if (keys.length > 0) await col.deleteMany({ _id: { $in: [...keys] } });
      }),
    deleteSubject: (subject) =>
      run(
        "delete a subject's bot state",
        async () => (await col.deleteMany({ subjects: subject })).deletedCount,
      ),
    deleteIdle: (before, limit) =>
      run('delete idle bot state', async () => {
        const ids = await col
          .find(idleBefore(before), { projection: { _id: 1 } })
          .sort({ at: 1 })
          .limit(limit)
          .toArray();
        if (ids.length === 0) return 0;
        // The time is checked again: a turn that wrote in between keeps its state.
        const filter = { $and: [{ _id: { $in: ids.map((d) => d._id) } }, idleBefore(before)] };
        return (await col.deleteMany(filter)).deletedCount;
      }),
    scan: (after, limit) =>
      run('scan bot state', async () => {
        const docs = await col
          .find(after === undefined ? {} : { _id: { $gt: after } })
          .sort({ _id: 1 })
          .limit(limit)
          .toArray();
        return docs.map((d) => ({
          key: d._id,
          entry: { doc: JSON.parse(d.doc) as Record<string, unknown>, eTag: d.eTag },
          at: d.at ?? new Date(0),
        }));
      }),
  };
}
