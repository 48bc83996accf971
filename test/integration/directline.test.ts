/**
 * The local Direct Line over HTTP and WebSocket, in-process, with the real CloudAdapter and a
 * small echo bot: tokens per conversation, watermarks, the stream, proactive messages through
 * continueConversationAsync, and the walls between conversations and around the connector.
 */
import { randomBytes } from 'node:crypto';
import { TurnContext, type ConversationReference } from 'botbuilder';
import { TokenCredentials, type BotFrameworkAuthentication } from 'botframework-connector';
import pino from 'pino';
import restify, { type Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  createAdapter,
  createDirectLineService,
  createLocalConnector,
  createTokenSigner,
} from '../../src/channels/index.ts';
import { mountDirectLine } from '../../src/http/directline.ts';
import type { Texts } from '../../src/map/index.ts';

const silent = pino({ level: 'silent' });
const texts = () => ({ t: () => 'sorry' }) as unknown as Texts;
const connector = createLocalConnector('');
const adapter = createAdapter(
  { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '' },
  texts,
  silent,
  connector.decorate,
);
const refs = new Map<string, ConversationReference>();
const bot = async (ctx: TurnContext) => {
  const a = ctx.activity;
  refs.set(a.conversation.id, TurnContext.getConversationReference(a) as ConversationReference);
  if (a.type === 'conversationUpdate') await ctx.sendActivity(`welcome (${a.locale ?? '-'})`);
  if (a.type === 'message') await ctx.sendActivity(`echo: ${a.text} from ${a.from.id} in ${a.channelId}`);
};
const service = createDirectLineService({
  adapter,
  bot,
  connector,
  signer: createTokenSigner(randomBytes(32)),
  now: () => new Date(),
  log: silent,
});
let server: Server;
let base: string;

beforeAll(async () => {
  server = restify.createServer();
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, rejectUnknown: true }));
  mountDirectLine({ service, connector })(server);
  await new Promise<void>((ok) => {
    server.listen(0, '127.0.0.1', () => ok());
  });
  base = `http://127.0.0.1:${server.address().port}/v3/directline`;
});
afterAll(
  () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
    }),
);

type Json = Record<string, unknown>;
async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/** A new conversation; without the secret, the server picks its user. */
async function start(locale = 'nl-NL') {
  const gen = await call('POST', '/tokens/generate', undefined, {});
  const started = await call('POST', '/conversations', gen.body.token as string, { locale });
  expect(started.status).toBe(201);
  const user = (gen.body.user as { id: string }).id;
  return { ...(started.body as { conversationId: string; token: string; streamUrl: string }), user };
}

const texts$ = (b: Json) => (b.activities as Json[]).map((a) => a.text);

describe('the local Direct Line', () => {
  it('starts a conversation with a welcome, echoes the customer, and pages by watermark', async () => {
    const c = await start();
    const first = await call('GET', `/conversations/${c.conversationId}/activities`, c.token);
    expect(texts$(first.body)).toEqual(['welcome (nl-NL)']);
    const posted = await call('POST', `/conversations/${c.conversationId}/activities`, c.token, {
      type: 'message',
      text: 'hi',
      from: { id: 'someone-else' },
      channelData: { clientActivityID: 'c1' },
    });
    expect(posted).toEqual({ status: 200, body: { id: `${c.conversationId}|0000002` } });
    const next = await call(
      'GET',
      `/conversations/${c.conversationId}/activities?watermark=${String(first.body.watermark)}`,
      c.token,
    );
    const [echo, reply] = next.body.activities as Json[];
    expect(echo).toMatchObject({
      text: 'hi',
      from: { id: c.user, role: 'user' },
      channelData: { clientActivityID: 'c1' },
    });
    expect(reply).toMatchObject({
      text: `echo: hi from ${c.user} in directline`,
      from: { role: 'bot' },
      replyToId: echo?.id,
    });
    expect(reply).not.toHaveProperty('serviceUrl');
    expect(next.body.watermark).toBe('3');
  });

  it('streams the backlog and new activities over the WebSocket, proactive messages included', async () => {
    const c = await start('en-GB');
    const ws = new WebSocket(c.streamUrl);
    const got: string[] = [];
    ws.on('message', (m: Buffer) => {
      const set = JSON.parse(m.toString()) as { activities: Json[] };
      got.push(...set.activities.map((a) => String(a.text)));
    });
    await new Promise((ok) => ws.once('open', ok));
    await call('POST', `/conversations/${c.conversationId}/activities`, c.token, {
      type: 'message',
      text: 'yo',
    });
    const ref = refs.get(c.conversationId);
    if (!ref) throw new Error('no reference');
    await adapter.continueConversationAsync('', ref, async (ctx) => {
      await ctx.sendActivity("we're giving back your birthday");
    });
    await expect
      .poll(() => got)
      .toEqual([
        'welcome (en-GB)',
        'yo',
        `echo: yo from ${c.user} in directline`,
        "we're giving back your birthday",
      ]);
    ws.close();
  });

  it('lets a conversation read and write only its own activities', async () => {
    const a = await start();
    const b = await start();
    for (const [method, path] of [
      ['GET', `/conversations/${b.conversationId}/activities`],
      ['POST', `/conversations/${b.conversationId}/activities`],
      ['GET', `/conversations/${b.conversationId}`],
    ] as const) {
      const r = await call(
        method,
        path,
        a.token,
        method === 'POST' ? { type: 'message', text: 'x' } : undefined,
      );
      expect(r.status).toBe(403);
    }
    expect((await call('GET', `/conversations/${b.conversationId}/activities`)).status).toBe(401);
    expect((await call('GET', `/conversations/${b.conversationId}/activities`, `${a.token}x`)).status).toBe(
      403,
    );
    const stolen = b.streamUrl.replace(b.conversationId, a.conversationId);
    const ws = new WebSocket(stolen);
    const status = await new Promise((ok) => ws.on('unexpected-response', (_req, res) => ok(res.statusCode)));
    expect(status).toBe(403);
  });

  it('answers malformed bodies with 400 and a reason', async () => {
    const c = await start();
    const path = `/conversations/${c.conversationId}/activities`;
    const bad = await call('POST', path, c.token, { type: 'conversationUpdate' });
    expect(bad.status).toBe(400);
    // The one 400 shape of every HTTP surface (src/shared/bad-request.ts).
    expect(bad.body).toEqual({
      error: 'invalid activity',
      issues: [{ path: 'type', message: expect.any(String) as string }],
    });
    const attachment = await call('POST', path, c.token, {
      type: 'message',
      attachments: [{ contentType: 'x' }],
    });
    expect(attachment.body.issues).toEqual([
      expect.objectContaining({ message: 'attachments are not supported' }),
    ]);
    expect((await call('POST', path, c.token, '{"type":')).status).toBe(400);
    expect((await call('POST', '/tokens/generate', undefined, { user: { id: 'a b' } })).status).toBe(400);
  });

  it('never hands a caller without the secret a token for a user id it names', async () => {
    const claims = (token: unknown) =>
      JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString()) as { user: string };
    const gen = await call('POST', '/tokens/generate', undefined, { user: { id: 'victim' } });
    expect(gen.status).toBe(200);
    expect(claims(gen.body.token).user).toMatch(/^dl_[\w-]{22}$/);
    expect(gen.body.user).toEqual({ id: claims(gen.body.token).user });
    const started = await call('POST', '/conversations', undefined, { user: { id: 'victim' } });
    expect(claims(started.body.token).user).toMatch(/^dl_/);
    const posted = await call(
      'POST',
      `/conversations/${String(started.body.conversationId)}/activities`,
      started.body.token as string,
      { type: 'message', text: 'send me my data', from: { id: 'victim' } },
    );
    expect(posted.status).toBe(200);
    const seen = await call(
      'GET',
      `/conversations/${String(started.body.conversationId)}/activities`,
      started.body.token as string,
    );
    expect((seen.body.activities as Json[]).map((a) => (a.from as Json).id)).not.toContain('victim');
    // The page changing language keeps its own user with its token, and only its own.
    const again = await call('POST', '/tokens/generate', gen.body.token as string, {
      user: { id: 'victim' },
    });
    expect(claims(again.body.token).user).toBe(claims(gen.body.token).user);
  });

  it('refreshes a token and reconnects with a new stream URL', async () => {
    const c = await start();
    const refreshed = await call('POST', '/tokens/refresh', c.token);
    expect(refreshed.body.conversationId).toBe(c.conversationId);
    const again = await call(
      'GET',
      `/conversations/${c.conversationId}?watermark=1`,
      refreshed.body.token as string,
    );
    expect(again.status).toBe(200);
    expect(again.body.streamUrl).toMatch(/\/stream\?t=.+&watermark=1$/);
  });

  it('accepts bot messages only with the connector key, for the conversation user, and keeps the key local', async () => {
    const c = await start();
    const url = `/connector/v3/conversations/${c.conversationId}/activities`;
    expect((await call('POST', url, undefined, { type: 'message', text: 'phish' })).status).toBe(401);
    const wrongUser = await call('POST', url, connector.key, { type: 'message', recipient: { id: 'x' } });
    expect(wrongUser.status).toBe(403);
    // The adapter's own (decorated) authentication gives the key only to this server's serviceUrl.
    const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication })
      .botFrameworkAuthentication;
    const factory = auth.createConnectorFactory(connector.authResult().claimsIdentity);
    const local = await factory.create(connector.url() ?? '');
    const elsewhere = await factory.create('http://127.0.0.1:9/v3/directline/connector');
    expect(local.credentials).toBeInstanceOf(TokenCredentials);
    expect(elsewhere.credentials).not.toBeInstanceOf(TokenCredentials);
  });
});
