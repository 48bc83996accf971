/**
 * The pull API through the whole server: a system with its token pages through the values
 * granted for a purpose it receives (each returned value recorded as a use), or one subject's;
 * 403 for a purpose it does not receive, 401 without a valid token. On SQLite and (when
 * MONGODB_URI is set) on FerretDB.
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
import { turn } from '../helpers/server-process.ts';
import { startSystemReceiver, type SystemReceiver } from '../helpers/system-receiver.ts';

const subjectKey = Buffer.alloc(32, 5);
const LOGISTICS = 'logistics-pull-token-0123456789';
const MAILER = 'mailer-pull-token-0123456789ab';

const stores = [
  { name: 'SQLite', env: {} },
  ...(process.env.MONGODB_URI
    ? [
        {
          name: 'FerretDB',
          env: { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `justask_pull_${process.pid}` },
        },
      ]
    : []),
];
if (!process.env.MONGODB_URI) console.warn('pull: MONGODB_URI unset, running on SQLite only');

interface Page {
  purpose: string;
  items: { subject: string; item: string; value: string; grantedAt: string }[];
  next: string | null;
}

describe.each(stores)('the pull API on $name', ({ env: storeEnv }) => {
  const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
  let logistics: SystemReceiver;
  let app: App;
  let url: string;
  const u1 = `pull-a-${process.pid}`;
  const u2 = `pull-b-${process.pid}`;
  const get = (path: string, token?: string) =>
    fetch(`${url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  beforeAll(async () => {
    logistics = await startSystemReceiver();
    const env = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-pull-')),
      PORT: '0',
      HOST: '127.0.0.1',
      GIVEBACK_EVERY_MINUTES: '0',
      DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      SUBJECT_KEY: subjectKey.toString('base64'),
      SYSTEM_TOKENS: `logistics:${LOGISTICS},mailer:${MAILER}`,
      ...storeEnv,
    };
    const systemsEnv = { LOGISTICS_URL: logistics.url, LOGISTICS_WEBHOOK_SECRET: logistics.secret };
    app = await createApp(loadConfig(env), { clock, log: pino({ level: 'silent' }), env: systemsEnv });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
    for (const [u, mobile] of [
      [u1, '07911 123456'],
      [u2, '07911 123457'],
    ] as const) {
      await turn(url, 'deliver my order', { user: u });
      await turn(url, 'Evening', { user: u });
      await turn(url, mobile, { user: u });
    }
    await turn(url, 'newsletter', { user: u1 });
    await turn(url, 'ann@example.org', { user: u1 });
    clock.set(new Date('2026-06-02T09:00:00Z'));
  });
  afterAll(async () => {
    await app?.close();
    await logistics?.close();
  });

  const mine = (p: Page) =>
    p.items.filter((i) => [u1, u2].some((u) => subjectOf(subjectKey, 'webchat', u) === i.subject));

  it('pages through the values of a purpose the system receives, and records each as a use', async () => {
    const seen: Page['items'] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 50; n++) {
      const res = await get(
        `/api/v1/purposes/delivery-sms/items?item=mobile&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        LOGISTICS,
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...mine(page));
      cursor = page.next;
      if (!cursor) break;
    }
    expect(seen.map((i) => i.value).sort()).toEqual(['+447911123456', '+447911123457']);
    expect(seen[0]).toMatchObject({ item: 'mobile', grantedAt: '2026-06-01T09:00:00.000Z' });
    const held = await app.store.items.forSubject(subjectOf(subjectKey, 'webchat', u2));
    expect(held[0]?.grants[0]?.lastUsedAt).toEqual(new Date('2026-06-02T09:00:00Z'));
  });

  it('gives one subject’s values of a purpose', async () => {
    const subject = subjectOf(subjectKey, 'webchat', u1);
    const res = await get(`/api/v1/subjects/${subject}/purposes/newsletter`, MAILER);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      subject,
      purpose: 'newsletter',
      items: [{ item: 'email', value: 'ann@example.org', grantedAt: '2026-06-01T09:00:00.000Z' }],
    });
  });

  it.each([
    ['logistics asking for the newsletter', '/api/v1/purposes/newsletter/items', LOGISTICS, 403],
    ['the mailer asking for SMS confirmations', '/api/v1/purposes/delivery-sms/items', MAILER, 403],
    [
      'the mailer asking for a subject’s SMS number',
      '/api/v1/subjects/s1/purposes/delivery-sms',
      MAILER,
      403,
    ],
    ['no token', '/api/v1/purposes/delivery-sms/items', undefined, 401],
    ['a wrong token', '/api/v1/purposes/delivery-sms/items', 'logistics-pull-token-0123456780', 401],
    ['an admin-looking token', '/api/v1/subjects/s1/purposes/delivery-sms', 'x', 401],
    ['an unknown purpose', '/api/v1/purposes/horoscope/items', LOGISTICS, 404],
    ['a made-up cursor', '/api/v1/purposes/delivery-sms/items?cursor=abc', LOGISTICS, 400],
  ])('refuses %s', async (_name, path, token, status) => {
    const res = await get(path, token);
    expect(res.status).toBe(status);
    expect(JSON.stringify(await res.json())).not.toContain('+44');
  });
});
