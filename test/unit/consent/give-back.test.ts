import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCipher,
  createConsentService,
  createGiveBack,
  DecryptError,
  encryptedRefs,
  type Notifier,
} from '../../../src/consent/index.ts';
import { failureOf } from '../../../src/consent/give-back-notices.ts';
import { loadMapOrThrow, type Locale } from '../../../src/map/index.ts';
import { manualClock, randomIds } from '../../../src/shared/clock.ts';
import type { Store } from '../../../src/storage/index.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';
import { withoutLoggerNumbers } from '../../helpers/log-text.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const cipher = createCipher([{ id: 'k1', key: Buffer.alloc(32, 1) }]);
const need = { item: 'birthday', purpose: 'birthday-offer', required: false };
const ctx = (subject: string) => ({
  subject,
  channel: 'webchat',
  locale: 'en',
  journey: 'birthday-offer',
  step: 'ask',
});

/** The store, with one subject's grant removal failing (a corrupted row, a store hiccup). */
function failingFor(store: Store, bad: string): Store {
  return {
    ...store,
    items: {
      ...store.items,
      removeGrant: (subject, item, purpose) =>
        subject === bad
          ? Promise.reject(new Error('row is corrupt'))
          : store.items.removeGrant(subject, item, purpose),
    },
  };
}

let store: Store;
beforeEach(() => {
  store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'justask-gb-')), 'justask.db'));
});
afterEach(() => store.close());

describe('the give-back sweep', () => {
  it('goes on past an item that fails, a notifier that throws and a reference it cannot read; nothing logged holds a value', async () => {
    const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
    const consent = createConsentService({ store, cipher, map: () => map, clock, ids: randomIds });
    const subjects = ['s_ok', 's_bad', 's_throws', 's_unreadable'];
    for (const s of subjects) await consent.provide(ctx(s), need, '1990-05-17');
    const refs = encryptedRefs(store.refs, cipher);
    for (const s of subjects)
      await refs.save(s, { conversation: { id: `c-${s}` }, locale: 'en' }, clock.now());
    // A reference copied over from another subject: it is bound to that subject and does not open.
    await store.refs.save('s_unreadable', (await store.refs.get('s_ok')) ?? {}, clock.now());

    const sent: string[] = [];
    const notifier: Notifier = {
      async notify(subject, text: (l: Locale) => string) {
        if (subject === 's_throws') throw new Error('the channel SDK broke');
        const ref = await refs.get(subject);
        if (!ref) return false;
        sent.push(`${subject}: ${text('en')}`);
        return true;
      },
    };
    const logged: string[] = [];
    const log = {
      warn: (fields: Record<string, unknown>, message: string) =>
        logged.push(JSON.stringify({ fields, message })),
    };
    const deps = { consent, map: () => map, texts: () => texts, clock, notifier, holder: 'test', log };
    clock.advanceDays(366);

    const first = await createGiveBack({ ...deps, store: failingFor(store, 's_bad') }).sweep();
    expect(first).toMatchObject({
      items: 4,
      givenBack: 3,
      deleted: 3,
      notified: 1,
      noticesFailed: 2,
      failed: 1,
    });
    expect(sent).toEqual([
      "s_ok: We haven't used your date of birth for anything, so we've deleted it. Thanks for trusting us with it.",
    ]);
    const reasons = async (s: string) =>
      (await store.ledger.forSubject(s))
        .filter((r) => r.event.startsWith('notice'))
        .map((r) => `${r.event} ${r.reason}`);
    expect(await reasons('s_throws')).toEqual(['notice-failed error']);
    expect(await reasons('s_unreadable')).toEqual(['notice-failed unreadable-reference']);
    expect(await store.items.forSubject('s_bad')).toHaveLength(1);
    expect(logged.join('\n')).toContain('s_bad');
    expect(withoutLoggerNumbers(logged.join('\n'))).not.toContain('1990');

    // The fault is gone: the item left over is given back at the next sweep; the notices are retried.
    clock.advanceDays(1);
    const second = await createGiveBack({ ...deps, store }).sweep();
    expect(second).toMatchObject({
      items: 1,
      givenBack: 1,
      deleted: 1,
      notified: 1,
      noticesFailed: 2,
      failed: 0,
    });
    expect(await store.items.forSubject('s_bad')).toEqual([]);
    expect(sent.at(-1)).toMatch(/^s_bad: /);
  });

  it('deletes an item left without any grant instead of finding it due forever', async () => {
    const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
    const consent = createConsentService({ store, cipher, map: () => map, clock, ids: randomIds });
    await consent.provide(ctx('s_empty'), need, '1990-05-17');
    // A give-back that stopped between removing the last grant and deleting the item.
    await store.items.removeGrant('s_empty', 'birthday', 'birthday-offer');
    await store.items.setDueAt('s_empty', 'birthday', clock.now());
    const notifier: Notifier = { notify: () => Promise.resolve(true) };
    const giveBack = createGiveBack({
      store,
      consent,
      map: () => map,
      texts: () => texts,
      clock,
      notifier,
      holder: 't',
    });
    await giveBack.sweep();
    expect(await store.items.forSubject('s_empty')).toEqual([]);
    expect(await store.items.due(clock.now(), 10)).toEqual([]);
  });
});

describe('the give-back lease', () => {
  it('is renewed while slow channels hold the sweep up, so no second instance starts on the same items', async () => {
    const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
    const consent = createConsentService({ store, cipher, map: () => map, clock, ids: randomIds });
    for (const s of ['s_1', 's_2', 's_3', 's_4']) await consent.provide(ctx(s), need, '1990-05-17');
    clock.advanceDays(366);
    const tookOver: boolean[] = [];
    const notifier: Notifier = {
      async notify() {
        // Each notice takes the channel four minutes; the lease runs five.
        clock.set(new Date(clock.now().getTime() + 4 * 60_000));
        tookOver.push(
          await store.leases.acquire(
            'give-back',
            'other',
            clock.now(),
            new Date(clock.now().getTime() + 60_000),
          ),
        );
        return true;
      },
    };
    const giveBack = createGiveBack({
      store,
      consent,
      map: () => map,
      texts: () => texts,
      clock,
      notifier,
      holder: 'a',
    });
    expect(await giveBack.sweep()).toMatchObject({ items: 4, givenBack: 4, notified: 4 });
    expect(tookOver).toEqual([false, false, false, false]);
  });
});

describe('why a notice was not delivered', () => {
  it.each([
    [new DecryptError('x'), 'unreadable-reference'],
    [Object.assign(new Error('x'), { statusCode: 404 }), 'channel-refused'],
    [Object.assign(new Error('x'), { statusCode: 403 }), 'channel-refused'],
    [Object.assign(new Error('x'), { statusCode: 503 }), 'channel-unavailable'],
    [Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'channel-unavailable'],
    [new TypeError('x'), 'error'],
    ['a string', 'error'],
    [undefined, 'error'],
  ])('%s → %s', (e, reason) => {
    expect(failureOf(e)).toBe(reason);
  });
});
