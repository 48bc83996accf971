import { createServer, type Server } from 'node:http';
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

/** A stand-in Bot Framework channel: a real HTTP server that receives what the bot sends. */
async function startChannel(): Promise<{
  url: string;
  received: { path: string; text?: string }[];
  server: Server;
}> {
  const received: { path: string; text?: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const activity = (body ? JSON.parse(body) : {}) as { text?: string };
      received.push({ path: req.url ?? '', ...(activity.text ? { text: activity.text } : {}) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, received, server };
}

const subjectKey = Buffer.alloc(32, 2);
const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
const dataDir = mkdtempSync(join(tmpdir(), 'justask-giveback-'));
const env = {
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  GIVEBACK_EVERY_MINUTES: '0',
  DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  SUBJECT_KEY: subjectKey.toString('base64'),
  ...(process.env.MONGODB_URI
    ? { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `justask_gb_${process.pid}` }
    : {}),
};
let channel: Awaited<ReturnType<typeof startChannel>>;
let a: App;
let b: App;
let url: string;

beforeAll(async () => {
  channel = await startChannel();
  const log = pino({ level: 'silent' });
  a = await createApp(loadConfig(env), { clock, log });
  b = await createApp(loadConfig(env), { clock, log });
  url = `http://127.0.0.1:${(await a.listen()).port}`;
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  channel?.server.close();
});

describe('give-back', () => {
  it('deletes a birthday unused for a year, records it, and tells the customer on their conversation, once', async () => {
    const opts = { user: 'gina', locale: 'en-GB', serviceUrl: channel.url };
    await turn(url, 'birthday treat', opts);
    await turn(url, 'Yes please', opts);
    expect((await turn(url, '17-05-1990', opts))[0]?.text).toContain("I've saved your date of birth");
    const subject = subjectOf(subjectKey, 'webchat', 'gina');

    clock.advanceDays(364);
    expect(await a.giveBack.sweep()).toMatchObject({ ran: true, givenBack: 0, notified: 0 });
    clock.advanceDays(2);
    expect(await a.giveBack.sweep({ dryRun: true })).toMatchObject({ givenBack: 1, deleted: 1, notified: 0 });
    expect(await a.store.items.forSubject(subject)).toHaveLength(1);

    const [first, second] = await Promise.all([a.giveBack.sweep(), b.giveBack.sweep()]);
    expect((first?.notified ?? 0) + (second?.notified ?? 0)).toBe(1);
    expect(await a.store.items.forSubject(subject)).toEqual([]);
    const events = (await a.store.ledger.forSubject(subject)).map((r) => `${r.event} ${r.item}`);
    expect(events).toEqual(['asked birthday', 'granted birthday', 'given-back birthday']);
    const notices = channel.received.filter((r) => r.text?.includes("We haven't used your date of birth"));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.path).toMatch(/^\/v3\/conversations\/conv-gina\/activities/);

    expect(await a.giveBack.sweep()).toMatchObject({ items: 0, notified: 0 });
    expect(channel.received.filter((r) => r.text?.includes("We haven't used"))).toHaveLength(1);
  });

  it('gives back one purpose of a number still held for another, and says so in the customer’s language', async () => {
    const opts = { user: 'hugo', locale: 'nl-NL', serviceUrl: channel.url };
    await turn(url, 'bezorg mijn bestelling', opts);
    await turn(url, 'Ochtend', opts);
    await turn(url, '06 12345678', opts);
    await turn(url, 'bel me terug', opts);
    await turn(url, '1', opts);
    await turn(url, 'ja', opts);
    const subject = subjectOf(subjectKey, 'webchat', 'hugo');
    expect((await a.store.items.forSubject(subject))[0]?.grants).toHaveLength(2);
    clock.advanceDays(15);
    const report = await a.giveBack.sweep();
    expect(report).toMatchObject({ givenBack: 1, expired: 0, deleted: 0, notified: 1 });
    expect((await a.store.items.forSubject(subject))[0]?.grants.map((g) => g.purpose)).toEqual([
      'delivery-sms',
    ]);
    expect(channel.received.at(-1)?.text).toContain('We gebruiken je mobiele nummer niet meer');
  });
});
