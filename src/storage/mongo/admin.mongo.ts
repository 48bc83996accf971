/**
 * What a MongoDB store can tell about its server, beyond the ports: which server it is (tests
 * skip atomicity checks on FerretDB 1.x, whose updates are read-modify-write) and dropping its
 * database (test clean-up). Kept off the `Store` interface, looked up by the store object.
 */
import type { Db } from 'mongodb';
import { guarded } from '../errors.ts';
import type { Store } from '../ports.ts';

const databases = new WeakMap<Store, Db>();

/** Remembers the database behind a store opened by openMongoStore. */
export function registerMongoStore(store: Store, db: Db): void {
  databases.set(store, db);
}

function databaseOf(store: Store): Db {
  const db = databases.get(store);
  if (!db) throw new TypeError(`not a store opened by openMongoStore (kind ${store.kind})`);
  return db;
}

export interface MongoServerInfo {
  /** The MongoDB version the server reports (FerretDB reports the one it emulates). */
  readonly version: string;
  /** Set when the server is FerretDB. */
  readonly ferretDbVersion?: string;
}

/** Asks the server behind a MongoDB store what it is (`buildInfo`). */
export function mongoServerInfo(store: Store): Promise<MongoServerInfo> {
  const db = databaseOf(store);
  return guarded('describe its server', async () => {
    const info = await db.admin().command({ buildInfo: 1 });
    const version = typeof info.version === 'string' ? info.version : 'unknown';
    const ferret: unknown = info.ferretdbVersion;
    return typeof ferret === 'string' ? { version, ferretDbVersion: ferret } : { version };
  });
}

/** True when the store's server is FerretDB, whose conditional updates are not compare-and-set (1.x). */
export async function isFerretDb(store: Store): Promise<boolean> {
  return (await mongoServerInfo(store)).ferretDbVersion !== undefined;
}

/** Drops the store's whole database. For tests and throw-away environments only. */
export function dropMongoStoreDatabase(store: Store): Promise<void> {
  const db = databaseOf(store);
  return guarded('drop its database', async () => void (await db.dropDatabase()));
}
