import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCipher, DecryptError, encryptedRefs, refAad, valueAad } from '../../../src/consent/index.ts';
import type { EncryptedValue } from '../../../src/storage/index.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';

const k1 = { id: 'k1', key: Buffer.alloc(32, 1) };
const k2 = { id: 'k2', key: Buffer.alloc(32, 2) };

/** A ciphertext as versions before AAD binding made it: no `v`, no AAD. */
function legacy(plain: string): EncryptedValue {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', k1.key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return {
    kid: 'k1',
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: c.getAuthTag().toString('base64'),
  };
}

describe('the value cipher', () => {
  const cipher = createCipher([k1]);

  it('gives every ciphertext its own 12-byte nonce, across many values', () => {
    const ivs = Array.from({ length: 1000 }, () => cipher.encrypt('x', valueAad('s_a', 'mobile')).iv);
    expect(new Set(ivs).size).toBe(1000);
    expect(ivs.every((iv) => Buffer.from(iv, 'base64').length === 12)).toBe(true);
    expect(cipher.decrypt(cipher.encrypt('late', valueAad('s_a', 'mobile')), valueAad('s_a', 'mobile'))).toBe(
      'late',
    );
  });

  it('reads back a value in its own place, marked as bound', () => {
    const v = cipher.encrypt('+447911123456', valueAad('s_a', 'mobile'));
    expect(v).toMatchObject({ v: 2, kid: 'k1' });
    expect(Buffer.from(v.tag, 'base64')).toHaveLength(16);
    expect(cipher.decrypt(v, valueAad('s_a', 'mobile'))).toBe('+447911123456');
  });

  it.each([
    ['another subject', valueAad('s_b', 'mobile')],
    ['another item', valueAad('s_a', 'email')],
    ['a conversation reference', refAad('s_a')],
  ])('refuses a value moved to %s', (_place, aad) => {
    const v = cipher.encrypt('+447911123456', valueAad('s_a', 'mobile'));
    expect(() => cipher.decrypt(v, aad)).toThrow(DecryptError);
  });

  it.each([4, 8, 12, 15])('refuses a genuine tag truncated to %i bytes', (bytes) => {
    const v = cipher.encrypt('1990-05-17', valueAad('s_a', 'birthday'));
    const tag = Buffer.from(v.tag, 'base64').subarray(0, bytes).toString('base64');
    expect(() => cipher.decrypt({ ...v, tag }, valueAad('s_a', 'birthday'))).toThrow(/tag is \d+ bytes/);
  });

  it('still reads a value encrypted before binding, and says it needs rotating', () => {
    const old = legacy('+447911123456');
    expect(cipher.decrypt(old, valueAad('s_a', 'mobile'))).toBe('+447911123456');
    expect(cipher.isCurrent(old)).toBe(false);
  });

  it('refuses a bound value stripped of its version mark (no downgrade to unbound)', () => {
    const { v: _v, ...stripped } = cipher.encrypt('+447911123456', valueAad('s_a', 'mobile'));
    expect(() => cipher.decrypt(stripped, valueAad('s_a', 'mobile'))).toThrow(DecryptError);
  });

  it('encrypts under the first key, reads any listed key, and names an unknown one', () => {
    const both = createCipher([k2, k1]);
    const old = cipher.encrypt('x', 'v|s|i');
    expect(both.decrypt(old, 'v|s|i')).toBe('x');
    expect(both.isCurrent(old)).toBe(false);
    expect(both.encrypt('x', 'v|s|i').kid).toBe('k2');
    expect(() => createCipher([k2]).decrypt(old, 'v|s|i')).toThrow(/no data key with id k1/);
  });
});

describe('encrypted conversation references', () => {
  it('are bound to their subject: a reference copied to another subject does not open', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'justask-refs-')), 'justask.db'));
    try {
      const refs = encryptedRefs(store.refs, createCipher([k1]));
      const ref = { channelId: 'sms', user: { id: '+447911123456' }, conversation: { id: 'c1' } };
      await refs.save('s_a', ref, new Date());
      expect(await refs.get('s_a')).toEqual(ref);
      const raw = await store.refs.get('s_a');
      expect(JSON.stringify(raw)).not.toContain('+447911123456');
      await store.refs.save('s_b', raw ?? {}, new Date());
      await expect(refs.get('s_b')).rejects.toThrow(DecryptError);
    } finally {
      await store.close();
    }
  });
});
