/**
 * The storage contract on MongoDB, against the server at MONGODB_URI (locally:
 * `eval "export $(scripts/ferretdb.sh start)"`). Each run works in its own database and drops it.
 */
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, type Store } from '../../src/storage/index.ts';
import { dropMongoStoreDatabase, mongoServerInfo, openMongoStore } from '../../src/storage/mongo/index.ts';
import { at, ledgerRecord, uid } from './fixtures.ts';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';
import { describeStoreContract } from './store-contract.ts';
import { closedPort, startProxy } from './tcp.ts';

const uri = process.env.MONGODB_URI;
const dbName = `justask_contract_${process.pid}_${Date.now().toString(36)}`;

async function dropAndClose(store: Store): Promise<void> {
  try {
    await dropMongoStoreDatabase(store);
  } finally {
    await store.close();
  }
}

if (uri) {
  describeStoreContract('MongoDB', () => openMongoStore(uri, dbName, { serverSelectionTimeoutMS: 5_000 }), {
    openUnreachable: async () =>
      openMongoStore(`mongodb://127.0.0.1:${await closedPort()}/`, dbName, { serverSelectionTimeoutMS: 300 }),
    concurrencySkipReason: async (store) => {
      const { ferretDbVersion } = await mongoServerInfo(store);
      return ferretDbVersion
        ? `FerretDB ${ferretDbVersion} updates are read-modify-write, so a conditional update is not a compare-and-set and concurrent $inc can lose counts`
        : undefined;
    },
    dispose: dropAndClose,
  });

  // Needs a plain single-host URI to put a proxy in front of (not mongodb+srv://).
  const target = /^mongodb:\/\/(?:[^@/]*@)?([^:/,@]+):(\d+)(?:\/|$)/.exec(uri);
  if (!target) console.warn('skipping the server-down test: MONGODB_URI is not a single host:port to proxy');
  describe.skipIf(!target)('MongoDB store opened while its server is down', () => {
    it('connects and creates its indexes once the server is up', async () => {
      const [, host = '', targetPort = ''] = target ?? [];
      const port = await closedPort();
      const viaProxy = uri.replace(`${host}:${targetPort}`, `127.0.0.1:${port}`);
      const store = await openMongoStore(viaProxy, `${dbName}_late`, { serverSelectionTimeoutMS: 300 });
      let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
      try {
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
        proxy = await startProxy(port, host, Number(targetPort));
        await expect(store.ping()).resolves.toBeUndefined();
        const record = ledgerRecord(uid('subj'), at(0));
        expect(await store.ledger.append(record)).toBe('appended');
        expect(await store.ledger.append({ ...record, id: uid('rec') })).toBe('duplicate');
      } finally {
        await dropAndClose(store);
        await proxy?.close();
      }
    });
  });
} else {
  skipOrFailWithoutServer(
    'MongoDB store contract',
    'MONGODB_URI is not set (eval "export $(scripts/ferretdb.sh start)")',
  );
}
