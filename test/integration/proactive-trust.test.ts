/**
 * Proactive sends (give-back notices) go only to service URLs on the allow-list: a stored
 * reference naming any other URL is never posted to (no blind SSRF). A recording HTTP server
 * stands where the reference points; the real CloudAdapter does the sending.
 */
import { createServer, type Server } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, createProactiveNotifier, createServiceUrlPolicy } from '../../src/channels/index.ts';
import { failureOf } from '../../src/consent/give-back-notices.ts';
import type { Texts } from '../../src/map/index.ts';
import type { ConversationRefStore } from '../../src/storage/index.ts';

const silent = pino({ level: 'silent' });
const adapter = createAdapter(
  { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '' },
  () => ({ t: () => 'sorry' }) as unknown as Texts,
  silent,
);
const hits: string[] = [];
let target: Server;
let serviceUrl: string;

beforeAll(async () => {
  target = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    res.setHeader('content-type', 'application/json');
    res.end('{"id":"1"}');
  });
  await new Promise<void>((ok) => target.listen(0, '127.0.0.1', ok));
  serviceUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/`;
});
afterAll(() => new Promise((ok) => target.close(ok)));

function refsPointingAt(url: () => string): ConversationRefStore {
  return {
    save: () => Promise.resolve(),
    delete: () => Promise.resolve(),
    scan: () => Promise.resolve([]),
    replace: () => Promise.resolve(false),
    get: () =>
      Promise.resolve({
        channelId: 'webchat',
        serviceUrl: url(),
        conversation: { id: 'conv-1' },
        user: { id: 'ann' },
        bot: { id: 'bot' },
        locale: 'en-GB',
      }),
  };
}

describe('proactive notices', () => {
  it('are not sent to a stored serviceUrl off the allow-list', async () => {
    const production = createServiceUrlPolicy({ patterns: ['*.botframework.com'], loopback: false });
    const notifier = createProactiveNotifier(
      adapter,
      refsPointingAt(() => serviceUrl),
      '',
      production,
      silent,
    );
    // Refused as a channel would refuse it (403): give-back records `channel-refused`.
    const refused = await notifier.notify('s_1', () => 'we gave back your birthday').catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'UntrustedServiceUrlError', statusCode: 403 });
    expect(failureOf(refused)).toBe('channel-refused');
    expect(hits).toEqual([]);
  });

  it('are sent where the allow-list allows (here loopback, as outside production)', async () => {
    const development = createServiceUrlPolicy({ patterns: [], loopback: true });
    const notifier = createProactiveNotifier(
      adapter,
      refsPointingAt(() => serviceUrl),
      '',
      development,
      silent,
    );
    expect(await notifier.notify('s_1', () => 'we gave back your birthday')).toBe(true);
    expect(hits).toEqual([expect.stringMatching(/^POST \/v3\/conversations\/conv-1\/activities/)]);
  });
});
