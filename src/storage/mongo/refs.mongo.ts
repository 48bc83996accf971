/** Conversation references on MongoDB: the latest per subject, kept as a JSON string (its keys may hold '.' or '$'). */
import type { ConversationRefStore } from '../ports.ts';
import { upsertById, type Collections, type Run } from './collections.mongo.ts';

export function mongoRefs(c: Collections, run: Run): ConversationRefStore {
  const col = c.refs;
  return {
    save: (subject, ref, at) =>
      run('save the conversation reference', () =>
        upsertById(col, subject, { ref: JSON.stringify(ref), updatedAt: at }),
      ),
    get: (subject) =>
      run('read the conversation reference', async () => {
        const d = await col.findOne({ _id: subject });
        return d ? (JSON.parse(d.ref) as Record<string, unknown>) : undefined;
      }),
    delete: (subject) =>
      run('delete the conversation reference', async () => {
        await col.deleteOne({ _id: subject });
      }),
    scan: (after, limit) =>
      run('scan conversation references', async () => {
        const filter = after === undefined ? {} : { _id: { $gt: after } };
        const docs = await col.find(filter).sort({ _id: 1 }).limit(limit).toArray();
        return docs.map((d) => ({ subject: d._id, ref: JSON.parse(d.ref) as Record<string, unknown> }));
      }),
    // The stored JSON string is the version: the update applies only while it is unchanged.
    replace: (subject, expected, ref) =>
      run(
        'replace the conversation reference',
        async () =>
          (
            await col.updateOne(
              { _id: subject, ref: JSON.stringify(expected) },
              { $set: { ref: JSON.stringify(ref) } },
            )
          ).matchedCount > 0,
      ),
  };
}
