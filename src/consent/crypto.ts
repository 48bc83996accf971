/**
 * Values at rest are AES-256-GCM ciphertexts that name their key (keys rotate); subjects are
 * pseudonymous: an HMAC of channel and user id, so the store never holds a raw user id.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { EncryptedValue } from '../storage/index.ts';

export interface DataKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface Cipher {
  encrypt(plain: string): EncryptedValue;
  decrypt(value: EncryptedValue): string;
}

/** A cipher that encrypts under the first key and decrypts under any key it knows. */
export function createCipher(keys: readonly DataKey[]): Cipher {
  const current = keys[0];
  if (!current) throw new Error('at least one data key is needed');
  for (const k of keys) if (k.key.length !== 32) throw new Error(`data key ${k.id} must be 32 bytes`);
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', current.key, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return {
        kid: current.id,
        iv: iv.toString('base64'),
        ct: ct.toString('base64'),
        tag: c.getAuthTag().toString('base64'),
      };
    },
    decrypt(v) {
      const key = byId.get(v.kid);
      if (!key) throw new Error(`no data key with id ${v.kid}`);
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(v.iv, 'base64'));
      d.setAuthTag(Buffer.from(v.tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(v.ct, 'base64')), d.final()]).toString('utf8');
    },
  };
}

/** The pseudonymous subject id of a channel user. */
export function subjectOf(subjectKey: Buffer, channelId: string, userId: string): string {
  return (
    's_' + createHmac('sha256', subjectKey).update(`${channelId}\u0000${userId}`).digest('hex').slice(0, 40)
  );
}
