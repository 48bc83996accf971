/**
 * The audit log on MongoDB: one document per entry, `_id` the entry's id (so a repeated append
 * is a duplicate-key error, not a second entry), read newest first by (at, _id). The port offers
 * no update, and no delete but retention's (retention.mongo.ts); portable subset only.
 */
import type { Collection, Filter } from 'mongodb';
import { AuditEntry, auditPage, cursorPosition, type AuditQuery } from '../audit-records.ts';
import type { AuditLogStore } from '../ports.ts';
import { isDuplicateKey, type Run } from './collections.mongo.ts';

/** An entry as stored: its id as `_id`, absent optional fields left out. */
export interface AuditDoc extends Omit<AuditEntry, 'id'> {
  _id: string;
}

/** The indexes the audit queries use: by time, and by actor or action within time. */
export async function ensureAuditIndexes(col: Collection<AuditDoc>): Promise<void> {
  await col.createIndex({ at: -1, _id: -1 }, { name: 'at' });
  await col.createIndex({ actor: 1, at: -1 }, { name: 'actor_at' });
  await col.createIndex({ action: 1, at: -1 }, { name: 'action_at' });
}

function toDoc({ id, ...rest }: AuditEntry): AuditDoc {
  const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...(fields as Omit<AuditEntry, 'id'>), _id: id };
}

function filterOf(q: AuditQuery): Filter<AuditDoc> {
  const f: Filter<AuditDoc> = {};
  if (q.from || q.to) f.at = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) };
  if (q.actor !== undefined) f.actor = q.actor;
  if (q.action !== undefined) f.action = q.action;
  const after = cursorPosition(q);
  if (after) {
    const at = new Date(after.at);
    f.$or = [{ at: { $lt: at } }, { at, _id: { $lt: after.id } }];
  }
  return f;
}

export function mongoAuditLog(col: Collection<AuditDoc>, run: Run): AuditLogStore {
  return {
    append: (entry) =>
      run('append to the audit log', async () => {
        try {
          await col.insertOne(toDoc(entry));
          return 'appended';
        } catch (e) {
          if (isDuplicateKey(e, '_id')) return 'duplicate';
          throw e;
        }
      }),
    query: async (q) => {
      const filter = filterOf(q);
      return await run('read the audit log', async () => {
        const docs = await col
          .find(filter)
          .sort({ at: -1, _id: -1 })
          .limit(q.limit + 1)
          .toArray();
        return auditPage(
          docs.map(({ _id, ...d }) => AuditEntry.parse({ ...d, id: _id })),
          q.limit,
        );
      });
    },
  };
}
