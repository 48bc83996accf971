/**
 * Erased, exported or expired: what a real conversation leaves in the SQLite files, read as raw
 * bytes (database, -wal, -shm), and in the bot state of every conversation of the customer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationKey, createStateExpiry } from '../../../src/channels/index.ts';
import { createGiveBack, stateAad } from '../../../src/consent/index.ts';
import { EncryptedValue } from '../../../src/storage/index.ts';
import { createHarness, subjectKey } from '../../helpers/harness.ts';
import { findValues, rawFiles } from '../../helpers/raw-files.ts';

const PHONE = ['+447911123456', '07911 123456', '7911123456'];

let h: ReturnType<typeof createHarness>;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

/** Ann's mobile and e-mail, given in conversation `conv`. */
async function ann(conv = 'conv-1') {
  const c = h.conversation('ann', 'en-GB', conv);
  await c.start('order-delivery');
  await c.say('1');
  await c.say('07911 123456');
  await c.start('newsletter');
  await c.say('ann.smith@example.org');
  return c;
}
const VALUES = [...PHONE, 'ann.smith@example.org', 'ann.smith'];

const keyOf = (conv: string) => conversationKey(subjectKey, 'test', conv);
const rawState = async (conv: string) => (await h.store.state.read([keyOf(conv)])).get(keyOf(conv))?.doc;

describe('bot state at rest', () => {
  it('is sealed: a stored document is one ciphertext, with no value, mask or raw conversation id', async () => {
    await ann('conv-ann-7');
    const doc = await rawState('conv-ann-7');
    expect(Object.keys(doc ?? {})).toEqual(['sealed']);
    expect(EncryptedValue.safeParse(doc?.sealed).success).toBe(true);
    expect(JSON.stringify(doc)).not.toMatch(/456|example|newsletter|conv-ann-7/);
    expect(findValues(rawFiles(h.dataDir), [...VALUES, 'conv-ann-7', '•••• 456'])).toEqual([]);
  });

  it('never keeps the export of “send me my data”, not even to answer a redelivery', async () => {
    const c = await ann();
    const [first] = await c.send({ type: 'message', text: 'send me my data', id: 'export-1' });
    expect(first?.attachments).toHaveLength(1);
    const doc = await rawState('conv-1');
    const state = JSON.parse(
      h.cipher.decrypt(EncryptedValue.parse(doc?.sealed), stateAad(keyOf('conv-1'))),
    ) as {
      lastActivityId: string;
      lastReplies: object[];
    };
    expect(state.lastActivityId).toBe('export-1');
    expect(state.lastReplies).toEqual([{ text: first?.text }]);

    const again = await c.send({ type: 'message', text: 'send me my data', id: 'export-1' });
    expect(again.map((a) => [a.text, a.attachments])).toEqual([[first?.text, undefined]]);
    expect(findValues(rawFiles(h.dataDir), VALUES)).toEqual([]);
  });
});

describe('“forget me”', () => {
  it('deletes the state of every conversation of the customer and leaves no value or ciphertext in any file', async () => {
    const c1 = await ann('conv-1');
    await c1.send({ type: 'message', text: 'send me my data' });
    const c2 = h.conversation('ann', 'en-GB', 'conv-2');
    await c2.say('what do you know about me?');
    const bob = h.conversation('bob', 'en-GB', 'conv-bob');
    await bob.say('deliver my order');
    const ciphertexts = (await h.consent.held(c1.subject)).map((x) => x.value.ct.replace(/=+$/, ''));
    expect(ciphertexts).toHaveLength(2);
    expect(await rawState('conv-1')).toBeDefined();

    await c2.say('forget me');
    expect(await c2.say('Yes, delete')).toEqual([
      "Done: we've deleted everything we held about you, including our record of what we asked you and what you answered. We keep only a note that you had your data deleted.",
    ]);

    expect(await rawState('conv-1')).toBeUndefined();
    expect(await rawState('conv-2')).toBeUndefined();
    expect(await rawState('conv-bob')).toBeDefined();
    expect(await h.store.refs.get(c1.subject)).toBeUndefined();
    expect(findValues(rawFiles(h.dataDir), [...VALUES, ...ciphertexts])).toEqual([]);
    expect(rawFiles(h.dataDir).find((f) => f.file === 'justask.db-wal')?.text ?? '').toBe('');
  });

  it('leaves no old copy of a deleted or replaced value in the files', async () => {
    const c = await ann();
    const [email, mobile] = (await h.consent.held(c.subject)).map((x) => x.value.ct.replace(/=+$/, ''));
    await c.say('delete my email');
    await c.say('Yes, delete');
    await c.say('change my mobile number');
    expect(await c.say('07400 123456')).toEqual([
      'Done: your mobile number is now •••• 456, for everything you gave it for.',
    ]);
    expect(findValues(rawFiles(h.dataDir), [email ?? 'x', mobile ?? 'x', ...VALUES])).toEqual([]);
  });
});

describe('forgetting a subject’s conversations (give-back that leaves nothing)', () => {
  it('deletes the state of every conversation and the reference, and keeps what else is held', async () => {
    const c = await ann('conv-1');
    await h.conversation('ann', 'en-GB', 'conv-2').say('what do you know about me?');
    expect(await h.store.refs.get(c.subject)).toBeDefined();
    await h.rights.forgetSubjectConversations(c.subject);
    expect(await rawState('conv-1')).toBeUndefined();
    expect(await rawState('conv-2')).toBeUndefined();
    expect(await h.store.refs.get(c.subject)).toBeUndefined();
    expect(await h.consent.held(c.subject)).toHaveLength(2);
  });
});

describe('idle bot state', () => {
  it('expires after the idle time on a sweep under a lease, and a turn keeps it alive', async () => {
    const day = 86_400_000;
    const expiry = createStateExpiry({ store: h.store, clock: h.clock, idleMs: 30 * day, holder: 'me' });
    await ann('conv-old');
    const kept = h.conversation('cat', 'en-GB', 'conv-kept');
    await kept.say('deliver my order');
    h.clock.advanceDays(20);
    await kept.say('Morning');
    h.clock.advanceDays(11);

    expect(await h.store.leases.acquire('state-expiry', 'other', h.clock.now(), new Date(8.64e15))).toBe(
      true,
    );
    expect(await expiry.sweep()).toEqual({ ran: false, deleted: 0 });
    await h.store.leases.release('state-expiry', 'other');

    expect(await expiry.sweep()).toEqual({ ran: true, deleted: 1 });
    expect(await rawState('conv-old')).toBeUndefined();
    expect(await rawState('conv-kept')).toBeDefined();
    expect((await kept.say('07911 123456'))[0]).toContain("I've saved your mobile number");
  });
});

describe('a give-back that leaves the customer nothing', () => {
  it('tells them first, then deletes the state of their conversations and the reference', async () => {
    const c = h.conversation('dan', 'en-GB', 'conv-dan');
    await c.start('birthday-offer');
    await c.say('1');
    expect((await c.say('17/05/1990'))[0]).toContain('birthday');
    expect(await rawState('conv-dan')).toBeDefined();
    const told: { subject: string; hadReference: boolean }[] = [];
    const giveBack = createGiveBack({
      store: h.store,
      consent: h.consent,
      map: () => h.map,
      texts: () => h.texts,
      clock: h.clock,
      holder: 'me',
      notifier: {
        notify: async (subject) => {
          told.push({ subject, hadReference: (await h.store.refs.get(subject)) !== undefined });
          return true;
        },
      },
      forgetConversations: h.rights.forgetSubjectConversations,
    });
    h.clock.advanceDays(400);
    expect(await giveBack.sweep()).toMatchObject({ deleted: 1, notified: 1 });
    expect(told).toEqual([{ subject: c.subject, hadReference: true }]);
    expect(await h.consent.held(c.subject)).toEqual([]);
    expect(await rawState('conv-dan')).toBeUndefined();
    expect(await h.store.refs.get(c.subject)).toBeUndefined();
  });
});
