/**
 * The HTTP server's one error sink: a failure inside one request is a 500 with a generic body
 * for that request only; the log names the route's pattern, never the raw URL (admin URLs carry
 * channel user ids such as phone numbers).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/http/metrics.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import type { AuditTrail } from '../../../src/http/audit-trail.ts';
import type { Store } from '../../../src/storage/index.ts';

const PHONE = '+31612345678';
let logged = '';
const log = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logged += chunk.toString();
      done();
    },
  }),
);
const failure = () => Promise.reject(new Error('SQLITE_CORRUPT: database disk image is malformed'));
let server: Server;
let url: string;

beforeAll(async () => {
  server = createHttpServer({
    store: { kind: 'sqlite', ping: () => Promise.resolve() } as unknown as Store,
    metrics: createMetrics(),
    tokens: new Map([['dpo-token-0123456789', 'dpo']]),
    messages: failure,
    subjectReport: failure,
    eraseSubject: failure,
    subjectOf: () => 's_0',
    audit: { record: (e) => Promise.resolve({ id: '1', at: new Date(), ...e }) } as AuditTrail,
    log,
  });
  await new Promise<void>((ok) => {
    server.listen(0, '127.0.0.1', () => ok());
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(
  () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
    }),
);

describe('the error sink', () => {
  it('answers a failing turn with a generic 500, keeps serving', async () => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('answers a failing admin read with a generic 500 and logs the route, not the user id', async () => {
    const auth = { authorization: 'Bearer dpo-token-0123456789' };
    const get = await fetch(`${url}/admin/api/subjects/sms/${encodeURIComponent(PHONE)}`, { headers: auth });
    const del = await fetch(`${url}/admin/api/subjects/sms/${PHONE}`, { method: 'DELETE', headers: auth });
    for (const res of [get, del]) {
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal error' });
      expect(text).not.toContain('SQLITE');
    }
    expect(logged).toContain('"route":"/admin/api/subjects/:channelId/:userId"');
    expect(logged).toContain('SQLITE_CORRUPT');
    expect(logged).not.toContain('31612345678');
  });
});
