/**
 * Records retention on MongoDB: the ledger's old records per subject, references not saved for
 * their retention, the counters and day summaries of old days, and old audit entries. Plain
 * indexed deletes, no TTL index (the storage rules); a delete re-checks the time, so a turn that
 * wrote meanwhile keeps what it wrote. Portable subset only.
 */
import type { Collection } from 'mongodb';
import type { AnalyticsRetention, AuditRetention, LedgerRetention, RefRetention } from '../ports.ts';
import type { AuditDoc } from './audit.mongo.ts';
import type { Collections, Run } from './collections.mongo.ts';

/** The indexes retention reads by (the audit log's `at` index serves it already). */
export async function ensureRetentionIndexes(c: Collections): Promise<void> {
  await c.ledger.createIndex({ at: 1, subject: 1 }, { name: 'at_subject' });
  await c.refs.createIndex({ updatedAt: 1 }, { name: 'updated_at' });
}

export function mongoLedgerRetention(c: Collections, run: Run): LedgerRetention {
  return {
    subjectsBefore: (before, after, limit) =>
      run('find old consent-ledger records', async () => {
        const match =
          after === undefined ? { at: { $lt: before } } : { at: { $lt: before }, subject: { $gt: after } };
        const groups = await c.ledger
          .aggregate<{ _id: string }>([
            { $match: match },
            { $group: { _id: '$subject' } },
            { $sort: { _id: 1 } },
            { $limit: limit },
          ])
          .toArray();
        return groups.map((g) => g._id);
      }),
    deleteBefore: (subject, before, keep) =>
      run(
        'delete old consent-ledger records',
        async () =>
          (await c.ledger.deleteMany({ subject, at: { $lt: before }, id: { $nin: [...keep] } })).deletedCount,
      ),
  };
}

export function mongoRefRetention(c: Collections, run: Run): RefRetention {
  return {
    deleteWrittenBefore: (before, limit) =>
      run('delete old conversation references', async () => {
        const old = await c.refs
          .find({ updatedAt: { $lt: before } }, { projection: { _id: 1 } })
          .sort({ updatedAt: 1 })
          .limit(limit)
          .toArray();
        if (old.length === 0) return 0;
        const ids = old.map((d) => d._id);
        return (await c.refs.deleteMany({ _id: { $in: ids }, updatedAt: { $lt: before } })).deletedCount;
      }),
  };
}

/** The distinct days before `day` in a counter collection. */
async function daysBefore(col: Collections['askCounts'], day: string): Promise<string[]> {
  const groups = await col
    .aggregate<{ _id: string }>([{ $match: { day: { $lt: day } } }, { $group: { _id: '$day' } }])
    .toArray();
  return groups.map((g) => g._id);
}

export function mongoAnalyticsRetention(c: Collections, run: Run): AnalyticsRetention {
  return {
    deleteDaysBefore: (day) =>
      run('delete old ask counts', async () => {
        let deleted = 0;
        // One day at a time: some servers delete by listing every id (FerretDB caps how many).
        for (const d of await daysBefore(c.askCounts, day))
          deleted += (await c.askCounts.deleteMany({ day: d })).deletedCount;
        for (const d of await daysBefore(c.askRecent, day)) await c.askRecent.deleteMany({ day: d });
        // Summary ids are days; the job's marker (`~compacted`) sorts after every day and stays.
        await c.askDays.deleteMany({ _id: { $lt: day } });
        return deleted;
      }),
  };
}

export function mongoAuditRetention(col: Collection<AuditDoc>, run: Run): AuditRetention {
  return {
    deleteBefore: (before, limit) =>
      run('delete old audit entries', async () => {
        const old = await col
          .find({ at: { $lt: before } }, { projection: { _id: 1 } })
          .sort({ at: 1, _id: 1 })
          .limit(limit)
          .toArray();
        if (old.length === 0) return 0;
        return (await col.deleteMany({ _id: { $in: old.map((d) => d._id) } })).deletedCount;
      }),
  };
}
