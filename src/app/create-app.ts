/**
 * The composition root: reads config, opens the store, loads the map, builds the services and
 * the HTTP server. Wired by hand; `createApp` is also what integration tests and the CLI use.
 */
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Server } from 'restify';
import { createAdapter, createBot, createBotStorage, createMessagesHandler } from '../channels/index.ts';
import { createCipher, createConsentService, maskValue, subjectOf } from '../consent/index.ts';
import { createMetrics } from '../http/metrics.ts';
import { mountPrivacy } from '../http/privacy.ts';
import { createHttpServer } from '../http/server.ts';
import { createRuntime } from '../journey/index.ts';
import { createLiveMap, type DialogueMap } from '../map/index.ts';
import { randomIds, systemClock, type Clock } from '../shared/clock.ts';
import type { Store } from '../storage/index.ts';
import { openMongoStore } from '../storage/mongo/index.ts';
import { openSqliteStore } from '../storage/sqlite/index.ts';
import type { Config } from './config.ts';
import { loadKeys } from './keys.ts';
import { createWebChannel } from './web-channel.ts';

export interface App {
  readonly server: Server;
  readonly store: Store;
  readonly log: Logger;
  readonly map: () => DialogueMap;
  listen(): Promise<{ port: number }>;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** Opens the store the config selects (MongoDB when MONGODB_URI is set, else SQLite in DATA_DIR). */
export function openStore(cfg: Config): Promise<Store> {
  if (cfg.MONGODB_URI) return openMongoStore(cfg.MONGODB_URI, cfg.MONGODB_DB);
  return Promise.resolve(openSqliteStore(join(cfg.DATA_DIR, 'justask.db')));
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
  const cipher = createCipher(keys.dataKeys);
  const consent = createConsentService({ store, cipher, map, clock, ids: randomIds });
  const subject = (channelId: string, userId: string) => subjectOf(keys.subjectKey, channelId, userId);
  const runtime = createRuntime({ map, texts, consent, clock, noticeUrl: `${cfg.PUBLIC_URL}/privacy` });
  const bot = createBot({
    runtime,
    storage: createBotStorage(store.state),
    refs: store.refs,
    texts,
    subjectOf: subject,
    now: () => clock.now(),
    log,
  });
  const web = createWebChannel(cfg, { log, now: () => clock.now() });
  const adapter = createAdapter(cfg, texts, log, web?.decorate);
  const metrics = createMetrics();
  const server = createHttpServer({
    store,
    metrics,
    tokens: cfg.ADMIN_TOKENS,
    messages: createMessagesHandler(adapter, bot),
    mounts: [...(web?.mounts(adapter, bot) ?? []), mountPrivacy({ map, texts })],
    log,
    subjectReport: async (channelId, userId) => {
      const s = subject(channelId, userId);
      const items = await consent.held(s);
      return {
        subject: s,
        items: items.map((h) => ({
          item: h.item,
          value: maskValue(map().catalog.items[h.item]?.type ?? 'text', consent.reveal(h)),
          collectedAt: h.collectedAt,
          collected: h.collected,
          grants: h.grants,
        })),
        ledger: await consent.ledger(s),
      };
    },
  });
  return {
    server,
    store,
    log,
    map,
    listen: () =>
      new Promise((ok) => {
        server.listen(cfg.PORT, cfg.HOST, () => ok({ port: (server.address() as { port: number }).port }));
      }),
    async close() {
      live.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
      });
      await store.close();
    },
  };
}
