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
  };
}
