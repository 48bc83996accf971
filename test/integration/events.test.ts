/**
 * Events to recipients (GDPR Art. 19) through the whole server and a real HTTP system: a grant
 * reaches the systems receiving its purpose, signed, with its value; a failing system gets the
 * event again after a restart with the same webhook-id; an erasure before delivery leaves no value
 * to send; past the retry window the event is shown to the DPO and counted in /metrics. On SQLite
 * and (when MONGODB_URI is set) on FerretDB.
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
import { startSystemReceiver, type Received, type SystemReceiver } from '../helpers/system-receiver.ts';

const subjectKey = Buffer.alloc(32, 4);
const DPO = 'dpo-token-0123456789abcdef';
const MARKETER = 'marketer-token-0123456789abcdef';

const stores = [
  { name: 'SQLite', env: {} },
  ...(process.env.MONGODB_URI
    ? [
        {
          name: 'FerretDB',
          env: { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `justask_evt_${process.pid}` },
        },
      ]
    : []),
];
if (!process.env.MONGODB_URI) console.warn('events: MONGODB_URI unset, running on SQLite only');

describe.each(stores)('events to recipients on $name', ({ env: storeEnv }) => {
  const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
  const log = pino({ level: 'silent' });
  const advance = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
  let logistics: SystemReceiver;
  let mailer: SystemReceiver;
  let app: App;
  let url: string;
  let cfgEnv: NodeJS.ProcessEnv;
  let systemsEnv: Record<string, string>;
  let users = 0;
  const user = () => `evt-${process.pid}-${++users}`;
  const events = (r: SystemReceiver, subject: string) =>
    r.received.filter((x) => x.path === '/events' && (x.body as { subject?: string }).subject === subject);

  async function start(): Promise<void> {
    app = await createApp(loadConfig(cfgEnv), { clock, log, env: systemsEnv });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
  }

  beforeAll(async () => {
    logistics = await startSystemReceiver();
    mailer = await startSystemReceiver('whsec_c2VjcmV0LW9mLXRoZS1tYWlsZXI=');
    cfgEnv = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-events-')),
      PORT: '0',
      HOST: '127.0.0.1',
      GIVEBACK_EVERY_MINUTES: '0',
      DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      SUBJECT_KEY: subjectKey.toString('base64'),
      ADMIN_TOKENS: `dpo:${DPO},marketer:${MARKETER}`,
      ...storeEnv,
    };
    systemsEnv = {
      LOGISTICS_URL: logistics.url,
      LOGISTICS_WEBHOOK_SECRET: logistics.secret,
      MAILER_URL: mailer.url,
      MAILER_WEBHOOK_SECRET: mailer.secret,
    };
    await start();
  });
  afterAll(async () => {
    await app?.close();
    await logistics?.close();
    await mailer?.close();
  });

  /** Books an evening delivery with a mobile number; returns the subject. */
  async function giveMobile(u: string): Promise<string> {
    await turn(url, 'deliver my order', { user: u });
    await turn(url, 'Evening', { user: u });
    await turn(url, '07911 123456', { user: u });
    return subjectOf(subjectKey, 'webchat', u);
  }

  it('tells the system receiving the purpose of a grant, signed, with the value — and no other system', async () => {
    logistics.answer = () => ({});
    const subject = await giveMobile(user());
    advance(1000);
    expect(await app.events.run()).toMatchObject({ ran: true, delivered: 1 });
    // The system received the value: a use of the grant, at delivery.
    const [held] = await app.store.items.forSubject(subject);
    expect(held?.grants[0]?.lastUsedAt).toEqual(clock.now());
    const [got] = events(logistics, subject);
    expect(got?.signed).toBe(true);
    expect(got?.id).toMatch(/^evt_/);
    expect(got?.body).toEqual({
      type: 'item.granted',
      subject,
      item: 'mobile',
      purpose: 'delivery-sms',
      at: '2026-06-01T09:00:00.000Z',
      value: '+447911123456',
    });
    expect(events(mailer, subject)).toEqual([]);
    expect((await app.store.outbox.due(clock.now(), 1000)).filter((e) => e.subject === subject)).toEqual([]);
  });

  it('retries a failing system within 30 s, across a restart, with the same webhook-id', async () => {
    logistics.answer = (r) => (r.path === '/events' ? { status: 503 } : {});
    const subject = await giveMobile(user());
    expect(await app.events.run()).toMatchObject({ retried: 1, delivered: 0 });
    expect(await app.events.run()).toMatchObject({ retried: 0 }); // not due yet
    await app.close();
    advance(30_000);
    await start();
    logistics.answer = () => ({});
    expect(await app.events.run()).toMatchObject({ delivered: 1 });
    const tries = events(logistics, subject);
    expect(tries).toHaveLength(2);
    expect(new Set(tries.map((t) => t.id)).size).toBe(1);
    expect(tries.every((t) => t.signed)).toBe(true);
  });

  it('sends no value after an erasure: the pending grant goes without it, then the erasure', async () => {
    logistics.answer = (r) => (r.path === '/events' ? { status: 500 } : {});
    const u = user();
    const subject = await giveMobile(u);
    await app.events.run();
    const erase = await fetch(`${url}/admin/api/subjects/webchat/${u}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${DPO}` },
    });
    expect(erase.status).toBe(200);
    const pending = (await app.store.outbox.due(new Date('2100-01-01'), 1000)).filter(
      (e) => e.subject === subject,
    );
    expect(pending.map((e) => [e.type, e.value])).toEqual(
      expect.arrayContaining([
        ['item.granted', undefined],
        ['item.erased', undefined],
      ]),
    );
    logistics.answer = () => ({});
    advance(60_000);
    await app.events.run();
    const bodies = events(logistics, subject).map(
      (r: Received) => r.body as { type: string; value?: string },
    );
    // At least once and unordered (receivers order by `at`): the failed grant, then both again.
    expect(bodies[0]?.value).toBe('+447911123456');
    expect(
      bodies
        .slice(1)
        .map((b) => b.type)
        .sort(),
    ).toEqual(['item.erased', 'item.granted']);
    expect(bodies.slice(1).some((b) => 'value' in b)).toBe(false);
  });

  it('gives up past the retry window: the DPO sees it, /metrics counts it, no one else may look', async () => {
    logistics.answer = (r) => (r.path === '/events' ? { status: 502 } : {});
    const subject = await giveMobile(user());
    for (let i = 0; i < 12; i++) {
      await app.events.run();
      advance(11 * 3_600_000);
    }
    const res = await fetch(`${url}/admin/api/events/failed`, {
      headers: { authorization: `Bearer ${DPO}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { failed: Record<string, unknown>[]; counts: { failed: number } };
    const mine = body.failed.filter((f) => f.subject === subject);
    expect(mine).toEqual([
      expect.objectContaining({
        system: 'logistics',
        type: 'item.granted',
        item: 'mobile',
        purpose: 'delivery-sms',
        attempts: 9,
        lastError: 'status 502',
      }),
    ]);
    // No value left in a given-up event (its ids are random, so the whole number is looked for).
    expect(JSON.stringify(body)).not.toContain('7911123456');
    for (const f of mine) expect(f).not.toHaveProperty('value');
    expect(events(logistics, subject)).toHaveLength(9);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^justask_events_failed ${body.counts.failed}$`, 'm'));
    const other = await fetch(`${url}/admin/api/events/failed`, {
      headers: { authorization: `Bearer ${MARKETER}` },
    });
    expect(other.status).toBe(403);
    expect((await fetch(`${url}/admin/api/events/failed`)).status).toBe(401);
  });
});
