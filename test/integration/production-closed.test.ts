/**
 * Production is closed by default (the real server in a child process): no start without
 * MicrosoftAppId unless ALLOW_UNAUTHENTICATED says the network is private (and then a warning);
 * loopback only in development unless HOST says otherwise; activities whose serviceUrl is off the
 * allow-list refused before anything is stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'justask-closed-'));
const keys = {
  DATA_KEY: `k1:${Buffer.alloc(32, 5).toString('base64')}`,
  SUBJECT_KEY: Buffer.alloc(32, 6).toString('base64'),
};
const started: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const s = await startServer({ DATA_DIR: join(dataDir, String(started.length)), MONGODB_URI: '', ...env });
  started.push(s);
  return s;
}

/** Whether something accepts TCP connections on host:port. */
const reachable = (host: string, port: number) =>
  new Promise<boolean>((ok) => {
    const socket = connect(port, host);
    socket.once('connect', () => ok(socket.destroy() && true));
    socket.once('error', () => ok(false));
  });

const activity = (serviceUrl: string) =>
  JSON.stringify({
    type: 'message',
    id: `closed-${Math.random()}`,
    channelId: 'webchat',
    serviceUrl,
    from: { id: 'closed-user' },
    recipient: { id: 'bot' },
    conversation: { id: 'closed-conv' },
    text: 'deliver my order',
    deliveryMode: 'expectReplies',
  });

describe('production, closed by default', () => {
  it('refuses to start without MicrosoftAppId, naming the setting and the opt-out', async () => {
    const failed = startServer({ ...keys, NODE_ENV: 'production', DATA_DIR: join(dataDir, 'refused') });
    await expect(failed).rejects.toThrow(
      /server exited with 1[\s\S]*MicrosoftAppId is required when NODE_ENV=production/,
    );
    await expect(failed).rejects.toThrow(/ALLOW_UNAUTHENTICATED=true/);
  });

  it('starts with ALLOW_UNAUTHENTICATED=true, warns, listens on all interfaces, and keeps the allow-list', async () => {
    const s = await start({ ...keys, NODE_ENV: 'production', ALLOW_UNAUTHENTICATED: 'true', HOST: '' });
    expect(s.output()).toMatch(
      /"level":40[^\n]*ALLOW_UNAUTHENTICATED=true: \/api\/messages accepts unauthenticated/,
    );
    expect(s.output()).toMatch(/"host":"0\.0\.0\.0"[^\n]*justask listening/);
    const post = (serviceUrl: string) =>
      fetch(`${s.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: activity(serviceUrl),
      });
    for (const url of ['http://127.0.0.1:6379/', 'https://attacker.example/', 'http://169.254.169.254/']) {
      const res = await post(url);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        error: 'serviceUrl is not on the allow-list (TRUSTED_SERVICE_URLS)',
      });
    }
    const ok = await post('https://webchat.botframework.com/');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { activities: unknown[] }).activities.length).toBeGreaterThan(0);
  });

  it('listens on loopback only in development unless HOST says otherwise', async () => {
    const s = await start({ NODE_ENV: 'development', HOST: '' });
    expect(s.output()).toMatch(/"host":"127\.0\.0\.1"[^\n]*justask listening/);
    const port = Number(new URL(s.url).port);
    expect(await reachable('127.0.0.1', port)).toBe(true);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!outside) {
      console.warn('no non-loopback IPv4 interface here: the outside connection check is skipped');
      return;
    }
    expect(await reachable(outside, port)).toBe(false);
  });
});
