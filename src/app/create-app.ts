/**
 * The composition root: reads config, opens the store, loads the map, builds the services and
 * the HTTP server. Wired by hand; `createApp` is also what integration tests and the CLI use.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Server } from 'restify';
import {
  createAdapter,
  createBot,
  createMessagesHandler,
  createProactiveNotifier,
} from '../channels/index.ts';
import { createGiveBack, type GiveBack } from '../consent/index.ts';
import { createAuditTrail } from '../http/audit-trail.ts';
import { createMetrics } from '../http/metrics.ts';
import { mountPrivacy } from '../http/privacy.ts';
import { createRateLimits } from '../http/rate-limit.ts';
import { createHttpServer } from '../http/server.ts';
import { createLiveMap, type DialogueMap } from '../map/index.ts';
import { randomIds, systemClock, type Clock } from '../shared/clock.ts';
import type { Store } from '../storage/index.ts';
import { openSqliteStore } from '../storage/sqlite/index.ts';
import { auditCustomerErasures } from './audit-rights.ts';
import { createBotServices } from './bot-services.ts';
import { rateLimitSettings, type Config } from './config.ts';
import { loadKeys } from './keys.ts';
import { createSubjectReport } from './subject-report.ts';
import { wireAnalytics } from './wire-analytics.ts';
import { createWebChannel } from './web-channel.ts';

export interface App {
  readonly server: Server;
  readonly store: Store;
  readonly log: Logger;
  readonly map: () => DialogueMap;
  readonly giveBack: GiveBack;
  /** Runs the give-back sweep now and then every GIVEBACK_EVERY_MINUTES (under a lease). */
  startSweeper(): void;
  listen(): Promise<{ port: number }>;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly clock?: Clock;
  readonly log?: Logger;
}

/**
 * Opens the store the config selects (MongoDB when MONGODB_URI is set, else SQLite in DATA_DIR).
 * The MongoDB driver is loaded only when it is used: it is a large share of a cold start.
 */
export async function openStore(cfg: Config): Promise<Store> {
  if (!cfg.MONGODB_URI) return openSqliteStore(join(cfg.DATA_DIR, 'justask.db'));
  const { openMongoStore } = await import('../storage/mongo/index.ts');
  return openMongoStore(cfg.MONGODB_URI, cfg.MONGODB_DB);
}

export async function createApp(cfg: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? pino({ level: cfg.LOG_LEVEL, base: { service: 'justask' } });
  const clock = opts.clock ?? systemClock;
  const live = createLiveMap({
    dialogsDir: resolve(cfg.DIALOGS_DIR),
    localesDir: resolve(cfg.LOCALES_DIR),
    watch: cfg.NODE_ENV !== 'production',
    log,
  });
  const { map, texts } = live;
  const keys = loadKeys(cfg, log);
  const store = await openStore(cfg);
  const analytics = wireAnalytics(cfg, { store, clock, log });
  const audit = createAuditTrail({ store: store.audit, clock, ids: randomIds });
  const { refs, consent, rights, subject, botDeps } = createBotServices({
    store,
    dataKeys: keys.dataKeys,
    subjectKey: keys.subjectKey,
    map,
    texts,
    clock,
    log,
    noticeUrl: `${cfg.PUBLIC_URL}/privacy`,
    events: analytics.events,
    wrapRuntime: (r) => analytics.track(r),
    wrapRights: auditCustomerErasures(audit, log),
  });
  const bot = createBot(botDeps);
  // Rate limits run on the process's own time: a test's frozen clock must not freeze the buckets.
  const limits = createRateLimits(rateLimitSettings(cfg), () => performance.now());
  const web = createWebChannel(cfg, { log, now: () => clock.now(), limits });
  const adapter = createAdapter(cfg, texts, log, web?.decorate);
  const giveBack = createGiveBack({
    store,
    consent,
    map,
    texts,
    clock,
    notifier: createProactiveNotifier(adapter, refs, cfg.MicrosoftAppId),
    holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  });
  const metrics = createMetrics();
  const server = createHttpServer({
    store,
    metrics,
    tokens: cfg.ADMIN_TOKENS,
    messages: createMessagesHandler(adapter, bot),
    limits,
    mounts: [
      ...(web?.mounts(adapter, bot) ?? []),
      mountPrivacy({ map, texts }),
      ...analytics.mounts(map, texts),
    ],
    log,
    eraseSubject: (channelId, userId) =>
      rights.eraseSubject({
        subject: subject(channelId, userId),
        channel: channelId,
        locale: 'en',
        journey: '',
        step: '',
      }),
    audit,
    subjectOf: subject,
    subjectReport: createSubjectReport({ consent, map, subjectOf: subject }),
  });
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = () =>
    giveBack.sweep().then(
      (r) => r.items > 0 && log.info({ ...r }, 'give-back sweep'),
      (e: unknown) =>
        log.error(
          { err: { name: (e as Error).name, message: (e as Error).message } },
          'give-back sweep failed',
        ),
    );
  return {
    server,
    store,
    log,
    map,
    giveBack,
    startSweeper() {
      analytics.startSweep();
      if (cfg.GIVEBACK_EVERY_MINUTES > 0 && !sweeper) {
        sweeper = setInterval(() => void sweep(), cfg.GIVEBACK_EVERY_MINUTES * 60_000);
        sweeper.unref();
        void sweep();
      }
    },
    listen: () =>
      new Promise((ok, fail) => {
        server.once('error', fail);
        server.listen(cfg.PORT, cfg.HOST, () => ok({ port: (server.address() as { port: number }).port }));
      }),
    async close() {
      if (sweeper) clearInterval(sweeper);
      live.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
      });
      await analytics.close();
      await store.close();
    },
  };
}
