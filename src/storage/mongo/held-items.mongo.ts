/**
 * Held items on MongoDB: one document per (subject, item) with its grants as an object keyed by
 * purpose, so put, addGrant and touch are each one atomic `$set` on `grants.<purpose>`.
 */
import { HeldItem, type Grant } from '../records.ts';
import type { HeldItemStore } from '../ports.ts';
import {
  fieldName,
  upsertById,
  type Collections,
  type GrantDoc,
  type HeldItemDoc,
  type Run,
} from './collections.mongo.ts';

const idOf = (subject: string, item: string) => `${subject}|${item}`;

function grantDoc(g: Grant): GrantDoc {
  return {
    basis: g.basis,
    grantedAt: g.grantedAt,
    noticeVersion: g.noticeVersion,
    expiresAt: g.expiresAt,
    lastUsedAt: g.lastUsedAt,
  };
}

/** The port's shape: grants as an array, in purpose order, parsed so a corrupt document is an error. */
function toHeldItem(d: HeldItemDoc): HeldItem {
  const grants = Object.entries(d.grants)
    .map(([purpose, g]) => ({ ...g, purpose }))
    .sort((a, b) => (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0));
  const { subject, item, value, collectedAt, collected } = d;
  return HeldItem.parse({ subject, item, value, collectedAt, collected, grants });
}

export function mongoHeldItems(c: Collections, run: Run): HeldItemStore {
  const col = c.heldItems;
  return {
    forSubject: (subject) =>
      run('read held items', async () =>
        (await col.find({ subject }).sort({ item: 1 }).toArray()).map(toHeldItem),
      ),
    put: async (held, grant) => {
      const key = `grants.${fieldName(grant.purpose)}`;
      const { subject, item, value, collectedAt, collected } = held;
      await run('store the item', () =>
        upsertById(col, idOf(subject, item), {
          subject,
          item,
          value,
          collectedAt,
          collected,
          [key]: grantDoc(grant),
        }),
      );
    },
    addGrant: async (subject, item, grant) => {
      const key = `grants.${fieldName(grant.purpose)}`;
      return run('store the grant', async () => {
        const r = await col.updateOne({ _id: idOf(subject, item) }, { $set: { [key]: grantDoc(grant) } });
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
  };
}
