/**
 * Bot state on MongoDB with compare-and-set on eTags: a conditional write is one
 * `updateOne({ _id, eTag })`, and for a key not stored yet one `insertOne` whose duplicate-key
 * error means another writer got there first. Documents are JSON strings (their keys are free).
 */
import { randomUUID } from 'node:crypto';
import { ETagConflictError } from '../errors.ts';
import type { StateEntry, StateStore } from '../ports.ts';
import { isDuplicateKey, upsertById, type Collections, type Run } from './collections.mongo.ts';

export function mongoState(c: Collections, run: Run): StateStore {
  const col = c.state;
  const conditional = async (key: string, doc: string, eTag: string, expected: string) => {
    const r = await col.updateOne({ _id: key, eTag: expected }, { $set: { doc, eTag } });
    if (r.matchedCount > 0) return;
    try {
      await col.insertOne({ _id: key, doc, eTag });
    } catch (e) {
      if (isDuplicateKey(e)) throw new ETagConflictError(key);
      throw e;
    }
  };
  return {
    read: (keys) =>
      run('read bot state', async () => {
        const out = new Map<string, StateEntry>();
        if (keys.length === 0) return out;
        for (const d of await col.find({ _id: { $in: [...keys] } }).toArray()) {
          out.set(d._id, { doc: JSON.parse(d.doc) as Record<string, unknown>, eTag: d.eTag });
        }
        return out;
      }),
    write: (key, doc, expected) =>
      run('write bot state', async () => {
        const eTag = randomUUID();
        const json = JSON.stringify(doc);
        if (expected === undefined || expected === '*') await upsertById(col, key, { doc: json, eTag });
        else await conditional(key, json, eTag, expected);
        return eTag;
      }),
    delete: (keys) =>
      run('delete bot state', async () => {
        if (keys.length > 0) await col.deleteMany({ _id: { $in: [...keys] } });
      }),
  };
}
