import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  consentSealedCollections,
  createCipher,
  encryptedRefs,
  rotateKeys,
  stateAad,
  valueAad,
  type SealedCollection,
} from '../../../src/consent/index.ts';
import type { EncryptedValue, Store } from '../../../src/storage/index.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';

const k1 = { id: 'k1', key: Buffer.alloc(32, 1) };
const k2 = { id: 'k2', key: Buffer.alloc(32, 2) };
const at = new Date('2026-06-01T09:00:00Z');
const grant = {
  purpose: 'delivery-sms',
  basis: 'contract',
  grantedAt: at,
  noticeVersion: 'n1',
  expiresAt: new Date('2027-06-01T09:00:00Z'),
  lastUsedAt: null,
};
const collected = { journey: 'order-delivery', step: 'sms', channel: 'sms', locale: 'en' };

/** A ciphertext as versions before AAD binding made it (no `v`, no AAD). */
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

let store: Store;
beforeEach(() => {
  store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'justask-rotate-')), 'justask.db'));
});
afterEach(() => store.close());

describe('rotate-key', () => {
  it('re-encrypts held values, waiting event values and conversation references (bound, legacy and clear) so only the new key is needed', async () => {
    const old = createCipher([k1]);
    await store.items.put(
      {
        subject: 's_a',
        item: 'mobile',
        value: old.encrypt('+447911123456', valueAad('s_a', 'mobile')),
        collectedAt: at,
        collected,
      },
      grant,
    );
    await store.items.put(
      { subject: 's_b', item: 'mobile', value: legacy('+447700900123'), collectedAt: at, collected },
      grant,
    );
    const refA = { channelId: 'sms', user: { id: '+447911123456' }, conversation: { id: 'c-a' } };
    const refB = { channelId: 'sms', user: { id: '+447700900123' }, conversation: { id: 'c-b' } };
    const refC = { channelId: 'webchat', user: { id: 'clear-user' }, conversation: { id: 'c-c' } };
    await encryptedRefs(store.refs, old).save('s_a', refA, at);
    await store.refs.save('s_b', { sealed: legacy(JSON.stringify(refB)) }, at);
    await store.refs.save('s_c', refC, at);
    const state = {
      run: { journey: 'order-delivery', step: 'sms', outcomes: {}, vars: { slot: 'Evening' } },
    };
    const stateAt = new Date('2026-05-01T09:00:00Z');
    await store.state.write('c_1', { sealed: old.encrypt(JSON.stringify(state), stateAad('c_1')) }, '*', {
      subject: 's_a',
      at: stateAt,
    });

    // A value waiting in the outbox for its system, and one already given up (no value left).
    const event = (id: string, value?: EncryptedValue) => ({
      id,
      system: 'logistics',
      type: 'item.granted' as const,
      subject: 's_a',
      item: 'mobile',
      purpose: 'delivery-sms',
      at,
      attempts: 0,
      nextAt: at,
      ...(value ? { value } : {}),
    });
    const waiting = old.encrypt('+447911123456', valueAad('s_a', 'mobile'));
    await store.outbox.write({ add: [event('evt-1', waiting), event('evt-2')], strip: [] });

    const both = createCipher([k2, k1]);
    const counts = await rotateKeys(both, consentSealedCollections(store));
    expect(counts).toEqual([
      { name: 'held values', seen: 2, rotated: 2, changed: 0, unreadable: 0 },
      { name: 'event values', seen: 1, rotated: 1, changed: 0, unreadable: 0 },
      { name: 'conversation references', seen: 3, rotated: 3, changed: 0, unreadable: 0 },
      { name: 'bot state', seen: 1, rotated: 1, changed: 0, unreadable: 0 },
    ]);

    const only = createCipher([k2]);
    const values = await store.items.scan(undefined, 10);
    expect(
      values.map((h) => [h.value.kid, h.value.v, only.decrypt(h.value, valueAad(h.subject, h.item))]),
    ).toEqual([
      ['k2', 2, '+447911123456'],
      ['k2', 2, '+447700900123'],
    ]);
    const [due] = await store.outbox.due(at, 10);
    expect(due?.value?.kid).toBe('k2');
    expect(only.decrypt(due!.value!, valueAad('s_a', 'mobile'))).toBe('+447911123456');
    const refs = encryptedRefs(store.refs, only);
    expect([await refs.get('s_a'), await refs.get('s_b'), await refs.get('s_c')]).toEqual([refA, refB, refC]);
    expect(JSON.stringify(await store.refs.scan(undefined, 10))).not.toMatch(/clear-user|\+44/);
    const [stored] = await store.state.scan(undefined, 10);
    const sealed = stored?.entry.doc.sealed as EncryptedValue;
    expect(JSON.parse(only.decrypt(sealed, stateAad('c_1')))).toEqual(state);
    // Rotating does not make idle state look used.
    expect(stored?.at).toEqual(stateAt);

    const again = await rotateKeys(both, consentSealedCollections(store));
    expect(again.map((c) => c.rotated)).toEqual([0, 0, 0, 0]);
  });

  it('counts what no listed key opens and leaves it as it was', async () => {
    const lost = createCipher([{ id: 'k0', key: Buffer.alloc(32, 7) }]);
    const value = lost.encrypt('x', valueAad('s_a', 'mobile'));
    await store.items.put({ subject: 's_a', item: 'mobile', value, collectedAt: at, collected }, grant);
    const [values] = await rotateKeys(createCipher([k2, k1]), consentSealedCollections(store));
    expect(values).toMatchObject({ seen: 1, rotated: 0, unreadable: 1 });
    expect((await store.items.forSubject('s_a'))[0]?.value).toEqual(value);
  });

  it('pages through many entries and takes one more collection as one more entry of the list', async () => {
    const old = createCipher([k1]);
    for (let i = 0; i < 7; i++) {
      const subject = `s_${String(i).padStart(5, '0')}`;
      await encryptedRefs(store.refs, old).save(subject, { conversation: { id: `c${i}` } }, at);
    }
    let sealed = old.encrypt('x', 'other|x');
    const another: SealedCollection = {
      name: 'another sealed field',
      *entries() {
        yield {
          sealed,
          aad: 'other|x',
          replace: (next) => {
            sealed = next;
            return Promise.resolve(true);
          },
        };
      },
    };
    const counts = await rotateKeys(createCipher([k2, k1]), [...consentSealedCollections(store, 3), another]);
    expect(counts.map((c) => [c.name, c.seen, c.rotated])).toEqual([
      ['held values', 0, 0],
      ['event values', 0, 0],
      ['conversation references', 7, 7],
      ['bot state', 0, 0],
      ['another sealed field', 1, 1],
    ]);
    expect(sealed.kid).toBe('k2');
  });
});
