/** Give-back notices waiting to be retried, on MongoDB: one document per notice, indexed by retry time. */
import type { NoticeStore } from '../ports.ts';
import { PendingNotice } from '../records.ts';
import type { Collections, NoticeDoc, Run } from './collections.mongo.ts';

const toNotice = ({ _id, ...d }: NoticeDoc): PendingNotice => PendingNotice.parse({ ...d, id: _id });

export function mongoNotices(c: Collections, run: Run): NoticeStore {
  const col = c.notices;
  return {
    put: ({ id, ...n }) =>
      run('keep the give-back notice', async () => {
        await col.replaceOne({ _id: id }, n, { upsert: true });
      }),
    due: (now, limit) =>
      run('find notices to retry', async () =>
        (
          await col
            .find({ nextAt: { $lte: now } })
            .sort({ nextAt: 1, _id: 1 })
            .limit(limit)
            .toArray()
        ).map(toNotice),
      ),
    delete: (id) =>
      run('forget the give-back notice', async () => {
        await col.deleteOne({ _id: id });
      }),
    deleteSubject: (subject) =>
      run('forget the subject’s give-back notices', async () => {
        await col.deleteMany({ subject });
      }),
  };
}
