/**
 * Where a conversation's state lives between turns. At rest it is sealed with the consent cipher
 * (it may hold replies that quote a masked value, a journey's chosen options, a question about an
 * item), stored under a pseudonymous key (an HMAC of channel and conversation id, so the store
 * holds no raw conversation id) with the subject whose turn wrote it and when, so erasure finds
 * every conversation of a subject and idle state expires.
 */
import { createHmac } from 'node:crypto';
import { stateAad, type Cipher } from '../consent/index.ts';
import {
  openedState,
  parseConversationState,
  sealableState,
  type ConversationState,
} from '../journey/index.ts';
import { EncryptedValue, type StateStore, type StateWrite } from '../storage/index.ts';

/** A conversation's state as read at the start of a turn, with what writing it back needs. */
export interface LoadedState {
  readonly key: string;
  readonly state: ConversationState;
  readonly eTag?: string;
}

export interface ConversationStatesDeps {
  readonly state: StateStore;
  readonly cipher: Cipher;
  /** The secret the pseudonymous keys are made with (the subject key). */
  readonly keySecret: Buffer;
  readonly now: () => Date;
}

export type ConversationStates = ReturnType<typeof createConversationStates>;

/** The pseudonymous bot-state key of a conversation on a channel. */
export function conversationKey(secret: Buffer, channelId: string, conversationId: string): string {
  const mac = createHmac('sha256', secret).update(`state\u0000${channelId}\u0000${conversationId}`);
  return `c_${mac.digest('hex').slice(0, 40)}`;
}

export function createConversationStates(deps: ConversationStatesDeps) {
  const { state, cipher } = deps;

  /** Opens a stored document; one it cannot read (a dropped key, an older shape) starts afresh. */
  function unseal(key: string, doc: Record<string, unknown> | undefined): ConversationState {
    if (!doc) return {};
    const sealed = EncryptedValue.safeParse(doc.sealed);
    if (!sealed.success) return parseConversationState(doc);
    try {
      return openedState(JSON.parse(cipher.decrypt(sealed.data, stateAad(key))));
    } catch {
      return {};
    }
  }

  /** The turn's new state sealed, as a write for the turn's batch (with the eTag read). */
  function sealed(loaded: LoadedState, next: ConversationState, subject: string): StateWrite {
    const doc = { sealed: cipher.encrypt(sealableState(next), stateAad(loaded.key)) };
    const meta = { subject, at: deps.now() };
    return { key: loaded.key, doc, meta, ...(loaded.eTag ? { expected: loaded.eTag } : {}) };
  }

  return {
    async load(channelId: string, conversationId: string): Promise<LoadedState> {
      const key = conversationKey(deps.keySecret, channelId, conversationId);
      const entry = (await state.read([key])).get(key);
      return { key, state: unseal(key, entry?.doc), ...(entry ? { eTag: entry.eTag } : {}) };
    },
    sealed,
    /** Writes the turn's new state, sealed; fails with ETagConflictError if another turn wrote first. */
    async save(loaded: LoadedState, next: ConversationState, subject: string): Promise<void> {
      const w = sealed(loaded, next, subject);
      await state.write(w.key, w.doc, w.expected ?? '*', w.meta);
    },
    async drop(loaded: LoadedState): Promise<void> {
      await state.delete([loaded.key]);
    },
    /** Deletes the state of every conversation the subject's turns wrote (erasure). */
    forgetSubject: (subject: string): Promise<number> => state.deleteSubject(subject),
  };
}
