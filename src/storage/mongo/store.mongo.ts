/**
 * The production store: every port on one MongoDB database (or a server that speaks its
 * protocol). Indexes are created at open; when the server cannot be reached then, the store
 * opens anyway (so /readyz can say "not ready") and each operation first connects and creates
 * them, until that has worked once. From then on the driver reconnects by itself.
 */
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { StoreUnavailableError, guarded } from '../errors.ts';
import type { Store } from '../ports.ts';
import { registerMongoStore } from './admin.mongo.ts';
import {
  collections,
  ensureIndexes,
  isServerAnswer,
  type Collections,
  type Run,
} from './collections.mongo.ts';
import { mongoAnalytics, mongoPendingAsks } from './analytics.mongo.ts';
import { mongoAuditLog } from './audit.mongo.ts';
import { mongoHeldItems } from './held-items.mongo.ts';
import { moveLegacyHeldItems } from './held-items-layout.mongo.ts';
import { mongoLeases } from './leases.mongo.ts';
import { mongoOutbox } from './outbox.mongo.ts';
import { mongoLedger } from './ledger.mongo.ts';
import { mongoChains, mongoSuppressions } from './ledger-chain.mongo.ts';
import { mongoNotices } from './notices.mongo.ts';
import { mongoRefs } from './refs.mongo.ts';
import { mongoState } from './state.mongo.ts';
import {
  mongoAnalyticsRetention,
  mongoAuditRetention,
  mongoLedgerRetention,
  mongoRefRetention,
} from './retention.mongo.ts';
import { mongoTurns } from './turns.mongo.ts';
import { createWriteBehind } from './write-behind.mongo.ts';
import { learnTraits, mongoTraits, type ServerTraits } from './server-traits.mongo.ts';

export interface MongoStoreOptions {
  /** How long an operation waits for a reachable server before it fails (driver default 30 s). */
  readonly serverSelectionTimeoutMS?: number;
  /**
   * Called with each command's name and, for reads and writes, its collection as it is sent, and
   * the command itself (the driver's command monitoring; tests count round trips and read filters).
   */
  readonly onCommand?: (
    name: string,
    collection?: string,
    id?: number,
    command?: Readonly<Record<string, unknown>>,
  ) => void;
  /** Called when the command `id` (as given to `onCommand`) was answered or failed: a round trip's end. */
  readonly onCommandEnd?: (id: number) => void;
}

/** Runs `fn` until it has succeeded once; concurrent callers share one attempt, a failure allows the next. */
function untilDone(fn: () => Promise<void>): () => Promise<void> {
  let attempt: Promise<void> | undefined;
  return () =>
    (attempt ??= fn().catch((e: unknown) => {
      attempt = undefined;
      throw e;
    }));
}

/**
 * The client's life cycle: before the first operation, connect and create the indexes (again
 * on the next operation if that failed), and refuse work once closed.
 */
function lifecycle(client: MongoClient, c: Collections, traits: ServerTraits) {
  // After a failed first connection the driver closes its topology for good; connect() opens a new one.
  const ready = untilDone(async () => {
    await client.connect();
    await learnTraits(client.db('admin'), traits);
    await ensureIndexes(c);
    await moveLegacyHeldItems(c);
  });
  let closed = false;
  const run: Run = (operation, fn) =>
    guarded(operation, async () => {
      // connect() would reopen a closed client: a closed store stays closed.
      if (closed) throw new Error('the store was closed');
      await ready();
      return fn();
    });
  const close = () => {
    closed = true;
    return client.close();
  };
  return { ready, run, close };
}

/**
 * Opens the MongoDB store on database `dbName` at `uri`. Rejects with StoreUnavailableError when
 * the server answers with an error (bad credentials, conflicting indexes); when it cannot be
 * reached, the store opens and its operations reject until it can.
 */
export async function openMongoStore(
  uri: string,
  dbName: string,
  opts: MongoStoreOptions = {},
): Promise<Store> {
  const options: MongoClientOptions = { appName: 'justask', ignoreUndefined: true };
  if (opts.serverSelectionTimeoutMS !== undefined)
    options.serverSelectionTimeoutMS = opts.serverSelectionTimeoutMS;
  if (opts.onCommand || opts.onCommandEnd) options.monitorCommands = true;
  const client = new MongoClient(uri, options);
  const onCommand = opts.onCommand;
  if (onCommand)
    client.on('commandStarted', (e) => {
      const target: unknown = (e.command as Record<string, unknown>)[e.commandName];
      onCommand(e.commandName, typeof target === 'string' ? target : undefined, e.requestId, e.command);
    });
  const onEnd = opts.onCommandEnd;
  if (onEnd) {
    client.on('commandSucceeded', (e) => onEnd(e.requestId));
    client.on('commandFailed', (e) => onEnd(e.requestId));
  }
  const db = client.db(dbName);
  const c = collections(db);
  const traits = mongoTraits();
  const { ready, run, close } = lifecycle(client, c, traits);
  try {
    await ready();
  } catch (e) {
    if (isServerAnswer(e)) {
      await client.close();
      throw new StoreUnavailableError('open: the server refused it', { cause: e });
    }
  }
  // Counts and waiting asks are written behind the turns; reads of them write the batch first.
  const behind = createWriteBehind(c, run);
  const analytics = mongoAnalytics(c, run);
  const pendingAsks = mongoPendingAsks(c, run);
  const store: Store = {
    kind: 'mongodb',
    audit: { ...mongoAuditLog(c.audit, run), ...mongoAuditRetention(c.audit, run) },
    items: mongoHeldItems(c, run),
    ledger: { ...mongoLedger(c, run), ...mongoLedgerRetention(c, run), ...mongoChains(c, run) },
    suppressions: mongoSuppressions(c, run),
    refs: { ...mongoRefs(c, run), ...mongoRefRetention(c, run) },
    notices: mongoNotices(c, run),
    state: mongoState(c, run, traits),
    leases: mongoLeases(c, run),
    analytics: {
      ...analytics,
      ...mongoAnalyticsRetention(c, run),
      query: async (q) => (await behind.flush(), analytics.query(q)),
      compact: async (before, now) => (await behind.flush(), analytics.compact(before, now)),
    },
    pendingAsks: {
      ...pendingAsks,
      quiet: async (before, limit) => (await behind.flush(), pendingAsks.quiet(before, limit)),
    },
    turns: mongoTurns(c, run, behind, traits),
    outbox: mongoOutbox(c, run),
    ping: () => run('answer a ping', async () => void (await db.command({ ping: 1 }))),
    // The server manages its own files; a deleted document is gone from what clients can read.
    scrub: () => Promise.resolve(),
    close: async () => {
      // Best effort: a store closed while its server is down keeps its last second of counts unwritten.
      await behind.close().catch(() => undefined);
      await close();
    },
  };
  registerMongoStore(store, db);
  return store;
}
