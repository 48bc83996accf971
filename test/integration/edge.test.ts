/**
 * The HTTP edge of the real server (a child process) under hostile requests: encodings that do
 * not decode, encodings and media types we do not take, bodies that inflate past the limit (a gzip
 * bomb, sent four at a time while the server's RSS is watched), WebSocket upgrades with paths that
 * do not parse — each refused with a 4xx, the process alive and /healthz ok afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipBomb, rawExchange, rssOf, send } from '../helpers/raw-http.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'justask-edge-'));
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer({ DATA_DIR: dataDir, MONGODB_URI: '' });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const activity = (text: string) =>
  JSON.stringify({
    type: 'message',
    id: `edge-${Math.random()}`,
    channelId: 'webchat',
    serviceUrl: 'http://localhost:1',
    from: { id: 'edge-user' },
    recipient: { id: 'bot' },
    conversation: { id: 'edge-conv' },
    locale: 'en-GB',
    text,
    deliveryMode: 'expectReplies',
  });

const json = { 'content-type': 'application/json' };

async function expectAlive(): Promise<void> {
  expect(server.child.exitCode).toBeNull();
  const health = await send(server.url, { method: 'GET', path: '/healthz' });
  expect(health.status).toBe(200);
}

describe('request bodies at the edge', () => {
  it.each([
    ['GET /healthz', 'GET', '/healthz'],
    ['POST /api/messages', 'POST', '/api/messages'],
    ['POST /v3/directline/tokens/generate', 'POST', '/v3/directline/tokens/generate'],
  ])('answers a body that claims gzip but is not with 400 on %s, and lives', async (_n, method, path) => {
    const res = await send(server.url, {
      method,
      path,
      headers: { ...json, 'content-encoding': 'gzip' },
      body: 'this is not gzip',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ error: expect.stringMatching(/not valid gzip/) as unknown });
    await expectAlive();
  });

  it.each([
    ['bad deflate', { 'content-encoding': 'deflate' }, 'nope', 400, /not valid deflate/],
    ['bad brotli', { 'content-encoding': 'br' }, Buffer.from([0xff, 0xff, 0xff, 0xff]), 400, /not valid br/],
    ['an unknown encoding', { 'content-encoding': 'compress' }, 'x', 415, /content-encoding/],
    ['two stacked encodings', { 'content-encoding': 'gzip, br' }, 'x', 415, /content-encoding/],
    ['an encoding named __proto__', { 'content-encoding': '__proto__' }, 'x', 415, /content-encoding/],
    ['an encoding named constructor', { 'content-encoding': 'constructor' }, 'x', 415, /content-encoding/],
    ['text/plain', { 'content-type': 'text/plain' }, 'hello', 415, /application\/json/],
    ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b', 415, /application\/json/],
    ['no content type', { 'content-type': '' }, '{}', 415, /application\/json/],
    ['a Latin-1 charset', { 'content-type': 'application/json; charset=latin1' }, '{}', 415, /UTF-8/],
    ['bad JSON', {}, '{"type": "message",', 400, /not valid JSON/],
    ['an oversized plain body', {}, 'x'.repeat(300_000), 413, /larger than/],
  ])('answers %s with its 4xx and a reason', async (_n, headers, body, status, reason) => {
    const res = await send(server.url, {
      path: '/api/messages',
      headers: { ...json, ...headers },
      body,
    });
    expect(res.status).toBe(status);
    expect((JSON.parse(res.text) as { error: string }).error).toMatch(reason);
    await expectAlive();
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('takes an activity sent with content-encoding %s', async (encoding, compress) => {
    const res = await send(server.url, {
      path: '/api/messages',
      headers: { ...json, 'content-encoding': encoding },
      body: compress(Buffer.from(activity('hello'))),
    });
    expect(res.status).toBe(200);
    expect((JSON.parse(res.text) as { activities: unknown[] }).activities.length).toBeGreaterThan(0);
  });

  it('lets a client hang up halfway through a gzip body, and lives', async () => {
    const { port } = new URL(server.url);
    const half = gzipSync(Buffer.from(activity('hello'))).subarray(0, 20);
    await new Promise<void>((ok) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
            `Content-Encoding: gzip\r\nContent-Length: 5000\r\n\r\n`,
        );
        socket.end(half, () => setImmediate(() => socket.destroy()));
      });
      socket.on('close', () => ok());
      socket.on('error', () => undefined);
    });
    await expectAlive();
  });

  it('stops inflating a gzip bomb at the limit: 413 fast, four at once, RSS flat', async () => {
    const bomb = await gzipBomb(256);
    expect(bomb.length).toBeLessThan(300_000);
    const pid = server.child.pid ?? 0;
    const before = rssOf(pid);
    const started = performance.now();
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() =>
        send(server.url, {
          path: '/api/messages',
          headers: { ...json, 'content-encoding': 'gzip' },
          body: bomb,
        }),
      ),
    );
    const ms = Math.round(performance.now() - started);
    const after = rssOf(pid);
    console.log(
      `gzip bomb: ${bomb.length} B gzip → 256 MB, 4 in parallel: ${ms} ms; server RSS ${before.rssMb} → ${after.rssMb} MB, peak ${before.peakMb} → ${after.peakMb} MB`,
    );
    expect(answers.map((a) => a.status)).toEqual([413, 413, 413, 413]);
    expect(after.peakMb - before.peakMb).toBeLessThan(50);
    expect(ms).toBeLessThan(5000);
    await expectAlive();
  });
});

describe('activities at the edge', () => {
  it.each([
    ['entities', 'x'],
    ['attachments', 'x'],
    ['channelData', 'x'],
    ['suggestedActions', { actions: 'x' }],
  ])('answers %s of the wrong type with 400 naming the field', async (field, value) => {
    const body = { ...(JSON.parse(activity('deliver my order')) as object), [field]: value };
    const res = await send(server.url, { path: '/api/messages', headers: json, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const { error, issues } = JSON.parse(res.text) as { error: string; issues: { path: string }[] };
    expect(error).toBe('invalid activity');
    expect(issues.map((i) => i.path.split('.')[0])).toContain(field);
  });
});

const upgradeTo = (path: string) =>
  [
    `GET ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n');

describe('WebSocket upgrades of the local Direct Line stream', () => {
  it.each([
    ['a malformed percent-escape', '/v3/directline/conversations/%E0%A4%A/stream?t=x'],
    ['a lone percent sign', '/v3/directline/conversations/abc%/stream?t=x'],
    ['an unparsable URL', '//[/v3/directline/conversations/a/stream'],
    ['an unparsable absolute URL', 'http://[::1/v3/directline/conversations/a/stream'],
  ])('refuses %s with 400 and closes the socket, and lives', async (_n, path) => {
    const { port } = new URL(server.url);
    const answer = await rawExchange('127.0.0.1', Number(port), upgradeTo(path));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await expectAlive();
  });

  it('still refuses a stream with a bad token with 403', async () => {
    const { port } = new URL(server.url);
    const answer = await rawExchange(
      '127.0.0.1',
      Number(port),
      upgradeTo('/v3/directline/conversations/abc/stream?t=not-a-token'),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    await expectAlive();
  });
});
