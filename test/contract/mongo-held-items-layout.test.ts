/**
 * A database written by an earlier version (held items one document per subject and item, in
 * `held_items`) opens with every item moved into its subject's document, an item the new layout
 * already holds kept as it is, and nothing left in the old collection; on the server at MONGODB_URI.
 */
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { dropMongoStoreDatabase, openMongoStore } from '../../src/storage/mongo/index.ts';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';
import { at, grant, heldItem } from './fixtures.ts';

const uri = process.env.MONGODB_URI;
const dbName = `justask_layout_${process.pid}_${Date.now().toString(36)}`;

/** A held item as the per-item layout stored it. */
function legacyDoc(subject: string, item: string, ct: string, dueAt?: Date) {
  const { purpose: _p, ...g } = grant('sms');
  return {
    ...heldItem(subject, item, ct),
    _id: `${subject}|${item}`,
    grants: { sms: g },
    ...(dueAt ? { dueAt } : {}),
  };
}

if (uri) {
  const client = new MongoClient(uri);
  afterAll(() => client.close());

  describe('MongoDB held items written by an earlier version', () => {
    it('are moved into their subjects’ documents at open', async () => {
      const db = client.db(dbName);
      await db
        .collection<{ _id: string }>('held_items')
        .insertMany([
          legacyDoc('ann', 'mobile', 'old-mobile', at(10)),
          legacyDoc('ann', 'email', 'old-email'),
          legacyDoc('bob', 'mobile', 'bob-mobile'),
        ]);
      // Ann's email was stored again by this version before the move: that one is newer.
      const { subject: _s, item: _i, ...newer } = heldItem('ann', 'email', 'new-email');
      const { purpose: _p, ...g } = grant('sms');
      await db
        .collection<{ _id: string; items: object }>('subject_items')
        .insertOne({ _id: 'ann', items: { email: { ...newer, grants: { sms: g } } } });

      const store = await openMongoStore(uri, dbName, { serverSelectionTimeoutMS: 5_000 });
      try {
        const ann = await store.items.forSubject('ann');
        expect(ann.map((h) => [h.item, h.value.ct])).toEqual([
          ['email', 'new-email'],
          ['mobile', 'old-mobile'],
        ]);
        expect(ann[1]?.grants).toEqual([grant('sms')]);
        expect((await store.items.forSubject('bob')).map((h) => h.value.ct)).toEqual(['bob-mobile']);
        expect(await db.collection('held_items').countDocuments()).toBe(0);
        expect((await store.items.due(at(11), 10)).map((h) => `${h.subject}|${h.item}`)).toEqual([
          'ann|mobile',
        ]);
      } finally {
        await dropMongoStoreDatabase(store);
        await store.close();
      }
    });
  });
} else {
  skipOrFailWithoutServer('MongoDB held items layout', 'MONGODB_URI is not set');
}
