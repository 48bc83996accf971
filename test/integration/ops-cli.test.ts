import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { createApp } from '../../src/app/create-app.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { startChannel, type ChannelStub } from '../helpers/channel-stub.ts';
import { startServer, turn } from '../helpers/server-process.ts';

const run = promisify(execFile);
const k1 = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
const k2 = `k2:${Buffer.alloc(32, 2).toString('base64')}`;
const dpo = 'dpo-ops-test-token-0001';
const base = {
  DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-ops-')),
  SUBJECT_KEY: Buffer.alloc(32, 3).toString('base64'),
  MONGODB_URI: '',
  ADMIN_TOKENS: `dpo:${dpo}`,
};
const cli = async (args: string[], env: Record<string, string>) =>
  (await run(process.execPath, ['bin/justask.js', ...args], { env: { ...process.env, ...base, ...env } }))
    .stdout;

let channel: ChannelStub;
beforeAll(async () => {
  channel = await startChannel();
});
afterAll(() => channel?.close());

describe('operator commands', () => {
  it('follows the README’s rotation: rotate-key re-seals values and conversation references, the old key goes, erasure and give-back notices still work', async () => {
    const started = new Date();
    let server = await startServer({ ...base, DATA_KEY: k1 });
    const olga = { user: 'olga', serviceUrl: channel.url };
    await turn(server.url, 'deliver my order', olga);
    await turn(server.url, 'Morning', olga);
    await turn(server.url, '07911 123456', olga);
    const bea = { user: 'bea', serviceUrl: channel.url };
    await turn(server.url, 'birthday treat', bea);
    await turn(server.url, 'Yes please', bea);
    expect((await turn(server.url, '17-05-1990', bea))[0]?.text).toContain("I've saved your date of birth");
    await server.stop();

    const rotated = await cli(['rotate-key'], { DATA_KEY: `${k2},${k1}` });
    expect(rotated).toContain('held values: re-encrypted 2 of 2 under key k2');
    expect(rotated).toContain('conversation references: re-encrypted 2 of 2 under key k2');
    const again = await cli(['rotate-key'], { DATA_KEY: `${k2},${k1}` });
    expect(again).toContain('held values: re-encrypted 0 of 2');
    expect(again).toContain('conversation references: re-encrypted 0 of 2');

    // The old key is dropped everywhere.
    server = await startServer({ ...base, DATA_KEY: k2 });
    await turn(server.url, 'deliver my order', olga);
    expect((await turn(server.url, 'Evening', olga))[0]?.text).toBe(
      "I'll use the mobile number you gave us before (•••• 456).",
    );
    const erased = await fetch(`${server.url}/admin/api/subjects/webchat/olga`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${dpo}` },
    });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({ erased: 1 });
    await server.stop();

    expect(await cli(['giveback', '--dry-run'], { DATA_KEY: k2 })).toContain(
      'would give back: 0 unused and 0 expired',
    );

    // A year later, bea's unused birthday is given back and she is told on her conversation.
    const clock = manualClock(new Date(started.getTime() + 367 * 86_400_000));
    const env = { ...base, DATA_KEY: k2, PORT: '0', HOST: '127.0.0.1', GIVEBACK_EVERY_MINUTES: '0' };
    const app = await createApp(loadConfig(env), { clock, log: pino({ level: 'silent' }) });
    try {
      expect(await app.giveBack.sweep()).toMatchObject({ givenBack: 1, deleted: 1, notified: 1 });
    } finally {
      await app.close();
    }
    const notice = channel.received.find((r) => r.text?.includes("We haven't used your date of birth"));
    expect(notice?.path).toMatch(/^\/v3\/conversations\/conv-bea\/activities/);
  }, 240_000);

  it('refuses to start with an unnamed data key, naming the fix', async () => {
    const failed = await run(process.execPath, ['bin/justask.js', 'rotate-key'], {
      env: { ...process.env, ...base, DATA_KEY: Buffer.alloc(32, 1).toString('base64') },
    }).then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    expect(failed).toContain('DATA_KEY: key 1 has no id; write it as id:key, e.g. k1:');
  }, 60_000);
});
