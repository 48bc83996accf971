import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedSystem } from '../../../src/map/index.ts';
import { verifyWebhook } from '../../../src/shared/webhook-signature.ts';
import { postSigned } from '../../../src/systems/index.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const now = new Date('2026-03-01T10:00:00Z');

interface Seen {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly raw: string;
  readonly port: number;
}

let server: Server | undefined;
const sockets = new Set<Socket>();

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  server = undefined;
});

/** A real HTTP system that answers with `answer` and keeps what it received. */
async function system(answer: (res: ServerResponse) => void): Promise<{ s: ResolvedSystem; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, raw, port: req.socket.remotePort ?? 0 });
      answer(res);
    });
  });
  server.on('connection', (c) => sockets.add(c));
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { s: { url, secret, timeoutMs: 5000 } as ResolvedSystem, seen };
}

const json = (status: number, body: string) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
};

describe('postSigned', () => {
  it('posts the JSON body signed with Standard Webhooks headers and reads the JSON answer', async () => {
    const { s, seen } = await system(json(200, '{"outcome":"ok","vars":{"slot":"9"}}'));
    const r = await postSigned(s, '/actions/book', 'msg_1', { item: 'phone' }, now, 1000);
    expect(r).toEqual({ kind: 'answered', status: 200, json: { outcome: 'ok', vars: { slot: '9' } } });
    const got = seen[0]!;
    expect(got.path).toBe('/actions/book');
    expect(got.raw).toBe('{"item":"phone"}');
    expect(got.headers['content-type']).toBe('application/json');
    const h = {
      id: got.headers['webhook-id'] as string,
      timestamp: got.headers['webhook-timestamp'] as string,
    };
    expect(h).toEqual({ id: 'msg_1', timestamp: String(now.getTime() / 1000) });
    const signature = got.headers['webhook-signature'] as string;
    expect(verifyWebhook(secret, { ...h, signature }, got.raw, now.getTime() / 1000)).toBe(true);
  });

  it('reads an empty answer as {} and an unreadable one as undefined', async () => {
    let body = '';
    const { s } = await system((res) => json(200, body)(res));
    expect(await postSigned(s, '/events', 'a', {}, now, 1000)).toEqual({
      kind: 'answered',
      status: 200,
      json: {},
    });
    body = 'not json';
    expect(await postSigned(s, '/events', 'b', {}, now, 1000)).toEqual({
      kind: 'answered',
      status: 200,
      json: undefined,
    });
    body = JSON.stringify({ big: 'x'.repeat(70 * 1024) });
    expect(await postSigned(s, '/events', 'c', {}, now, 1000)).toEqual({
      kind: 'answered',
      status: 200,
      json: undefined,
    });
  });

  it('says the status of an answer outside 2xx, and a redirect is not followed', async () => {
    let status = 503;
    const { s, seen } = await system((res) => {
      res.writeHead(status, { location: '/elsewhere' });
      res.end('nope');
    });
    expect(await postSigned(s, '/events', 'a', {}, now, 1000)).toEqual({ kind: 'status', status: 503 });
    status = 302;
    expect(await postSigned(s, '/events', 'b', {}, now, 1000)).toMatchObject({ kind: 'unreachable' });
    expect(seen.map((x) => x.path)).toEqual(['/events', '/events']);
  });

  it('times out on a system that does not answer in time, and on one that stops half-way', async () => {
    let half = false;
    const { s } = await system((res) => {
      if (!half) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"outcome":');
    });
    const started = Date.now();
    expect(await postSigned(s, '/actions/slow', 'a', {}, now, 150)).toEqual({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    half = true;
    expect(await postSigned(s, '/actions/slow', 'b', {}, now, 150)).toEqual({ kind: 'timeout' });
  });

  it('says a closed port is unreachable and a system without url or secret is not configured', async () => {
    const { s } = await system(json(200, '{}'));
    await new Promise<void>((ok) => server!.close(() => ok()));
    server = undefined;
    expect(await postSigned(s, '/events', 'a', {}, now, 1000)).toMatchObject({ kind: 'unreachable' });
    expect(await postSigned({ ...s, secret: '' }, '/events', 'a', {}, now, 1000)).toEqual({
      kind: 'not-configured',
    });
    expect(await postSigned(undefined, '/events', 'a', {}, now, 1000)).toEqual({ kind: 'not-configured' });
  });

  it('sends one request after another over the same kept-alive connection', async () => {
    const { s, seen } = await system(json(200, '{}'));
    for (const id of ['a', 'b', 'c']) await postSigned(s, '/events', id, {}, now, 1000);
    expect(new Set(seen.map((x) => x.port)).size).toBe(1);
  });
});
