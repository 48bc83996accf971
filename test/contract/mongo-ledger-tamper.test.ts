/**
 * Tampering with the consent ledger in the MongoDB collection itself (as someone with database
 * access would, not through the store): `ledger verify` finds an edited, a deleted and a last
 * deleted record; the untouched subject stays intact. Two instances appending at once keep one chain.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerAudit } from '../../src/consent/index.ts';
import type { Store } from '../../src/storage/index.ts';
import { dropMongoStoreDatabase, openMongoStore } from '../../src/storage/mongo/index.ts';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';
import { at, ledgerRecord, uid } from './fixtures.ts';

const uri = process.env.MONGODB_URI;
const dbName = `justask_tamper_${process.pid}_${Date.now().toString(36)}`;

if (uri) {
  describe('MongoDB ledger tampering', () => {
    let store: Store;
    let client: MongoClient;
    beforeAll(async () => {
      store = await openMongoStore(uri, dbName, { serverSelectionTimeoutMS: 5_000 });
      client = await MongoClient.connect(uri);
    });
    afterAll(async () => {
      await client?.close();
      if (store) await dropMongoStoreDatabase(store).finally(() => store.close());
    });

    it('is found by ledger verify: edited, deleted and last-deleted records', async () => {
      const subjects = ['edited', 'deleted', 'truncated', 'intact'].map((k) => uid(k));
      for (const s of subjects)
        for (let i = 0; i < 4; i++) await store.ledger.append(ledgerRecord(s, at(i), { event: 'asked' }));
      const [edited, deleted, truncated, intact] = subjects as [string, string, string, string];
      const ledger = client.db(dbName).collection('ledger');
      await ledger.updateOne({ subject: edited, seq: 2 }, { $set: { event: 'granted' } });
      await ledger.deleteOne({ subject: deleted, seq: 2 });
      await ledger.deleteOne({ subject: truncated, seq: 4 });
      const audit = createLedgerAudit({ store, archiveOf: () => undefined });
      const report = await audit.verify();
      const found = Object.fromEntries(report.broken.map((b) => [b.subject, b.breaks.map((x) => x.kind)]));
      expect(found).toEqual({ [edited]: ['edited'], [deleted]: ['missing'], [truncated]: ['truncated'] });
      expect((await audit.verify({ subject: intact })).broken).toEqual([]);
    });

    it('keeps one chain when two instances (two clients) append for one subject at once', async () => {
      const other = await openMongoStore(uri, dbName, { serverSelectionTimeoutMS: 5_000 });
      try {
        const s = uid('subj');
        await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            (i % 2 ? store : other).turns.apply({
              subject: s,
              items: [],
              counts: [],
              ledger: [ledgerRecord(s, at(i)), ledgerRecord(s, at(i), { event: 'reused' })],
            }),
          ),
        );
        const records = await store.ledger.forSubject(s);
        expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
        const audit = createLedgerAudit({ store: other, archiveOf: () => undefined });
        expect((await audit.verify({ subject: s })).broken).toEqual([]);
      } finally {
        await other.close();
      }
    });
  });
} else {
  skipOrFailWithoutServer('MongoDB ledger tampering', 'MONGODB_URI is not set');
}
