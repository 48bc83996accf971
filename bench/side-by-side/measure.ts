/**
 * One measured run: a fresh server, a short warm-up, then N conversations at concurrency c, with
 * the server's CPU time and RSS read from /proc around the measured part only.
 */
import { runLoad } from './load.ts';
import { cpuMs, hostTimes, idlePercent, rssMb } from './proc-stats.ts';
import { startContender, type Contender, type StoreSpec } from './servers.ts';

export interface RunResult {
  readonly contender: Contender;
  readonly store: StoreSpec['kind'];
  readonly concurrency: number;
  readonly round: number;
  readonly turns: number;
  readonly errors: number;
  readonly seconds: number;
  readonly cpuMs: number;
  readonly rssIdleMb: number;
  readonly rssMb: number;
  readonly hostIdlePercent: number;
  readonly latencies: number[];
  readonly errorSamples: string[];
  /** The server's error log lines (first few), when there were errors. */
  readonly serverErrors: string[];
}

export interface RunPlan {
  readonly contender: Contender;
  readonly store: StoreSpec;
  readonly concurrency: number;
  readonly round: number;
  readonly conversations: number;
  readonly warmup: number;
}

let runs = 0;

/** Error-level lines of a server's output: pino level ≥ 50, or the baseline's onTurnError. */
const errorLines = (out: string) =>
  out
    .split('\n')
    .filter((l) => /"level":(5|6)\d|\[onTurnError\]/.test(l))
    .slice(0, 5);

/** Starts the contender fresh, warms it up, measures, and stops it (its data removed). */
export async function measure(plan: RunPlan): Promise<RunResult> {
  const tag = `${process.pid}_${Date.now().toString(36)}_${++runs}`;
  const server = await startContender(plan.contender, plan.store, tag);
  try {
    const rssIdleMb = rssMb(server.pid);
    if (plan.warmup > 0) await runLoad(server.url, plan.warmup, plan.concurrency, `warm-${tag}`);
    const cpuBefore = cpuMs(server.pid);
    const hostBefore = hostTimes();
    const load = await runLoad(server.url, plan.conversations, plan.concurrency, `bench-${tag}`);
    const cpu = cpuMs(server.pid) - cpuBefore;
    return {
      contender: plan.contender,
      store: plan.store.kind,
      concurrency: plan.concurrency,
      round: plan.round,
      turns: load.turns,
      errors: load.errors,
      seconds: load.seconds,
      cpuMs: cpu,
      rssIdleMb,
      rssMb: rssMb(server.pid),
      hostIdlePercent: idlePercent(hostBefore, hostTimes()),
      latencies: load.latencies,
      errorSamples: load.samples,
      serverErrors: load.errors > 0 ? errorLines(server.output()) : [],
    };
  } finally {
    await server.stop();
  }
}
