/**
 * Property tests of the real server's HTTP edge (a child process): generated activities (valid,
 * with fields mutated to any JSON, fields dropped, fields added), and random bytes under random
 * content encodings and media types on every body route. Every answer is a 2xx or a 4xx, the
 * process stays alive, and /healthz is ok afterwards. A local sink stands in for the channel's
 * serviceUrl, so activities delivered normally (not expectReplies) have somewhere to go.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../helpers/raw-http.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const RUNS = { activities: 400, bodies: 800 };
const dataDir = mkdtempSync(join(tmpdir(), 'justask-fuzz-'));
let server: ServerProcess;
let sink: Server;
let serviceUrl: string;
const statuses = new Map<number, number>();

beforeAll(async () => {
  sink = createServer((req, res) => {
    req.resume();
    res.setHeader('content-type', 'application/json');
    res.end('{"id":"sink"}');
  });
  await new Promise<void>((ok) => sink.listen(0, '127.0.0.1', ok));
  serviceUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}/`;
  server = await startServer({ DATA_DIR: dataDir, MONGODB_URI: '' });
});
afterAll(async () => {
  await server?.stop();
  await new Promise((ok) => sink?.close(ok));
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`edge fuzz: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
});

function count(status: number): number {
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  return status;
}

const FIELDS = [
  'type',
  'id',
  'timestamp',
  'localTimestamp',
  'channelId',
  'serviceUrl',
  'from',
  'recipient',
  'conversation',
  'text',
  'locale',
  'name',
  'value',
  'deliveryMode',
  'membersAdded',
  'entities',
  'attachments',
  'suggestedActions',
  'channelData',
  'replyToId',
  'textFormat',
  'attachmentLayout',
] as const;

const base = fc.record({
  type: fc.constantFrom('message', 'event', 'conversationUpdate', 'typing', 'invoke'),
  text: fc.oneof(
    fc.constantFrom('deliver my order', 'Morning', 'yes', 'no', 'why?', 'send me my data', '07911 123456'),
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
  ),
  user: fc.stringMatching(/^[a-z0-9:+@.-]{1,24}$/),
  locale: fc.constantFrom('en-GB', 'nl-NL', 'fr-FR', 'de-DE', 'xx', 'en_US', ''),
  delivery: fc.constantFrom('expectReplies', 'normal'),
  journey: fc.oneof(fc.constantFrom('order-delivery', 'newsletter', 'nope'), fc.jsonValue()),
});

type Mutation =
  | { kind: 'set'; field: (typeof FIELDS)[number]; value: unknown }
  | { kind: 'drop'; field: (typeof FIELDS)[number] }
  | { kind: 'extra'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), field: fc.constantFrom(...FIELDS), value: fc.jsonValue() }),
  fc.record({ kind: fc.constant('drop' as const), field: fc.constantFrom(...FIELDS) }),
  fc.record({
    kind: fc.constant('extra' as const),
    key: fc.string({ maxLength: 12 }),
    value: fc.jsonValue(),
  }),
);

let seq = 0;
type Base = typeof base extends fc.Arbitrary<infer T> ? T : never;
function activityOf(b: Base, mutations: readonly Mutation[]): Record<string, unknown> {
  const a: Record<string, unknown> = {
    type: b.type,
    id: `fuzz-${process.pid}-${++seq}`,
    channelId: 'webchat',
    serviceUrl,
    from: { id: b.user },
    recipient: { id: 'bot' },
    conversation: { id: `fuzz-${b.user}` },
    locale: b.locale,
    text: b.text,
    deliveryMode: b.delivery,
    ...(b.type === 'event' ? { name: 'journey.start', value: { journey: b.journey } } : {}),
    ...(b.type === 'conversationUpdate' ? { membersAdded: [{ id: b.user }] } : {}),
  };
  for (const m of mutations) {
    if (m.kind === 'set') a[m.field] = m.value;
    else if (m.kind === 'drop') delete a[m.field];
    else a[m.key] = m.value;
  }
  return a;
}

const isAnswered = (status: number) => (status >= 200 && status < 300) || (status >= 400 && status < 500);
/** An invoke the bot does not handle is 501 by the Bot Framework protocol: the channel's answer, not a fault. */
const isAnsweredActivity = (status: number, a: Record<string, unknown>) =>
  isAnswered(status) || (status === 501 && a.type === 'invoke');

describe('the HTTP edge under generated requests', () => {
  it(`answers ${RUNS.activities} generated activities with a 2xx or 4xx`, async () => {
    await fc.assert(
      fc.asyncProperty(base, fc.array(mutation, { maxLength: 3 }), async (b, mutations) => {
        const activity = activityOf(b, mutations);
        const res = await send(server.url, {
          path: '/api/messages',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        });
        expect(isAnsweredActivity(count(res.status), activity), `${res.status} ${res.text}`).toBe(true);
      }),
      { numRuns: RUNS.activities },
    );
    expect(server.child.exitCode).toBeNull();
  });

  const encodings: Record<string, (b: Buffer) => Buffer> = {
    identity: (b) => b,
    gzip: gzipSync,
    deflate: deflateSync,
    br: brotliCompressSync,
  };
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((u) => ({ bytes: Buffer.from(u), encode: false })),
    fc.jsonValue().map((v) => ({ bytes: Buffer.from(JSON.stringify(v) ?? ''), encode: true })),
  );
  const request = fc.record({
    method: fc.oneof(
      { arbitrary: fc.constant('POST'), weight: 8 },
      { arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH'), weight: 2 },
    ),
    path: fc.constantFrom(
      '/api/messages',
      '/healthz',
      '/v3/directline/tokens/generate',
      '/v3/directline/conversations',
      '/v3/directline/conversations/x/activities',
      '/admin/api/subjects/webchat/ann/reveal',
    ),
    encoding: fc.oneof(
      fc.constantFrom('identity', 'gzip', 'deflate', 'br', 'x-gzip', 'GZIP', 'compress', ''),
      fc.string({ maxLength: 10 }).filter((s) => /^[\x21-\x7e]*$/.test(s)),
    ),
    contentType: fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/activity+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
      ),
      fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    ),
    authorization: fc.option(
      fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      {
        nil: undefined,
      },
    ),
    body,
  });

  it(`answers ${RUNS.bodies} random bodies, encodings, media types and headers with a 2xx or 4xx`, async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // Own keys only: a generated encoding such as `constructor` must not find Object's members.
        const name = r.encoding.toLowerCase();
        const encode = r.body.encode && Object.hasOwn(encodings, name) ? encodings[name] : undefined;
        const res = await send(server.url, {
          method: r.method,
          path: r.path,
          headers: {
            'content-type': r.contentType,
            'content-encoding': r.encoding,
            ...(r.authorization === undefined ? {} : { authorization: r.authorization }),
          },
          body: encode ? encode(r.body.bytes) : r.body.bytes,
        });
        expect(isAnswered(count(res.status)), `${res.status} ${res.text}`).toBe(true);
      }),
      { numRuns: RUNS.bodies },
    );
  });

  it('leaves the process alive and healthy', async () => {
    expect(server.child.exitCode).toBeNull();
    const health = await send(server.url, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    expect(server.output()).not.toMatch(/"level":50/);
  });
});
