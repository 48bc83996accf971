/**
 * Values at rest are AES-256-GCM ciphertexts that name their key (keys rotate) and are bound to
 * where they belong: the additional authenticated data (AAD) names the subject and item (or the
 * subject's conversation reference), so a ciphertext copied to another row does not decrypt.
 * Tags are always 16 bytes: a shorter tag is refused (GCM tag truncation makes forgery cheap).
 * Subjects are pseudonymous: an HMAC of channel and user id, so the store never holds a raw user id.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { EncryptedValue } from '../storage/index.ts';

export interface DataKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface Cipher {
  /** The id of the key new ciphertexts are made with. */
  readonly currentKid: string;
  /** Encrypts under the current key, bound to `aad` (see `valueAad`, `refAad`). */
  encrypt(plain: string, aad: string): EncryptedValue;
  /** Decrypts a ciphertext bound to `aad`; ciphertexts from before binding (no `v`) ignore it. */
  decrypt(value: EncryptedValue, aad: string): string;
  /** True when the value is already bound and under the current key (nothing to rotate). */
  isCurrent(value: EncryptedValue): boolean;
}

/** 12-byte GCM nonces, cut from a block of random bytes drawn a few hundred at a time (one draw per value cost more than the cipher). */
const IV_BYTES = 12;
const IV_BLOCK = IV_BYTES * 256;
let ivBlock = Buffer.alloc(0);
let ivAt = 0;

/** A fresh random nonce: never handed out twice (a used block is dropped, never refilled in place). */
function nextIv(): Buffer {
  if (ivAt + IV_BYTES > ivBlock.length) {
    ivBlock = randomBytes(IV_BLOCK);
    ivAt = 0;
  }
  const iv = ivBlock.subarray(ivAt, ivAt + IV_BYTES);
  ivAt += IV_BYTES;
  return iv;
}

/** Ciphertexts made with AAD carry this version; older ones have none. */
export const SEALED_VERSION = 2;
const TAG_BYTES = 16;

/** The AAD of a held value: it belongs to this subject's item. */
export const valueAad = (subject: string, item: string): string => `v|${subject}|${item}`;
/** The AAD of a subject's conversation reference. */
export const refAad = (subject: string): string => `ref|${subject}`;
/** The AAD of a conversation's bot state, by its (pseudonymous) state key. */
export const stateAad = (key: string): string => `state|${key}`;

/** A ciphertext that cannot be opened: unknown key, wrong tag length, or not bound to this place. */
export class DecryptError extends Error {
  override readonly name = 'DecryptError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A cipher that encrypts under the first key and decrypts under any key it knows. */
export function createCipher(keys: readonly DataKey[]): Cipher {
  const current = keys[0];
  if (!current) throw new Error('at least one data key is needed');
  for (const k of keys) if (k.key.length !== 32) throw new Error(`data key ${k.id} must be 32 bytes`);
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    currentKid: current.id,
    encrypt(plain, aad) {
      const iv = nextIv();
      const c = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
      c.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return {
        v: SEALED_VERSION,
        kid: current.id,
        iv: iv.toString('base64'),
        ct: ct.toString('base64'),
        tag: c.getAuthTag().toString('base64'),
      };
    },
    decrypt(v, aad) {
      const key = byId.get(v.kid);
      if (!key) throw new DecryptError(`no data key with id ${v.kid}`);
      const tag = Buffer.from(v.tag, 'base64');
      if (tag.length !== TAG_BYTES)
        throw new DecryptError(`the tag is ${tag.length} bytes, not ${TAG_BYTES}`);
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(v.iv, 'base64'), {
        authTagLength: TAG_BYTES,
      });
      if (v.v === SEALED_VERSION) d.setAAD(Buffer.from(aad, 'utf8'));
      d.setAuthTag(tag);
      try {
        return Buffer.concat([d.update(Buffer.from(v.ct, 'base64')), d.final()]).toString('utf8');
      } catch (e) {
        throw new DecryptError(`the ciphertext does not authenticate under key ${v.kid}`, { cause: e });
      }
    },
    isCurrent: (v) => v.v === SEALED_VERSION && v.kid === current.id,
  };
}

/** The pseudonymous subject id of a channel user. */
export function subjectOf(subjectKey: Buffer, channelId: string, userId: string): string {
  return (
    's_' + createHmac('sha256', subjectKey).update(`${channelId}\u0000${userId}`).digest('hex').slice(0, 40)
  );
}
