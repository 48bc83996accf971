/**
 * The services behind every bot — the server, the designers' local bot and the tests — wired
 * one way: consent over the store, rights, encrypted conversation references, the runtime and
 * what the channel layer needs (`botDeps`).
 */
import type { Logger } from 'pino';
import type { AskEventSink } from '../analytics/index.ts';
import { createConversationStates, type BotDeps } from '../channels/index.ts';
import {
  createCipher,
  createConsentService,
  createRights,
  encryptedRefs,
  subjectOf,
  suppressionKeyer,
  type DataKey,
  type Rights,
} from '../consent/index.ts';
import { createIntentModel, createRuntime, type ActionCaller } from '../journey/index.ts';
import type { DialogueMap, Texts } from '../map/index.ts';
import { randomIds, type Clock } from '../shared/clock.ts';
import type { Store } from '../storage/index.ts';

export interface BotServicesOptions {
  readonly store: Store;
  readonly dataKeys: readonly DataKey[];
  readonly subjectKey: Buffer;
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
  readonly clock: Clock;
  readonly log: Logger;
  readonly noticeUrl: string;
  readonly events?: AskEventSink;
  /** Wraps the rights customers exercise in conversation (the audit log records their erasures). */
  readonly wrapRights?: (rights: Rights) => Rights;
  /** Channel ids to treat as text-only besides SMS (TEXT_ONLY_CHANNELS). */
  readonly textOnlyChannels?: readonly string[];
  /** Carries out steps' actions on the business's systems (absent: every action fails, visibly). */
  readonly actions?: ActionCaller;
}

export function createBotServices(o: BotServicesOptions) {
  const { store, map, texts, clock } = o;
  const cipher = createCipher(o.dataKeys);
  const refs = encryptedRefs(store.refs, cipher);
  const consent = createConsentService({
    store,
    cipher,
    map,
    clock,
    ids: randomIds,
    noticeUrl: o.noticeUrl,
    suppressionKey: suppressionKeyer(o.subjectKey),
  });
  const states = createConversationStates({
    state: store.state,
    cipher,
    keySecret: o.subjectKey,
    now: () => clock.now(),
  });
  const forgetConversations = async (s: string) => void (await states.forgetSubject(s));
  const rights = createRights({ store, consent, map, clock, forgetConversations });
  const subject = (channelId: string, userId: string) => subjectOf(o.subjectKey, channelId, userId);
  // Trained from the map's phrases on first use (or `intents.warm()` at start), again after a reload.
  const intents = createIntentModel({ map, texts });
  const runtime = createRuntime({
    intents,
    map,
    texts,
    consent,
    rights: o.wrapRights ? o.wrapRights(rights) : rights,
    clock,
    noticeUrl: o.noticeUrl,
    // With an ask-event sink wired, the turn writes its counts and waiting ask with its batch.
    analytics: o.events !== undefined,
    ...(o.actions ? { actions: o.actions } : {}),
  });
  const botDeps: BotDeps = {
    runtime,
    states,
    texts,
    subjectOf: subject,
    now: () => clock.now(),
    log: o.log,
    ...(o.textOnlyChannels ? { textOnlyChannels: o.textOnlyChannels } : {}),
  };
  return { cipher, refs, consent, rights, subject, botDeps, intents };
}
