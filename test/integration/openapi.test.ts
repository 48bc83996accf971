/**
 * docs/openapi.yaml against the implementation: the actions and events the bot really sends to a
 * real HTTP system, their headers, and the pull API's real answers (successes and refusals) are
 * validated against the document's schemas (JSON Schema 2020-12, read with zod's fromJSONSchema,
 * extra fields refused where the document says so).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadConfig } from '../../src/app/config.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { subjectOf } from '../../src/consent/index.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { turn } from '../helpers/server-process.ts';
import { startSystemReceiver, type SystemReceiver } from '../helpers/system-receiver.ts';

type Json = Record<string, unknown>;
const doc = parse(readFileSync('docs/openapi.yaml', 'utf8')) as Json;

/** A part of the document with its local `$ref`s replaced by what they point at. */
function deref(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(deref);
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Json)[key], doc);
    return deref(target);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v)]));
}

const schemaOf = (name: string) =>
  z.fromJSONSchema(
    deref((doc.components as { schemas: Json }).schemas[name]) as Parameters<typeof z.fromJSONSchema>[0],
  );
const headerSchema = (name: string) =>
  z.fromJSONSchema(
    deref(
      (doc.components as { parameters: Record<string, { schema: unknown }> }).parameters[name]?.schema,
    ) as Parameters<typeof z.fromJSONSchema>[0],
  );

function expectValid(name: string, value: unknown): void {
  const r = schemaOf(name).safeParse(value);
  expect(r.success ? [] : r.error.issues, `${name}: ${JSON.stringify(value)}`).toEqual([]);
}

const subjectKey = Buffer.alloc(32, 6);
const TOKEN = 'logistics-openapi-token-012345';

describe('docs/openapi.yaml', () => {
  const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
  let logistics: SystemReceiver;
  let app: App;
  let url: string;
  const u = `oas-${process.pid}`;

  beforeAll(async () => {
    logistics = await startSystemReceiver();
    logistics.answer = (r) =>
      r.path.startsWith('/actions/') ? { body: { vars: { reference: 'DL-1' } } } : {};
    const env = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-openapi-')),
      PORT: '0',
      HOST: '127.0.0.1',
      GIVEBACK_EVERY_MINUTES: '0',
      DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      SUBJECT_KEY: subjectKey.toString('base64'),
      SYSTEM_TOKENS: `logistics:${TOKEN}`,
    };
    const systemsEnv = { LOGISTICS_URL: logistics.url, LOGISTICS_WEBHOOK_SECRET: logistics.secret };
    app = await createApp(loadConfig(env), { clock, log: pino({ level: 'silent' }), env: systemsEnv });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
    await turn(url, 'deliver my order', { user: u });
    await turn(url, 'Evening', { user: u });
    await turn(url, '07911 123456', { user: u });
    await turn(url, 'delete my mobile number', { user: u });
    await turn(url, 'Yes, delete', { user: u });
    await app.events.run();
  });
  afterAll(async () => {
    await app?.close();
    await logistics?.close();
  });

  it('is OpenAPI 3.1 with the actions and events as webhooks and the pull API as paths', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.webhooks as Json)).toEqual(['action', 'event']);
    expect(Object.keys(doc.paths as Json)).toEqual([
      '/api/v1/purposes/{purpose}/items',
      '/api/v1/subjects/{subject}/purposes/{purpose}',
    ]);
  });

  it('describes the action the bot sends and the answer it takes', () => {
    const actions = logistics.received.filter((r) => r.path.startsWith('/actions/'));
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expectValid('ActionRequest', a.body);
    expectValid('ActionAnswer', { outcome: 'slot-full', vars: { nextSlot: 'Friday', n: 2, ok: true } });
    expect(schemaOf('ActionAnswer').safeParse({ outcome: 'Slot Full' }).success).toBe(false);
  });

  it('describes every event the bot sends, with and without a value', () => {
    const events = logistics.received.filter((r) => r.path === '/events');
    expect(events.map((e) => (e.body as { type: string }).type).sort()).toEqual([
      'item.erased',
      'item.granted',
    ]);
    for (const e of events) expectValid('Event', e.body);
  });

  it('describes the signature headers every request carries', () => {
    expect(logistics.received.length).toBeGreaterThan(0);
    for (const r of logistics.received) {
      expect(headerSchema('WebhookId').safeParse(r.id).success).toBe(true);
      expect(headerSchema('WebhookTimestamp').safeParse(r.headers.timestamp).success).toBe(true);
      expect(headerSchema('WebhookSignature').safeParse(r.headers.signature).success).toBe(true);
      expect(r.signed).toBe(true);
    }
  });

  it('describes the pull API’s answers, successes and refusals', async () => {
    const subject = subjectOf(subjectKey, 'webchat', u);
    const get = async (path: string, token?: string) => {
      const res = await fetch(
        `${url}${path}`,
        token ? { headers: { authorization: `Bearer ${token}` } } : {},
      );
      return { status: res.status, body: await res.json() };
    };
    await turn(url, 'deliver my order', { user: u });
    await turn(url, 'Morning', { user: u });
    await turn(url, '07911 123456', { user: u });
    const page = await get('/api/v1/purposes/delivery-sms/items?limit=5', TOKEN);
    expect(page.status).toBe(200);
    expectValid('PurposeItemsPage', page.body);
    expect((page.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const one = await get(`/api/v1/subjects/${subject}/purposes/delivery-sms`, TOKEN);
    expect(one.status).toBe(200);
    expectValid('SubjectPurposeItems', one.body);
    for (const [path, token, status] of [
      ['/api/v1/purposes/delivery-sms/items', undefined, 401],
      ['/api/v1/purposes/newsletter/items', TOKEN, 403],
      ['/api/v1/purposes/nope/items', TOKEN, 404],
      ['/api/v1/purposes/delivery-sms/items?limit=9999', TOKEN, 400],
    ] as const) {
      const r = await get(path, token);
      expect(r.status).toBe(status);
      expectValid('Error', r.body);
    }
  });
});
