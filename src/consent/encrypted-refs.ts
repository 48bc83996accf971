/**
 * Conversation references hold a channel's raw user and conversation ids; at rest they are
 * encrypted like values and bound to their subject, so the store links a pseudonymous subject
 * to nothing readable and a reference copied to another subject does not decrypt.
 */
import { EncryptedValue, type ConversationRefStore } from '../storage/index.ts';
import { refAad, type Cipher } from './crypto.ts';

/** The sealed ciphertext of a stored reference, or undefined for one stored in clear (older versions). */
export const sealedOf = (stored: Record<string, unknown> | undefined): EncryptedValue | undefined => {
  const sealed = EncryptedValue.safeParse(stored?.sealed);
  return sealed.success ? sealed.data : undefined;
};

/** A seal of a reference for `subject`, as the store keeps it. */
export const sealRef = (cipher: Cipher, subject: string, ref: Record<string, unknown>) => ({
  sealed: cipher.encrypt(JSON.stringify(ref), refAad(subject)),
});

export function encryptedRefs(refs: ConversationRefStore, cipher: Cipher): ConversationRefStore {
  return {
    save: (subject, ref, at) => refs.save(subject, sealRef(cipher, subject, ref), at),
    async get(subject) {
      const stored = await refs.get(subject);
      const sealed = sealedOf(stored);
      if (!sealed) return stored;
      return JSON.parse(cipher.decrypt(sealed, refAad(subject))) as Record<string, unknown>;
    },
    delete: (subject) => refs.delete(subject),
    scan: (after, limit) => refs.scan(after, limit),
    replace: (subject, expected, ref) => refs.replace(subject, expected, ref),
  };
}
