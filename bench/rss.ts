/**
 * RSS after many completed conversations: the real server (`npm start`'s entry, compiled; SQLite in
 * a temp dir, RATE_LIMIT=off, LOG_LEVEL=warn) as a child process with `--expose-gc`, driven over
 * /api/messages with expectReplies by CONCURRENCY closed-loop customers. Each conversation is a new
 * customer's order delivery ("deliver my order" → "Morning" → "07911 123456", the side-by-side
 * bench's activity). Prints the idle RSS (after start and after a warm-up, each after a full GC),
 * the RSS and heap after a GC at every tenth of the run, and the growth over idle; exits 1 on any
 * error or when the RSS after the run exceeds the warm idle RSS by more than RSS_LIMIT_MB.
 *
 *   nice -n 10 node --import tsx bench/rss.ts        (npm run bench:rss)
 *   env: RSS_CONVERSATIONS (100000), RSS_WARMUP (1000), CONCURRENCY (16), RSS_LIMIT_MB (50),
 *   RSS_NODE_ARGS (more node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activity, SCRIPT } from './side-by-side/load.ts';
import { untilHealthy } from './healthz.ts';
import { startBenchSystems } from './systems.ts';

const CONVERSATIONS = Number(process.env.RSS_CONVERSATIONS ?? 100_000);
const WARMUP = Number(process.env.RSS_WARMUP ?? 1_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const LIMIT_MB = Number(process.env.RSS_LIMIT_MB ?? 50);
const NODE_ARGS = (process.env.RSS_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

const dataDir = mkdtempSync(join(tmpdir(), 'justask-rss-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
// The booking in order-delivery goes to a real receiver, as in production.
const systems = await startBenchSystems();
const child = spawn(
  process.execPath,
  ['--expose-gc', ...NODE_ARGS, '--import', './bench/rss-probe.mjs', 'scripts/start.mjs'],
  {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      MONGODB_URI: '',
      RATE_LIMIT: 'off',
      LOG_LEVEL: 'warn',
      ...systems.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  },
);
let exited = false;
child.once('exit', () => {
  exited = true;
  void systems.close();
});
const serverErrors: string[] = [];
for (const stream of [child.stdout, child.stderr]) {
  stream?.on('data', (b: Buffer) => {
    for (const line of b.toString().split('\n')) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level && Number(level) >= 50 && serverErrors.length < 5) serverErrors.push(line.slice(0, 300));
    }
  });
}

/** Polls /healthz until the server answers (no fixed wait). */
const ready = (deadline: number): Promise<void> => untilHealthy(url, deadline, () => exited);

interface Memory {
  readonly rssMb: number;
  readonly heapMb: number;
}

/** The server's memory after a full GC (RSS from /proc, heap from the probe). */
async function afterGc(): Promise<Memory> {
  const answer = once(child, 'message') as Promise<[NodeJS.MemoryUsage]>;
  child.send('gc');
  const [usage] = await answer;
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
  return { rssMb: kb / 1024, heapMb: usage.heapUsed / 2 ** 20 };
}

/** The server's CPU time so far (user + system), in ms. */
function cpuMs(): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

let seq = 0;
let errors = 0;
const firstErrors: string[] = [];

/** One conversation; its replies must be the script's. */
async function conversation(): Promise<void> {
  const user = `rss-${++seq}`;
  for (const [i, step] of SCRIPT.entries()) {
    try {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: activity(user, `${user}-${i}`, step.says),
      });
      const body = (await res.json()) as { activities?: { text?: string }[] };
      const texts = (body.activities ?? []).map((a) => a.text ?? '');
      if (res.status === 200 && texts.join('\n') === step.replies.join('\n')) continue;
      if (firstErrors.length < 5)
        firstErrors.push(`HTTP ${res.status} ${JSON.stringify(texts).slice(0, 200)}`);
    } catch (e) {
      if (firstErrors.length < 5) firstErrors.push((e as Error).message);
    }
    errors++;
    return;
  }
}

/** Runs `count` conversations with CONCURRENCY workers, calling `each` every `every` completions. */
async function run(count: number, every: number, each: (done: number) => Promise<void>): Promise<void> {
  let next = 0;
  let done = 0;
  let pausing: Promise<void> | undefined;
  const worker = async () => {
    while (next < count) {
      next++;
      await conversation();
      done++;
      if (done % every === 0) pausing = each(done);
      // Every worker waits while the probe runs, so the reading is of an idle server.
      if (pausing) await pausing;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const fmt = (m: Memory) => `RSS ${m.rssMb.toFixed(1)} MB, heap ${m.heapMb.toFixed(1)} MB`;
let code = 0;
try {
  await ready(performance.now() + 120_000);
  const cold = await afterGc();
  console.error(`idle after start: ${fmt(cold)}`);
  await run(WARMUP, WARMUP, () => Promise.resolve());
  const warm = await afterGc();
  console.error(`idle after ${WARMUP} warm-up conversations: ${fmt(warm)}`);
  const started = performance.now();
  let cpu = cpuMs();
  let probeCpu = 0;
  const tenth = Math.max(1, Math.floor(CONVERSATIONS / 10));
  await run(CONVERSATIONS, tenth, async (done) => {
    const before = cpuMs();
    const m = await afterGc();
    probeCpu += cpuMs() - before;
    const perSecond = (done * SCRIPT.length) / ((performance.now() - started) / 1000);
    console.error(`${done} conversations: ${fmt(m)} (${Math.round(perSecond)} turns/s, ${errors} errors)`);
  });
  cpu = cpuMs() - cpu - probeCpu;
  const after = await afterGc();
  const growth = after.rssMb - warm.rssMb;
  console.log(
    [
      `conversations: ${CONVERSATIONS} completed (${errors} errors) after ${WARMUP} warm-up, c=${CONCURRENCY}`,
      `idle RSS: ${cold.rssMb.toFixed(1)} MB after start, ${warm.rssMb.toFixed(1)} MB after warm-up (heap ${warm.heapMb.toFixed(1)} MB)`,
      `after:    RSS ${after.rssMb.toFixed(1)} MB, heap after GC ${after.heapMb.toFixed(1)} MB`,
      `server CPU: ${(cpu / (CONVERSATIONS * SCRIPT.length)).toFixed(2)} ms per turn (GCs of the probe excluded)`,
      `growth:   RSS +${growth.toFixed(1)} MB over warm idle (+${(after.rssMb - cold.rssMb).toFixed(1)} MB over cold), heap +${(after.heapMb - warm.heapMb).toFixed(1)} MB; limit +${LIMIT_MB} MB`,
    ].join('\n'),
  );
  if (errors > 0) console.error('first errors:', firstErrors, serverErrors);
  if (errors > 0 || growth > LIMIT_MB) code = 1;
} catch (e) {
  console.error(e, serverErrors);
  code = 1;
} finally {
  child.kill('SIGTERM');
  if (!exited) await once(child, 'exit');
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
