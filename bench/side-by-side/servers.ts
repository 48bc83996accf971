/**
 * Starts each contender fresh as a child process on a store of its own: justask through the
 * integration tests' `startServer` (`npm start`'s entry), the baseline as `node bench/baseline/index.mjs`.
 * SQLite runs get a temp DATA_DIR; MongoDB runs get a database of their own, dropped on stop.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startServer } from '../../test/helpers/server-process.ts';
import { startBenchSystems } from '../systems.ts';

export type StoreKind = 'sqlite' | 'mongodb';
export type Contender = 'justask' | 'baseline';

export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  /** What the server printed so far (justask logs no customer values). */
  output(): string;
  stop(): Promise<void>;
}

export interface StoreSpec {
  readonly kind: StoreKind;
  /** The MongoDB URI, for kind 'mongodb'. */
  readonly uri?: string;
}

type Started = Omit<RunningServer, 'stop'> & { stop(): Promise<unknown> };

interface Place {
  readonly env: Record<string, string>;
  readonly cleanUp: () => Promise<void>;
}

/** A fresh place to keep data: a temp dir, or a new MongoDB database. */
function placeFor(store: StoreSpec, who: Contender, tag: string): Place {
  const dir = mkdtempSync(join(tmpdir(), `bench-${who}-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (store.kind === 'sqlite') {
    return { env: { DATA_DIR: dir, MONGODB_URI: '' }, cleanUp: () => Promise.resolve(removeDir()) };
  }
  const uri = store.uri ?? '';
  const db = `bench_${who}_${tag}`.replace(/[^A-Za-z0-9_]/g, '_');
  return {
    env: { DATA_DIR: dir, MONGODB_URI: uri, MONGODB_DB: db },
    cleanUp: async () => {
      removeDir();
      const client = new MongoClient(uri);
      try {
        await client.db(db).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

async function startJustask(env: Record<string, string>): Promise<Started> {
  // Per-turn logs are at debug: 'info' adds only the start line, which startServer waits for.
  const s = await startServer(
    {
      ...env,
      RATE_LIMIT: 'off',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      GIVEBACK_EVERY_MINUTES: '0',
    },
    'compiled',
  );
  return { url: s.url, pid: s.child.pid ?? -1, output: s.output, stop: () => s.stop() };
}

async function startBaseline(env: Record<string, string>): Promise<Started> {
  if (!existsSync('bench/baseline/node_modules'))
    throw new Error('the baseline is not installed: run `npm install --prefix bench/baseline` first');
  // The same kind of logistics system justask's journey books through (startServer gives justask its own).
  const systems = await startBenchSystems();
  const child = spawn(process.execPath, ['bench/baseline/index.mjs'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      ...systems.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('exit', () => void systems.close());
  let out = '';
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`baseline did not start:\n${out}`)), 20_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`baseline exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Starts `who` on a fresh `store`; `stop()` ends the process and removes its data. */
export async function startContender(who: Contender, store: StoreSpec, tag: string): Promise<RunningServer> {
  const place = placeFor(store, who, tag);
  try {
    const s = await (who === 'justask' ? startJustask(place.env) : startBaseline(place.env));
    return {
      url: s.url,
      pid: s.pid,
      output: s.output,
      stop: async () => {
        await s.stop();
        await place.cleanUp();
      },
    };
  } catch (e) {
    await place.cleanUp();
    throw e;
  }
}
