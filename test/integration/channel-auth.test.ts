/**
 * Channel authentication on /api/messages of the real server started with a MicrosoftAppId. The
 * channel's signing keys are published by a small OpenID metadata server in this test (the
 * server reads them from BotOpenIdMetadata), so botbuilder's real token check
 * runs: forged, expired, misaddressed and missing tokens are 401 — never a 500 — and a token the
 * channel's key signed passes.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const APP_ID = '00000000-0000-0000-0000-00000000beef';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://webchat.botframework.com/';
const channelKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forgerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dataDir = mkdtempSync(join(tmpdir(), 'justask-auth-'));
let metadata: Server;
let server: ServerProcess;

beforeAll(async () => {
  metadata = createServer((req, res) => {
    const base = `http://127.0.0.1:${(metadata.address() as { port: number }).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/keys') {
      const jwk = channelKey.publicKey.export({ format: 'jwk' });
      res.end(JSON.stringify({ keys: [{ ...jwk, kid: 'channel-key', use: 'sig' }] }));
    } else res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys` }));
  });
  await new Promise<void>((ok) => metadata.listen(0, '127.0.0.1', ok));
  const { port } = metadata.address() as { port: number };
  server = await startServer({
    DATA_DIR: dataDir,
    MONGODB_URI: '',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-used-with-expect-replies',
    BotOpenIdMetadata: `http://127.0.0.1:${port}/openid`,
  });
});
afterAll(async () => {
  await server?.stop();
  await new Promise((ok) => metadata?.close(ok));
  rmSync(dataDir, { recursive: true, force: true });
});

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An RS256 JWT signed with `key`, claiming to be from the Bot Framework for our app. */
function jwt(key: KeyObject, kid: string, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: SERVICE_URL,
    nbf: now - 60,
    exp: now + 3600,
    ...claims,
  })}`;
  return `${body}.${sign('sha256', Buffer.from(body), key).toString('base64url')}`;
}

const post = (authorization?: string) =>
  fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({
      type: 'message',
      id: `auth-${Math.random()}`,
      channelId: 'webchat',
      serviceUrl: SERVICE_URL,
      from: { id: 'auth-user' },
      recipient: { id: 'bot' },
      conversation: { id: 'auth-conv' },
      text: 'hello',
      deliveryMode: 'expectReplies',
    }),
  });

describe('channel tokens on /api/messages', () => {
  const now = Math.floor(Date.now() / 1000);
  it.each([
    ['no token', () => undefined],
    ['a token that is not a JWT', () => 'Bearer not.a.jwt'],
    [
      'a self-signed token naming the channel key',
      () => `Bearer ${jwt(forgerKey.privateKey, 'channel-key')}`,
    ],
    ['a self-signed token naming an unknown key', () => `Bearer ${jwt(forgerKey.privateKey, 'forged-key')}`],
    [
      'an expired token signed by the channel',
      () => `Bearer ${jwt(channelKey.privateKey, 'channel-key', { nbf: now - 7200, exp: now - 3600 })}`,
    ],
    [
      'a channel token for another bot',
      () => `Bearer ${jwt(channelKey.privateKey, 'channel-key', { aud: 'another-app' })}`,
    ],
    [
      'a channel token for another serviceUrl',
      () =>
        `Bearer ${jwt(channelKey.privateKey, 'channel-key', { serviceurl: 'https://slack.botframework.com/' })}`,
    ],
  ])('answers %s with 401 and a generic reason', async (_name, token) => {
    const res = await post(token());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'a valid channel token is required' });
  });

  it('lets a token signed by the channel through to the bot', async () => {
    const res = await post(`Bearer ${jwt(channelKey.privateKey, 'channel-key')}`);
    if (res.status !== 200) console.log(server.output());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { activities: unknown[] }).activities.length).toBeGreaterThan(0);
  });

  it('stays alive and healthy', async () => {
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
