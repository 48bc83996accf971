/**
 * Named leases on MongoDB: one conditional upsert takes or renews a lease; when another holder's
 * unexpired lease makes the filter miss, the upsert's insert hits the `_id` and fails with E11000.
 */
import type { LeaseStore } from '../ports.ts';
import { isDuplicateKey, type Collections, type Run } from './collections.mongo.ts';

export function mongoLeases(c: Collections, run: Run): LeaseStore {
  const col = c.leases;
  return {
    acquire: (name, holder, now, until) =>
      run('take the lease', async () => {
        try {
          await col.updateOne(
            { _id: name, $or: [{ holder }, { expiresAt: { $lte: now } }] },
            { $set: { holder, expiresAt: until } },
            { upsert: true },
          );
          return true;
        } catch (e) {
          if (isDuplicateKey(e)) return false;
          throw e;
        }
      }),
    release: (name, holder) =>
      run('release the lease', async () => {
        await col.deleteOne({ _id: name, holder });
      }),
  };
}
