/**
 * The consent ledger on MongoDB: append-only, idempotent through the unique `idem` index
 * (a duplicate-key error on it means "seen before"), read oldest first by (at, _id).
 */
import { ObjectId } from 'mongodb';
import { LedgerRecord } from '../records.ts';
import type { LedgerStore } from '../ports.ts';
import { summaryDelta } from './turns.mongo.ts';
import { writeOutbox } from './outbox.mongo.ts';
import { isDuplicateKey, type Collections, type LedgerDoc, type Run } from './collections.mongo.ts';

/** The record's own fields, without absent optional ones (the driver would store undefined as null). */
export function toLedgerDoc(r: LedgerRecord): LedgerDoc {
  const fields = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as LedgerRecord;
  return { ...fields, _id: new ObjectId() };
}

export function mongoLedger(c: Collections, run: Run): LedgerStore {
  const col = c.ledger;
  return {
    append: (record, outbox) =>
      run('append to the consent ledger', async () => {
        // The events first: without transactions, an event may precede its record, never go missing.
        if (outbox) await writeOutbox(c, outbox);
        try {
          await col.insertOne(toLedgerDoc(record));
          // The subject's ask-history summary follows every append (see turns.mongo.ts).
          const delta = summaryDelta([record]);
          if (delta) await c.askSummaries.updateOne({ _id: record.subject }, delta, { upsert: true });
          return 'appended';
        } catch (e) {
          if (isDuplicateKey(e, 'idem')) return 'duplicate';
          throw e;
        }
      }),
    forSubject: (subject) =>
      run('read the consent ledger', async () => {
        const docs = await col
          .find({ subject }, { projection: { _id: 0 } })
          .sort({ at: 1, _id: 1 })
          .toArray();
        return docs.map((d) => LedgerRecord.parse(d));
      }),
  };
}
