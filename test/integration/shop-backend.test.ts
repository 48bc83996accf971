/**
 * The example back end (examples/shop-backend/server.mjs) as the development demo runs it: its own
 * process, the server wired to it with .env.example's secrets. It books deliveries until a slot is
 * full, hears the events, refuses unsigned requests, shows what it got on its page and never logs
 * a value; its answers fit docs/openapi.yaml.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { ActionAnswer } from '../../src/journey/index.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { turn } from '../helpers/server-process.ts';
import { withoutLoggerNumbers } from '../helpers/log-text.ts';

/** The systems' settings exactly as .env.example gives them, with the back end's real port. */
function exampleEnv(port: number): Record<string, string> {
  const lines = readFileSync('.env.example', 'utf8').split('\n');
  const get = (k: string) => lines.find((l) => l.startsWith(`${k}=`))?.slice(k.length + 1) ?? '';
  return {
    LOGISTICS_URL: get('LOGISTICS_URL').replace(':4000', `:${port}`),
    LOGISTICS_WEBHOOK_SECRET: get('LOGISTICS_WEBHOOK_SECRET'),
    MAILER_URL: get('MAILER_URL').replace(':4000', `:${port}`),
    MAILER_WEBHOOK_SECRET: get('MAILER_WEBHOOK_SECRET'),
  };
}

describe('the example shop back end', () => {
  let child: ChildProcess;
  let output = '';
  let backend: string;
  let app: App;
  let url: string;
  let users = 0;

  beforeAll(async () => {
    // Run from a folder without a .env, so the secrets are the defaults .env.example documents.
    const cwd = mkdtempSync(join(tmpdir(), 'justask-shop-'));
    child = spawn(process.execPath, [join(process.cwd(), 'examples/shop-backend/server.mjs')], {
      cwd,
      env: { PATH: process.env.PATH, SHOP_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    const port = await new Promise<number>((ok, fail) => {
      child.stdout?.on('data', (b: Buffer) => {
        output += b.toString();
        const m = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
        if (m?.[1]) ok(Number(m[1]));
      });
      child.on('exit', () => fail(new Error(`the back end exited:\n${output}`)));
    });
    backend = `http://127.0.0.1:${port}`;
    const env = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-shop-app-')),
      PORT: '0',
      HOST: '127.0.0.1',
      GIVEBACK_EVERY_MINUTES: '0',
      DATA_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      SUBJECT_KEY: Buffer.alloc(32, 8).toString('base64'),
    };
    const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
    app = await createApp(loadConfig(env), { clock, log: pino({ level: 'silent' }), env: exampleEnv(port) });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
  });
  afterAll(async () => {
    await app?.close();
    child?.kill('SIGTERM');
  });

  const book = async (slot: string) => {
    const u = `shop-${process.pid}-${++users}`;
    await turn(url, 'deliver my order', { user: u });
    await turn(url, slot, { user: u });
    return (await turn(url, '07911 123456', { user: u })).map((a) => a.text ?? '').at(-1);
  };

  it('books three evening deliveries, then answers that the slot is full', async () => {
    for (let i = 0; i < 3; i++)
      expect(await book('Evening')).toBe(
        "Your delivery is booked: we'll bring your order in the evening. We'll text •••• 456 on the day.",
      );
    expect(await book('Evening')).toBe(
      "Sorry, we're already full in the evening, so nothing was booked. The next free slot is tomorrow evening: say “deliver my order” to pick it.",
    );
  });

  it('hears the events, shows everything on its page, and logs no value', async () => {
    await app.events.run();
    const got = (await (await fetch(`${backend}/received.json`)).json()) as {
      system: string;
      path: string;
      answer: unknown;
    }[];
    expect(got.filter((r) => r.path === '/events').length).toBeGreaterThanOrEqual(4);
    for (const r of got.filter((x) => x.path.startsWith('/actions/')))
      expect(ActionAnswer.safeParse(r.answer).success).toBe(true);
    const html = await (await fetch(`${backend}/`)).text();
    expect(html).toContain('book-delivery');
    expect(html).toContain('+447911123456');
    expect(output).toContain('logistics/events');
    expect(withoutLoggerNumbers(output)).not.toContain('7911');
  });

  it('refuses a request without a valid signature', async () => {
    const res = await fetch(`${backend}/logistics/actions/book-delivery`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'x',
        'webhook-timestamp': '1',
        'webhook-signature': 'v1,AAAA',
      },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });
});
