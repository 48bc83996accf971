/**
 * The local Direct Line in production (the real server in a child process): off without
 * DIRECTLINE_SECRET; with it, only the secret's holder gets tokens or starts conversations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const SECRET = 'directline-secret-0123456789abcdef0123';
const dataDir = mkdtempSync(join(tmpdir(), 'justask-dl-prod-'));
const production = {
  NODE_ENV: 'production',
  MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
  MicrosoftAppPassword: 'not-used-by-the-local-direct-line',
  DATA_KEY: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
  SUBJECT_KEY: Buffer.alloc(32, 4).toString('base64'),
};
let off: ServerProcess;
let on: ServerProcess;

beforeAll(async () => {
  [off, on] = await Promise.all([
    startServer({ ...production, DATA_DIR: join(dataDir, 'off') }),
    startServer({ ...production, DATA_DIR: join(dataDir, 'on'), DIRECTLINE_SECRET: SECRET }),
  ]);
});
afterAll(async () => {
  await Promise.all([off?.stop(), on?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (url: string, path: string, auth?: string, body: unknown = {}) =>
  fetch(`${url}/v3/directline${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify(body),
  });

describe('the local Direct Line in production', () => {
  it('is off without DIRECTLINE_SECRET: no page, no endpoint', async () => {
    expect((await fetch(`${off.url}/`)).status).toBe(404);
    expect((await post(off.url, '/conversations')).status).toBe(404);
    expect((await post(off.url, '/tokens/generate')).status).toBe(404);
  });

  it('with DIRECTLINE_SECRET, issues tokens to the secret only, and needs one to start', async () => {
    expect((await fetch(`${on.url}/`)).status).toBe(200);
    expect((await post(on.url, '/tokens/generate')).status).toBe(401);
    expect((await post(on.url, '/tokens/generate', 'not-the-secret')).status).toBe(403);
    expect((await post(on.url, '/conversations')).status).toBe(401);
    const gen = await post(on.url, '/tokens/generate', SECRET, { user: { id: 'customer-42' } });
    expect(gen.status).toBe(200);
    const { token, conversationId, expires_in } = (await gen.json()) as Record<string, string | number>;
    expect(expires_in).toBe(1800);
    const started = await post(on.url, '/conversations', String(token), { locale: 'de-DE' });
    expect(started.status).toBe(201);
    expect(((await started.json()) as { conversationId: string }).conversationId).toBe(conversationId);
    const acts = await fetch(`${on.url}/v3/directline/conversations/${String(conversationId)}/activities`, {
      headers: { authorization: `Bearer ${String(token)}` },
    });
    const body = (await acts.json()) as { activities: { text: string; recipient: { id: string } }[] };
    expect(body.activities[0]?.text).toMatch(/^Guten Tag!/);
    expect(body.activities[0]?.recipient.id).toBe('customer-42');
  });
});
