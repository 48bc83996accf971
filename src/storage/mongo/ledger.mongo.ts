/**
 * The consent ledger on MongoDB: append-only, idempotent through the unique `idem` index
 * (a duplicate-key error on it means "seen before"), each record linked into its subject's hash
 * chain (ledger-chain.mongo.ts); read in chain order.
 */
import { inChainOrder } from '../ledger-chain.ts';
import { LedgerRecord } from '../records.ts';
import type { LedgerStore } from '../ports.ts';
import { summaryDelta, upsertOnce, withHead } from './turns.mongo.ts';
import { appendChained } from './ledger-chain.mongo.ts';
import { writeOutbox } from './outbox.mongo.ts';
import type { Collections, Run } from './collections.mongo.ts';

export function mongoLedger(c: Collections, run: Run): LedgerStore {
  const col = c.ledger;
  return {
    append: (record, outbox) =>
      run('append to the consent ledger', async () => {
        // The events first: without transactions, an event may precede its record, never go missing.
        if (outbox) await writeOutbox(c, outbox);
        const [appended] = await appendChained(c, [record]);
        if (!appended) return 'duplicate';
        // The subject's ask-history summary follows every append (see turns.mongo.ts).
        const update = withHead(summaryDelta([appended]), [appended]);
        if (update) await upsertOnce(c, { _id: record.subject }, update);
        return 'appended';
      }),
    forSubject: (subject) =>
      run('read the consent ledger', async () => {
        const docs = await col
          .find({ subject }, { projection: { _id: 0 } })
          .sort({ at: 1, _id: 1 })
          .toArray();
        return inChainOrder(docs.map((d) => LedgerRecord.parse(d)));
      }),
  };
}
