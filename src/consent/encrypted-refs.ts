/**
 * Conversation references hold a channel's raw user and conversation ids; at rest they are
 * encrypted like values, so the store links a pseudonymous subject to nothing readable.
 */
import { EncryptedValue, type ConversationRefStore } from '../storage/index.ts';
import type { Cipher } from './crypto.ts';

export function encryptedRefs(refs: ConversationRefStore, cipher: Cipher): ConversationRefStore {
  return {
    save: (subject, ref, at) => refs.save(subject, { sealed: cipher.encrypt(JSON.stringify(ref)) }, at),
    async get(subject) {
      const stored = await refs.get(subject);
      const sealed = EncryptedValue.safeParse(stored?.sealed);
      if (!sealed.success) return stored;
      return JSON.parse(cipher.decrypt(sealed.data)) as Record<string, unknown>;
    },
    delete: (subject) => refs.delete(subject),
  };
}
