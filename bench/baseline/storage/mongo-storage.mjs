/**
 * A botbuilder `Storage` on MongoDB: one document per key, `{ _id: key, doc: <JSON text>, eTag }`
 * (the item as text, as justask stores bot state, so dialog state with `$` keys stays portable to
 * FerretDB). Default write concern, like justask. eTags behave as in botbuilder's MemoryStorage:
 * a write with a stale eTag is refused.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, MongoServerError } from 'mongodb';

const isDuplicateKey = (e) => e instanceof MongoServerError && e.code === 11000;

export class MongoStorage {
  static async open(uri, dbName) {
    const client = new MongoClient(uri, { appName: 'baseline', ignoreUndefined: true });
    await client.connect();
    return new MongoStorage(client, client.db(dbName).collection('state'));
  }

  constructor(client, col) {
    this.client = client;
    this.col = col;
  }

  async read(keys) {
    const items = {};
    if (keys.length === 0) return items;
    for (const d of await this.col.find({ _id: { $in: keys } }).toArray()) {
      items[d._id] = { ...JSON.parse(d.doc), eTag: d.eTag };
    }
    return items;
  }

  async write(changes) {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag: expected, ...rest } = item;
      const doc = JSON.stringify(rest);
      const eTag = randomUUID();
      if (!expected || expected === '*') {
        await this.col.replaceOne({ _id: key }, { doc, eTag }, { upsert: true });
        continue;
      }
      const r = await this.col.updateOne({ _id: key, eTag: expected }, { $set: { doc, eTag } });
      if (r.matchedCount > 0) continue;
      try {
        await this.col.insertOne({ _id: key, doc, eTag });
      } catch (e) {
        if (isDuplicateKey(e)) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        throw e;
      }
    }
  }

  async delete(keys) {
    if (keys.length > 0) await this.col.deleteMany({ _id: { $in: keys } });
  }

  async close() {
    await this.client.close();
  }
}
