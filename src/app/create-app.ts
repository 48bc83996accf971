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
  createServiceUrlPolicy,
  createStateExpiry,
  type StateExpiry,
} from '../channels/index.ts';
import {
  createGiveBack,
  createRecordsRetention,
  createSubjectReport,
  type GiveBack,
  type RecordsRetention,
} from '../consent/index.ts';
import { createAuditTrail } from '../http/audit-trail.ts';
import { createMetrics } from '../http/metrics.ts';
import { mountPrivacy } from '../http/privacy.ts';
import { createRateLimits } from '../http/rate-limit.ts';
import { createHttpServer } from '../http/server.ts';
import { createLiveMap, type DialogueMap } from '../map/index.ts';
import { randomIds, systemClock, type Clock } from '../shared/clock.ts';
import { subtractDuration } from '../shared/duration.ts';
import { loggableError } from '../shared/redact.ts';
import type { Store } from '../storage/index.ts';
import { openSqliteStore } from '../storage/sqlite/index.ts';
import { auditCustomerErasures } from './audit-rights.ts';
import { createBotServices } from './bot-services.ts';
import { wireOutbox, wireSystems } from './wire-systems.ts';
import { mountFailedEvents } from '../http/admin-events.ts';
import { mountPullApi } from '../http/pull-api.ts';
import { createRecipientPull } from '../consent/index.ts';
import { registerOutboxMetrics } from '../http/outbox-metrics.ts';
import type { OutboxWorker } from '../systems/index.ts';
import { rateLimitSettings, type Config } from './config.ts';
import { loadKeys } from './keys.ts';
import { wireAnalytics } from './wire-analytics.ts';
import { createWebChannel } from './web-channel.ts';

export interface App {
  readonly server: Server;
  readonly store: Store;
  readonly log: Logger;
  readonly map: () => DialogueMap;
  readonly giveBack: GiveBack;
  /** Deletes bot state idle longer than STATE_TTL, else the map's `records.state` (under a lease). */
  readonly stateExpiry: StateExpiry;
  /** Deletes references, ledger records, counters and audit entries past their retention (the sweeper: daily). */
  readonly retention: RecordsRetention;
  /** Delivers the events outbox to the systems (under a lease); the server runs it every EVENTS_EVERY_SECONDS. */
  readonly events: OutboxWorker;
  /** Runs the give-back, state-expiry and retention sweeps now and then every GIVEBACK_EVERY_MINUTES (under leases). */
  startSweeper(): void;
  listen(): Promise<{ port: number }>;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Where the catalog's `${VAR}` references (systems' urls and secrets) are read; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
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
  // Every notice version served is archived in DATA_DIR; one kept with the map is served too.
  const archiveDirs = [join(cfg.DATA_DIR, 'notice-archive'), join(cfg.DIALOGS_DIR, 'notice-archive')];
  const live = createLiveMap({
    dialogsDir: resolve(cfg.DIALOGS_DIR),
    localesDir: resolve(cfg.LOCALES_DIR),
    watch: cfg.NODE_ENV !== 'production',
    log,
    archiveDir: archiveDirs[0],
  });
  const { map, texts } = live;
  const keys = loadKeys(cfg, log);
  const store = await openStore(cfg);
  const analytics = wireAnalytics(cfg, { store, clock, log });
  const audit = createAuditTrail({ store: store.audit, clock, ids: randomIds });
  const systems = wireSystems({
    map,
    env: opts.env ?? process.env,
    clock,
    log,
    pulling: cfg.SYSTEM_TOKENS.values(),
  });
  const { cipher, refs, consent, rights, subject, botDeps, intents } = createBotServices({
    store,
    dataKeys: keys.dataKeys,
    subjectKey: keys.subjectKey,
    map,
    texts,
    clock,
    log,
    // Absolute, so the link works in any channel (SMS, Teams); PUBLIC_URL in production.
    noticeUrl: `${cfg.PUBLIC_URL.replace(/\/+$/, '') || `http://localhost:${cfg.PORT}`}/privacy`,
    events: analytics.events,
    wrapRights: auditCustomerErasures(audit, log),
    textOnlyChannels: cfg.TEXT_ONLY_CHANNELS,
    actions: systems.actions,
  });
  const bot = createBot(botDeps);
  // Rate limits run on the process's own time: a test's frozen clock must not freeze the buckets.
  const limits = createRateLimits(rateLimitSettings(cfg), () => performance.now());
  const web = createWebChannel(cfg, { log, now: () => clock.now(), limits });
  const adapter = createAdapter(cfg, texts, log, web?.decorate);
  const trusted = createServiceUrlPolicy({
    patterns: cfg.TRUSTED_SERVICE_URLS,
    loopback: cfg.NODE_ENV !== 'production',
    own: () => [web?.connectorUrl()].filter((u) => u !== undefined),
  });
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const giveBack = createGiveBack({
    store,
    consent,
    map,
    texts,
    clock,
    notifier: createProactiveNotifier(adapter, refs, cfg.MicrosoftAppId, trusted, log),
    holder,
    forgetConversations: rights.forgetSubjectConversations,
    log,
  });
  const stateIdleMs = (now: Date) =>
    now.getTime() - subtractDuration(now, map().catalog.records.state).getTime();
  const stateExpiry = createStateExpiry({ store, clock, idleMs: cfg.STATE_TTL ?? stateIdleMs, holder });
  const retention = createRecordsRetention({
    store,
    map,
    clock,
    holder,
    auditRetention: cfg.AUDIT_RETENTION,
  });
  const metrics = createMetrics();
  const events = wireOutbox({
    store,
    systems: systems.systems,
    cipher,
    clock,
    holder,
    log,
    everySeconds: cfg.EVENTS_EVERY_SECONDS,
  });
  registerOutboxMetrics(metrics.registry, () => store.outbox.counts());
  const server = createHttpServer({
    store,
    metrics,
    tokens: cfg.ADMIN_TOKENS,
    messages: createMessagesHandler(adapter, bot, trusted),
    limits,
    mounts: [
      ...(web?.mounts(adapter, bot) ?? []),
      mountPrivacy({ map, texts, archiveDirs }),
      mountFailedEvents({ outbox: store.outbox, tokens: cfg.ADMIN_TOKENS }),
      mountPullApi({
        systemTokens: cfg.SYSTEM_TOKENS,
        pull: createRecipientPull({ store, map, reveal: consent.reveal, clock }),
        limit: limits.pull,
      }),
      ...analytics.mounts(map, texts, keys.subjectKey),
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
    subjectReport: createSubjectReport({ consent, map, subjectOf: subject, now: () => clock.now() }),
  });
  let sweeper: NodeJS.Timeout | undefined;
  const failed = (what: string) => (e: unknown) => log.error({ err: loggableError(e) }, `${what} failed`);
  const sweep = async () => {
    await giveBack.sweep().then(async (r) => {
      if (r.items === 0) return;
      log.info({ ...r }, 'give-back sweep');
      await store.scrub();
    }, failed('give-back sweep'));
    await stateExpiry
      .sweep()
      .then((r) => r.deleted > 0 && log.info({ ...r }, 'idle bot state expired'), failed('state expiry'));
    await retention
      .sweepIfDue()
      .then((r) => r.ran && log.info({ ...r }, 'records retention'), failed('records retention'));
  };
  return {
    server,
    store,
    log,
    map,
    giveBack,
    stateExpiry,
    retention,
    events: events.worker,
    startSweeper() {
      analytics.startSweep();
      events.start();
      if (cfg.GIVEBACK_EVERY_MINUTES > 0 && !sweeper) {
        sweeper = setInterval(() => void sweep(), cfg.GIVEBACK_EVERY_MINUTES * 60_000);
        sweeper.unref();
        void sweep();
      }
    },
    listen: () =>
      new Promise((ok, fail) => {
        server.once('error', fail);
        server.listen(cfg.PORT, cfg.HOST, () => {
          // Trained in the background: /healthz answers at once; the first message waits at most for it.
          void intents
            .warm()
            .then(
              (ms) => log.info({ ms: Math.round(ms) }, 'intent model trained'),
              failed('intent training'),
            );
          ok({ port: (server.address() as { port: number }).port });
        });
      }),
    async close() {
      if (sweeper) clearInterval(sweeper);
      await events.stop();
      live.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
      });
      await analytics.close();
      await store.close();
    },
  };
}
