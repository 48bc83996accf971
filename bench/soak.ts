/**
 * Soak: the real server (`npm start`'s entry: compiled, built first when src/ changed; SQLite in a
 * temp dir, RATE_LIMIT=off, LOG_LEVEL=warn) as a child process. First its capacity is measured briefly: order-delivery conversations (3 turns
 * over /api/messages with expectReplies, a new customer each) from CONCURRENCY workers as fast as
 * they go. Then conversations are started at half that turn rate, open loop, for SOAK_MINUTES
 * (default 30), and the server's RSS is read from /proc/<pid>/status every 5 s. Prints a table
 * with, per minute, the RSS at its end and its lowest (the floor after garbage collection, which
 * one sample can miss); exits 1 if that floor grew more than 10 % from minute 2 to the last
 * minute, or on any error.
 *
 *   SOAK_MINUTES=3 node --import tsx bench/soak.ts     (npm run bench:soak)
 *   env: SOAK_MINUTES (30), CAPACITY_SECONDS (20), CONCURRENCY (8)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activity } from './side-by-side/load.ts';
import { untilHealthy } from './healthz.ts';
import { startBenchSystems } from './systems.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const CAPACITY_SECONDS = Number(process.env.CAPACITY_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const MAX_IN_FLIGHT = 500;
const GROWTH_LIMIT = 0.1;
const RSS_EVERY_MS = 5_000;
const SCRIPT = ['deliver my order', 'Morning', '07911 123456'] as const;

/** A free TCP port on loopback (the server logs at warn, so it cannot tell us its port). */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const dataDir = mkdtempSync(join(tmpdir(), 'justask-soak-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
// The booking in order-delivery goes to a real receiver, as in production.
const systems = await startBenchSystems();
const child = spawn(process.execPath, ['scripts/start.mjs'], {
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
  stdio: ['ignore', 'pipe', 'pipe'],
});
const serverErrors: string[] = [];
let exited = false;
child.once('exit', () => {
  exited = true;
  void systems.close();
});
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (b: Buffer) => {
    for (const line of b.toString().split('\n')) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level && Number(level) >= 50) serverErrors.push(line.slice(0, 300));
    }
  });
}

/** Polls /healthz until the server answers (no fixed wait). */
const ready = (deadlineMs: number): Promise<void> => untilHealthy(url, deadlineMs, () => exited);

interface Stats {
  turns: number;
  errors: number;
  latencies: number[];
}
const fresh = (): Stats => ({ turns: 0, errors: 0, latencies: [] });
let seq = 0;
const firstErrors: string[] = [];

/** One turn; counts an HTTP failure or a reply-less answer as an error. */
async function turn(user: string, text: string, stats: Stats): Promise<boolean> {
  const start = performance.now();
  try {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: activity(user, `soak-${++seq}`, text),
    });
    const body = (await res.json()) as { activities?: unknown[] };
    stats.latencies.push(performance.now() - start);
    stats.turns++;
    if (res.status === 200 && (body.activities?.length ?? 0) > 0) return true;
    if (firstErrors.length < 5) firstErrors.push(`HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  } catch (e) {
    if (firstErrors.length < 5) firstErrors.push((e as Error).message);
  }
  stats.errors++;
  return false;
}

async function conversation(stats: Stats): Promise<void> {
  const user = `soak-${process.pid}-${++seq}`;
  for (const text of SCRIPT) if (!(await turn(user, text, stats))) return;
}

/** Turns per second with CONCURRENCY closed-loop workers for CAPACITY_SECONDS. */
async function capacity(): Promise<{ perSecond: number; stats: Stats }> {
  const stats = fresh();
  const end = performance.now() + CAPACITY_SECONDS * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < end) await conversation(stats);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { perSecond: stats.turns / ((performance.now() - started) / 1000), stats };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0);
};

interface Row {
  minute: number;
  turns: number;
  errors: number;
  p50: number;
  p95: number;
  rss: number;
  rssMin: number;
}

/** Starts conversations at `turnsPerSecond / 3` per second for MINUTES, open loop; a row per minute. */
async function soak(turnsPerSecond: number): Promise<{ rows: Row[]; behind: number }> {
  const rows: Row[] = [];
  const perMs = turnsPerSecond / SCRIPT.length / 1000;
  const start = performance.now();
  let started = 0;
  let inFlight = 0;
  let behind = 0;
  let minute = fresh();
  let rssMin = Number.POSITIVE_INFINITY;
  let sampled = start;
  const running = new Set<Promise<void>>();
  for (let m = 1; m <= MINUTES; m++) {
    const end = start + m * 60_000;
    while (performance.now() < end) {
      if (performance.now() - sampled >= RSS_EVERY_MS) {
        sampled = performance.now();
        rssMin = Math.min(rssMin, rssMb(child.pid ?? 0));
      }
      const due = Math.floor((performance.now() - start) * perMs) - started;
      for (let i = 0; i < due; i++) {
        started++;
        if (inFlight >= MAX_IN_FLIGHT) {
          behind++;
          continue;
        }
        inFlight++;
        const stats = minute;
        const p = conversation(stats).finally(() => {
          inFlight--;
          running.delete(p);
        });
        running.add(p);
      }
      await new Promise((ok) => setTimeout(ok, 20));
    }
    const endRss = rssMb(child.pid ?? 0);
    rows.push({
      minute: m,
      turns: minute.turns,
      errors: minute.errors,
      p50: pct(minute.latencies, 50),
      p95: pct(minute.latencies, 95),
      rss: endRss,
      rssMin: Math.min(rssMin, endRss),
    });
    rssMin = Number.POSITIVE_INFINITY;
    const r = rows[rows.length - 1];
    console.error(
      `minute ${m}: ${r?.turns} turns, ${r?.errors} errors, RSS ${r?.rss.toFixed(1)} MB (lowest ${r?.rssMin.toFixed(1)})`,
    );
    minute = fresh();
  }
  await Promise.all(running);
  return { rows, behind };
}

let code = 1;
try {
  await ready(performance.now() + 180_000); // a build of src/ may come first
  const startRss = rssMb(child.pid ?? 0);
  const cap = await capacity();
  const target = cap.perSecond / 2;
  console.error(
    `capacity ${cap.perSecond.toFixed(1)} turns/s (${CONCURRENCY} workers, ${CAPACITY_SECONDS} s, ` +
      `p95 ${pct(cap.stats.latencies, 95).toFixed(0)} ms); soaking at ${target.toFixed(1)} turns/s for ${MINUTES} min`,
  );
  const { rows, behind } = await soak(target);
  const errors = cap.stats.errors + rows.reduce((n, r) => n + r.errors, 0) + serverErrors.length + behind;
  const base = rows[Math.min(1, rows.length - 1)]?.rssMin ?? startRss;
  const last = rows[rows.length - 1]?.rssMin ?? startRss;
  const growth = (last - base) / base;
  console.log('minute  turns  errors  p50 ms  p95 ms  RSS MB  lowest');
  for (const r of rows) {
    console.log(
      [r.minute, r.turns, r.errors, r.p50.toFixed(1), r.p95.toFixed(1), r.rss.toFixed(1), r.rssMin.toFixed(1)]
        .map((v, i) => String(v).padStart([6, 7, 8, 8, 8, 8, 8][i] ?? 8))
        .join(''),
    );
  }
  const summary = {
    store: 'sqlite',
    capacityTurnsPerSecond: Number(cap.perSecond.toFixed(1)),
    soakTurnsPerSecond: Number(target.toFixed(1)),
    minutes: MINUTES,
    turns: rows.reduce((n, r) => n + r.turns, 0),
    errors,
    serverErrorLogs: serverErrors.length,
    behindSchedule: behind,
    rssStartMb: Number(startRss.toFixed(1)),
    rssMinute2LowestMb: Number(base.toFixed(1)),
    rssLastMinuteLowestMb: Number(last.toFixed(1)),
    rssEndMb: Number((rows[rows.length - 1]?.rss ?? startRss).toFixed(1)),
    rssGrowthPercent: Number((growth * 100).toFixed(1)),
  };
  console.log(JSON.stringify(summary));
  for (const e of [...firstErrors, ...serverErrors.slice(0, 5)]) console.error(`error: ${e}`);
  const ok = errors === 0 && growth <= GROWTH_LIMIT;
  console.log(
    ok
      ? 'PASS'
      : `FAIL: ${errors} errors, lowest RSS ${summary.rssGrowthPercent} % from minute 2 (limit 10 %)`,
  );
  code = ok ? 0 : 1;
} catch (e) {
  console.error(`soak failed: ${(e as Error).message}`);
} finally {
  if (!exited) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
