/**
 * Give-back never stalls: a channel that refuses one customer's notice (a web chat conversation
 * gone after an hour idle) holds up neither the other customers' give-backs nor their notices;
 * the failed notice is in the ledger and retried on the next sweeps, a bounded number of times.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { subjectOf } from '../../src/consent/index.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { startChannel, type ChannelStub } from '../helpers/channel-stub.ts';
import { turn } from '../helpers/server-process.ts';

const subjectKey = Buffer.alloc(32, 2);
const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
const env = {
  DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-notices-')),
  PORT: '0',
  HOST: '127.0.0.1',
  GIVEBACK_EVERY_MINUTES: '0',
  DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  SUBJECT_KEY: subjectKey.toString('base64'),
  ...(process.env.MONGODB_URI
    ? { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `justask_notices_${process.pid}` }
    : {}),
};
let channel: ChannelStub;
let app: App;
let url: string;

beforeAll(async () => {
  channel = await startChannel();
  app = await createApp(loadConfig(env), { clock, log: pino({ level: 'silent' }) });
  url = `http://127.0.0.1:${(await app.listen()).port}`;
});
afterAll(async () => {
  await app?.close();
  await channel?.close();
});

const customers = ['ida', 'jan', 'kim', 'lea'];
const subject = (user: string) => subjectOf(subjectKey, 'webchat', user);
const posts = (user: string) => channel.received.filter((r) => r.path.includes(`/conv-${user}/`));
const noticeEvents = async (user: string) =>
  (await app.store.ledger.forSubject(subject(user)))
    .filter((r) => r.event.startsWith('notice-'))
    .map((r) => `${r.event} ${r.item} ${r.reason ?? ''}`);

describe('give-back notices', () => {
  it('gives every due item back in one sweep although one customer’s channel refuses the notice, and retries it, bounded', async () => {
    for (const user of customers) {
      const opts = { user, locale: 'en-GB', serviceUrl: channel.url };
      await turn(url, 'birthday treat', opts);
      await turn(url, 'Yes please', opts);
      expect((await turn(url, '17-05-1990', opts))[0]?.text).toContain("I've saved your date of birth");
    }
    channel.fail('/conv-jan/', 404);
    channel.fail('/conv-lea/', 404);
    clock.advanceDays(366);

    expect(await app.giveBack.sweep()).toMatchObject({
      items: 4,
      givenBack: 4,
      deleted: 4,
      notified: 2,
      noticesFailed: 2,
      noticesAbandoned: 0,
      failed: 0,
    });
    for (const user of customers) expect(await app.store.items.forSubject(subject(user))).toEqual([]);
    expect(posts('ida').map((p) => p.status)).toEqual([200]);
    expect(posts('kim').map((p) => p.status)).toEqual([200]);
    expect(await noticeEvents('jan')).toEqual(['notice-failed birthday channel-refused']);
    expect(await noticeEvents('lea')).toEqual(['notice-failed birthday channel-refused']);
    expect(await noticeEvents('ida')).toEqual([]);

    // Lea's channel lets the bot in again: her notice goes out; Jan's conversation is still gone.
    channel.fail('/conv-lea/', undefined);
    clock.advanceDays(1);
    expect(await app.giveBack.sweep()).toMatchObject({ items: 0, notified: 1, noticesFailed: 1 });
    // (The channel SDK may post more than once per attempt; what counts is the last answer.)
    expect(posts('lea').at(-1)?.status).toBe(200);
    expect(
      posts('lea')
        .slice(0, -1)
        .map((p) => p.status),
    ).toContain(404);
    expect(posts('lea').at(-1)?.text).toContain("We haven't used your date of birth");
    expect(await noticeEvents('lea')).toEqual(['notice-failed birthday channel-refused']);

    clock.advanceDays(1);
    expect(await app.giveBack.sweep()).toMatchObject({ notified: 0, noticesFailed: 0, noticesAbandoned: 1 });
    expect(await noticeEvents('jan')).toEqual([
      'notice-failed birthday channel-refused',
      'notice-failed birthday channel-refused',
      'notice-abandoned birthday channel-refused',
    ]);

    const janPosts = posts('jan').length;
    expect(posts('jan').every((p) => p.status === 404)).toBe(true);
    clock.advanceDays(1);
    expect(await app.giveBack.sweep()).toMatchObject({
      items: 0,
      notified: 0,
      noticesFailed: 0,
      noticesAbandoned: 0,
    });
    expect(posts('jan')).toHaveLength(janPosts);
    expect(posts('ida')).toHaveLength(1);
    const ledger = JSON.stringify(await app.store.ledger.forSubject(subject('jan')));
    // The date itself, in any form it could take (the records' hashes are hex, so not '1990' alone).
    for (const form of ['1990-05-17', '17-05-1990', '17/05/1990', '1990-05'])
      expect(ledger).not.toContain(form);
  });
});
