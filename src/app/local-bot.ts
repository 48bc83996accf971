/**
 * A whole bot in this process, for designers: the real map, texts, validation, consent service,
 * runtime and SQLite store, reached through the in-process channel. The store lives in a
 * throw-away temp folder unless a data folder is given. Used by `justask chat` and `justask test`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { createInProcessChannel } from '../channels/index.ts';
import { maskValue } from '../consent/index.ts';
import { loadMapOrThrow, type DialogueMap, type Texts } from '../map/index.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { openSqliteStore } from '../storage/sqlite/index.ts';
import { scriptedActions, type ScriptedAnswer } from '../dialog-tests/index.ts';
import { createBotServices } from './bot-services.ts';
import { wireSystems } from './wire-systems.ts';
import { loadConfig } from './config.ts';
import { loadKeys } from './keys.ts';

export interface LocalBotOptions {
  readonly dialogsDir: string;
  readonly localesDir: string;
  /** A folder to keep the store (and its keys) in; a temp folder, removed on close, when absent. */
  readonly dataDir?: string;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly noticeUrl?: string;
  /** The channel id the in-process conversations report. */
  readonly channelId?: string;
  /**
   * How steps' actions reach the systems: `scripted` answers what each conversation test scripts
   * (`justask test`); else the systems the catalog and the environment set up (`justask chat`).
   */
  readonly actions?: 'scripted' | 'systems';
  /** An already loaded map and texts (else they are loaded from the folders). */
  readonly loaded?: { readonly map: DialogueMap; readonly texts: Texts };
}

/** A stored item as a designer checks it: id, plain value and the purposes it is granted for. */
export interface StoredItem {
  readonly item: string;
  readonly value: string;
  readonly masked: string;
  readonly purposes: readonly string[];
}

/** Builds the bot; throws `MapInvalidError` (with every problem) when the map has errors. */
export function createLocalBot(opts: LocalBotOptions) {
  const log = opts.log ?? pino({ level: 'silent' });
  const clock = opts.clock ?? systemClock;
  const { map, texts } =
    opts.loaded ??
    loadMapOrThrow({ dialogsDir: resolve(opts.dialogsDir), localesDir: resolve(opts.localesDir) });
  const temp = opts.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'justask-local-'));
  const dataDir = resolve(opts.dataDir ?? temp ?? '.');
  const keys = loadKeys(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'development' }), log);
  const store = openSqliteStore(join(dataDir, 'justask.db'));
  const channelId = opts.channelId ?? 'local';
  const scripted = opts.actions === 'scripted' ? scriptedActions() : undefined;
  const actions = scripted ?? wireSystems({ map: () => map, env: process.env, clock, log }).actions;
  const {
    consent,
    subject: subjectIn,
    botDeps,
  } = createBotServices({
    store,
    dataKeys: keys.dataKeys,
    subjectKey: keys.subjectKey,
    map: () => map,
    texts: () => texts,
    clock,
    log,
    noticeUrl: opts.noticeUrl ?? 'http://localhost:3978/privacy',
    actions,
  });
  const subject = (user: string) => subjectIn(channelId, user);
  const channel = createInProcessChannel(botDeps, { channelId });

  return {
    map,
    texts,
    store,
    consent,
    dataDir,
    conversation: channel.conversation,
    /** What is stored for `user`, values revealed (this is the designer's own test data). */
    async stored(user: string): Promise<StoredItem[]> {
      return (await consent.held(subject(user))).map((h) => {
        const value = consent.reveal(h);
        return {
          item: h.item,
          value,
          masked: maskValue(map.catalog.items[h.item]?.type ?? 'text', value),
          purposes: h.grants.map((g) => g.purpose),
        };
      });
    },
    /** Sets how the systems answer `user`'s actions (with `actions: 'scripted'`). */
    scriptActions(user: string, answers: Readonly<Record<string, ScriptedAnswer>>): void {
      scripted?.script(subject(user), answers);
    },
    /** The consent ledger of `user`, as `event item purpose` lines. */
    async ledger(user: string): Promise<string[]> {
      return (await consent.ledger(subject(user))).map((r) => `${r.event} ${r.item} ${r.purpose}`);
    },
    async close(): Promise<void> {
      await store.close();
      if (temp) rmSync(temp, { recursive: true, force: true });
    },
  };
}

export type LocalBot = ReturnType<typeof createLocalBot>;
