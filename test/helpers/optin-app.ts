/**
 * The real app in-process (`createApp`: HTTP server, bot, store) for the opt-in analytics tests,
 * on SQLite in a temp folder or, with MONGODB_URI, on its own MongoDB database (dropped at close).
 * `sweepAbandoned(minutes)` runs the abandoned-ask sweep as if that much time had passed.
 * SUBJECT_KEY is fixed, so a test can work out the figures the report must publish from the
 * store's true counters (`published`) and compare them with what the server serves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import {
  cellKeySecret,
  createAskEventSink,
  createCellKeys,
  FULL_GRAIN,
  optinReport,
  sweepAbandoned,
  type CountQuery,
  type Dimension,
} from '../../src/analytics/index.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createApp } from '../../src/app/create-app.ts';
import { dropMongoStoreDatabase } from '../../src/storage/mongo/index.ts';

export const TOKENS = {
  marketer: 'mkt-token-0123456789',
  dpo: 'dpo-token-0123456789',
  designer: 'des-token-0123456789',
} as const;

/** The app's SUBJECT_KEY (base64 of 32 bytes), fixed for these tests. */
export const SUBJECT_KEY = Buffer.alloc(32, 'optin-tests-subject-key').toString('base64');

export async function startOptinApp() {
  const dir = mkdtempSync(join(tmpdir(), 'justask-optins-'));
  const mongo = process.env.MONGODB_URI;
  const cfg = loadConfig({
    ...(mongo
      ? { MONGODB_URI: mongo, MONGODB_DB: `justask_optins_${process.pid}_${Date.now().toString(36)}` }
      : {}),
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    ABANDON_AFTER: 'PT30M',
    SUBJECT_KEY,
    ADMIN_TOKENS: Object.entries(TOKENS)
      .map(([role, token]) => `${role}:${token}`)
      .join(','),
  });
  const log = pino({ level: 'silent' });
  const app = await createApp(cfg, { log });
  const { port } = await app.listen();
  const url = `http://127.0.0.1:${port}`;
  const cells = createCellKeys(cellKeySecret(Buffer.from(SUBJECT_KEY, 'base64')));
  return {
    app,
    url,
    /** Counts asks quiet for 30 minutes as abandoned, as the periodic sweep would `minutes` from now. */
    sweepAbandoned: async (minutes: number) => {
      const events = createAskEventSink({ store: app.store.analytics, log });
      const later = { now: () => new Date(Date.now() + minutes * 60_000) };
      const n = await sweepAbandoned({
        pending: app.store.pendingAsks,
        leases: app.store.leases,
        events,
        clock: later,
        abandonAfterMs: cfg.ABANDON_AFTER,
        holder: 'test',
      });
      await events.flush();
      return n;
    },
    /** The store's true counts for a query, summed per group (what the report must never show as is). */
    truth: (q: CountQuery) => app.store.analytics.query(q),
    /** The report the server must publish for `q`: the store's counter rows through the cell keys. */
    published: async (q: CountQuery & { groupBy: Dimension[] }) =>
      optinReport(await app.store.analytics.query({ ...q, groupBy: [...FULL_GRAIN] }), q.groupBy, cells),
    /** GET an admin API path with a role's token (or none). */
    get: (path: string, role?: keyof typeof TOKENS) =>
      fetch(`${url}${path}`, { headers: role ? { authorization: `Bearer ${TOKENS[role]}` } : {} }),
    async close() {
      if (mongo) await dropMongoStoreDatabase(app.store).catch(() => undefined);
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
