/**
 * The adapter's authentication outcomes as values: when the channel's signing keys cannot be
 * fetched (the key service is down), a request is a 503 to retry — not a 401 blaming the caller,
 * and not a 500.
 */
import { createServer } from 'node:net';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createAdapter } from '../../../src/channels/index.ts';
import type { Texts } from '../../../src/map/index.ts';

/** A port nothing listens on. */
const closedPort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('the edge adapter', () => {
  it('answers 503 when the channel’s signing keys cannot be fetched', async () => {
    const adapter = createAdapter(
      {
        MicrosoftAppId: 'app-id',
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppTenantId: '',
        BotOpenIdMetadata: `http://127.0.0.1:${await closedPort()}/openid`,
      },
      () => ({ t: () => 'sorry' }) as unknown as Texts,
      pino({ level: 'silent' }),
    );
    const token = `${b64url({ alg: 'RS256', kid: 'k' })}.${b64url({ iss: 'https://api.botframework.com', aud: 'app-id' })}.c2ln`;
    const activity = {
      type: 'message',
      channelId: 'webchat',
      serviceUrl: 'https://webchat.botframework.com/',
      from: { id: 'u' },
      conversation: { id: 'c' },
    } as Activity;
    const outcome = await adapter.handle(`Bearer ${token}`, activity, () => Promise.resolve());
    expect(outcome).toEqual({
      status: 503,
      body: { error: 'the channel token cannot be checked now; try again' },
    });
  });
});
