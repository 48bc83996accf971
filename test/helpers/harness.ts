/**
 * A real bot in-process for transcript tests: the real map, runtime, consent service and SQLite
 * store in a temp folder, driven through botbuilder's TestAdapter. Only the clock is the test's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { createAskEventSink } from '../../src/analytics/index.ts';
import { createBot, turnErrorHandler } from '../../src/channels/index.ts';
import { subjectOf } from '../../src/consent/index.ts';
import { createBotServices } from '../../src/app/bot-services.ts';
import { loadMapOrThrow, toLocale } from '../../src/map/index.ts';
import { manualClock } from '../../src/shared/clock.ts';
import type { Store } from '../../src/storage/index.ts';
import type { ActionCaller } from '../../src/journey/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';

export const subjectKey = Buffer.alloc(32, 7);
export const dataKeys = [{ id: 'k1', key: Buffer.alloc(32, 9) }];

export interface HarnessOptions {
  readonly store?: Store;
  readonly dialogsDir?: string;
  readonly start?: Date;
  /** Opt-in analytics on, as the server wires it (counts and waiting asks written with each turn). */
  readonly analytics?: boolean;
  /** Channel ids to treat as text-only besides SMS (TEXT_ONLY_CHANNELS). */
  readonly textOnlyChannels?: readonly string[];
  /**
   * How steps' actions reach the systems. Default: every system books (answers `{}`), so transcripts
   * about asking need no back end; tests of actions pass the real HTTP caller.
   */
  readonly actions?: ActionCaller;
}

/** Systems that carry out every action and answer nothing more. */
const acceptingActions: ActionCaller = { call: () => Promise.resolve({ ok: true, vars: {} }) };

export function createHarness(opts: HarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'justask-test-'));
  const store = opts.store ?? openSqliteStore(join(dir, 'justask.db'));
  const { map, texts } = loadMapOrThrow({
    dialogsDir: resolve(opts.dialogsDir ?? 'dialogs'),
    localesDir: resolve('locales'),
  });
  const clock = manualClock(opts.start ?? new Date('2026-06-01T09:00:00Z'));
  const log = pino({ level: 'silent' });
  const { consent, cipher, rights, botDeps } = createBotServices({
    store,
    dataKeys,
    subjectKey,
    map: () => map,
    texts: () => texts,
    clock,
    log,
    noticeUrl: 'http://localhost/privacy',
    actions: opts.actions ?? acceptingActions,
    ...(opts.analytics ? { events: createAskEventSink({ store: store.analytics, log }) } : {}),
    ...(opts.textOnlyChannels ? { textOnlyChannels: opts.textOnlyChannels } : {}),
  });
  const bot = createBot(botDeps);
  let seq = 0;

  /** A conversation of one user in one locale, on the test channel unless `channelId` says (`sms`). */
  function conversation(
    user = 'user-1',
    locale = 'en-GB',
    conversationId = `conv-${user}-${locale}`,
    channelId = 'test',
  ) {
    const adapter = new TestAdapter(bot, {
      channelId,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'c' },
      from: { id: user, name: user },
      recipient: { id: 'bot', name: 'bot' },
      locale,
    });
    adapter.onTurnError = turnErrorHandler(() => texts, log);
    const send = async (activity: Partial<Activity>): Promise<Partial<Activity>[]> => {
      await adapter.processActivity({ id: `a${++seq}`, locale, ...activity });
      return adapter.activeQueue.splice(0);
    };
    return {
      adapter,
      lng: toLocale(locale),
      subject: subjectOf(subjectKey, channelId, user),
      send,
      /** Sends text; returns the texts of the replies. */
      say: async (text: string) => (await send({ type: 'message', text })).map((a) => a.text ?? ''),
      start: async (journey: string) =>
        (await send({ type: 'event', name: 'journey.start', value: { journey } })).map((a) => a.text ?? ''),
    };
  }

  return {
    store,
    /** The folder of the SQLite store (unused when a store was given). */
    dataDir: dir,
    cipher,
    rights,
    map,
    texts,
    clock,
    consent,
    conversation,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
