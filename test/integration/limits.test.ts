/**
 * Abuse limits on the real server (child process, SQLite): 429 with Retry-After and a JSON
 * reason per client address and per conversation on /api/messages and the local Direct Line;
 * the Direct Line's caps on activity size, open WebSockets and token refreshes; RATE_LIMIT=off.
 * Client addresses are told apart through X-Forwarded-For behind one trusted proxy hop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'justask-limits-'));
let limited: ServerProcess;
let open: ServerProcess;

beforeAll(async () => {
  [limited, open] = await Promise.all([
    startServer({
      DATA_DIR: join(dataDir, 'limited'),
      RATE_LIMIT_PROXY_HOPS: '1',
      // Next to nothing is earned back while a test runs: the bursts are what is tested.
      RATE_LIMIT_ADDRESS_PER_SECOND: '0.01',
      RATE_LIMIT_ADDRESS_BURST: '6',
      RATE_LIMIT_CONVERSATION_PER_SECOND: '0.01',
      RATE_LIMIT_CONVERSATION_BURST: '2',
    }),
    startServer({ DATA_DIR: join(dataDir, 'open'), RATE_LIMIT: 'off' }),
  ]);
}, 30_000);
afterAll(async () => {
  await Promise.all([limited?.stop(), open?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;
let seq = 0;
function message(url: string, from: string, conversation: string) {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({
      type: 'message',
      id: `lim-${++seq}`,
      channelId: 'webchat',
      serviceUrl: 'http://localhost:1',
      from: { id: `u-${conversation}` },
      recipient: { id: 'bot' },
      conversation: { id: conversation },
      locale: 'en-GB',
      text: 'hello',
      deliveryMode: 'expectReplies',
    }),
  });
}
const dl = (url: string, path: string, opts: { from?: string; token?: string; body?: unknown } = {}) =>
  fetch(`${url}/v3/directline${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.from ? { 'x-forwarded-for': opts.from } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: JSON.stringify(opts.body ?? {}),
  });

async function refusal(res: Response) {
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Json };
}

describe('rate limits on the real server', () => {
  it('answers 429 with Retry-After and a reason past the per-conversation burst on /api/messages', async () => {
    const from = '198.51.100.1';
    expect((await message(limited.url, from, 'lim-a')).status).toBe(200);
    expect((await message(limited.url, from, 'lim-a')).status).toBe(200);
    const third = await refusal(await message(limited.url, from, 'lim-a'));
    expect(third).toMatchObject({
      status: 429,
      body: { error: { code: 'TooManyRequests', scope: 'conversation' } },
    });
    expect(Number(third.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await message(limited.url, from, 'lim-b')).status).toBe(200);
  });

  it('answers 429 past the per-address burst, across /api/messages and the Direct Line, others unaffected', async () => {
    const from = '198.51.100.2';
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await message(limited.url, from, `addr-${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const refused = await refusal(await dl(limited.url, '/tokens/generate', { from }));
    expect(refused).toMatchObject({ status: 429, body: { error: { scope: 'address' } } });
    expect(Number(refused.retryAfter)).toBeGreaterThan(1);
    expect((await message(limited.url, from, 'addr-new')).status).toBe(429);
    expect((await dl(limited.url, '/tokens/generate', { from: '198.51.100.3' })).status).toBe(200);
    expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
  });

  it('limits what is posted to one Direct Line conversation', async () => {
    const from = '198.51.100.4';
    const gen = (await (await dl(limited.url, '/tokens/generate', { from })).json()) as Json;
    const started = await dl(limited.url, '/conversations', { from, token: String(gen.token) });
    const c = (await started.json()) as { conversationId: string; token: string };
    const post = () =>
      dl(limited.url, `/conversations/${c.conversationId}/activities`, {
        from,
        token: c.token,
        body: { type: 'message', text: 'hi' },
      });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post()).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('lets everything through with RATE_LIMIT=off', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await message(open.url, '198.51.100.9', 'off-a')).status);
    expect([...statuses]).toEqual([200]);
  });
});

describe('caps of the local Direct Line on the real server', () => {
  async function conversation() {
    const gen = (await (await dl(open.url, '/tokens/generate')).json()) as Json;
    const started = await dl(open.url, '/conversations', { token: String(gen.token) });
    return (await started.json()) as { conversationId: string; token: string; streamUrl: string };
  }

  it('refuses an activity over 32 KB with 413 and a reason', async () => {
    const c = await conversation();
    const res = await dl(open.url, `/conversations/${c.conversationId}/activities`, {
      token: c.token,
      body: { type: 'event', name: 'x', value: { blob: 'x'.repeat(40_000) } },
    });
    expect(await refusal(res)).toMatchObject({ status: 413, body: { error: { code: 'ActivityTooLarge' } } });
    const ok = await dl(open.url, `/conversations/${c.conversationId}/activities`, {
      token: c.token,
      body: { type: 'event', name: 'x', value: { blob: 'x'.repeat(20_000) } },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a fifth open WebSocket of one conversation with 429 and a reason', async () => {
    const c = await conversation();
    const sockets: WebSocket[] = [];
    const connect = () =>
      new Promise<{ status: number; body: string }>((ok) => {
        const ws = new WebSocket(c.streamUrl);
        sockets.push(ws);
        ws.once('open', () => ok({ status: 101, body: '' }));
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (b: Buffer) => (body += b.toString()));
          res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
        });
      });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await connect());
    expect(results.map((r) => r.status)).toEqual([101, 101, 101, 101, 429]);
    expect(JSON.parse(results[4]?.body ?? '{}')).toMatchObject({ error: { code: 'TooManyStreams' } });
    for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) ws.close();
  });

  it('refuses a seventh token refresh of a conversation within a token lifetime', async () => {
    const c = await conversation();
    let token = c.token;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await dl(open.url, '/tokens/refresh', { token });
      statuses.push(res.status);
      if (res.status === 200) token = String(((await res.json()) as Json).token);
      else expect(await refusal(res)).toMatchObject({ body: { error: { code: 'TooManyRefreshes' } } });
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});
