/** Starts the real server (`npm start`'s entry) as a child process and talks HTTP to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startSystemReceiver, type SystemReceiver } from './system-receiver.ts';

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The TypeScript entry through tsx (the default), or `npm start`'s compiled entry. */
const ENTRY = { source: ['--import', 'tsx', 'src/app/main.ts'], compiled: ['scripts/start.mjs'] } as const;

/**
 * The sample map's systems for a server the test does not point anywhere itself: a real HTTP
 * system that carries out every action (answers `{}`) and takes every event.
 */
async function systemsFor(
  env: Record<string, string>,
): Promise<{ env: Record<string, string>; receiver?: SystemReceiver }> {
  if (env.LOGISTICS_URL !== undefined || process.env.LOGISTICS_URL) return { env: {} };
  const receiver = await startSystemReceiver();
  const secret = receiver.secret;
  return {
    receiver,
    env: {
      LOGISTICS_URL: receiver.url,
      LOGISTICS_WEBHOOK_SECRET: secret,
      MAILER_URL: receiver.url,
      MAILER_WEBHOOK_SECRET: secret,
    },
  };
}

/** Spawns the server with `env` on a free port; resolves once it listens. */
export async function startServer(
  env: Record<string, string>,
  entry: keyof typeof ENTRY = 'source',
): Promise<ServerProcess> {
  const systems = await systemsFor(env);
  const child = spawn(process.execPath, [...ENTRY[entry]], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      ...systems.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('exit', () => void systems.receiver?.close());
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${out}`)), 90_000);
    const check = () => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

let seq = 0;

/** Sends one message activity with expectReplies and returns the reply activities. */
export async function turn(
  url: string,
  text: string,
  opts: { user?: string; locale?: string; id?: string; serviceUrl?: string; channelId?: string } = {},
): Promise<{ text?: string; channelData?: unknown; suggestedActions?: { actions: { title: string }[] } }[]> {
  const user = opts.user ?? 'ann';
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: opts.id ?? `it-${process.pid}-${++seq}`,
      channelId: opts.channelId ?? 'webchat',
      serviceUrl: opts.serviceUrl ?? 'http://localhost:1',
      from: { id: user },
      recipient: { id: 'bot' },
      conversation: { id: `conv-${user}` },
      locale: opts.locale ?? 'en-GB',
      text,
      deliveryMode: 'expectReplies',
    }),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { activities: { text?: string }[] };
  return body.activities;
}
