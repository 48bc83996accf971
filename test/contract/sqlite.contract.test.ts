/** The storage contract on the embedded SQLite store (always runs). */
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('SQLite', () => Promise.resolve(openSqliteStore(':memory:')), {
  openUnreachable: async () => {
    const closed = openSqliteStore(':memory:');
    await closed.close();
    return closed;
  },
});
