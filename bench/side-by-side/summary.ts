/**
 * Folds the rounds of one (store, c, contender) cell into a row — turns/s over all rounds' turns
 * and time, percentiles over all rounds' latencies, CPU ms per turn, the largest RSS — and
 * divides justask's row by the baseline's.
 */
import type { RunResult } from './measure.ts';
import type { Contender, StoreKind } from './servers.ts';

export interface Row {
  readonly store: StoreKind;
  readonly concurrency: number;
  readonly contender: Contender;
  readonly rounds: number;
  readonly turns: number;
  readonly errors: number;
  readonly turnsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly cpuMsPerTurn: number;
  readonly rssMb: number;
  readonly rssIdleMb: number;
  readonly hostIdlePercent: number;
}

export interface Ratio {
  readonly store: StoreKind;
  readonly concurrency: number;
  readonly turnsPerSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly cpuPerTurn: number;
  readonly rss: number;
}

/** The p-th percentile (nearest rank) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** One row from the rounds of one cell (all the same store, c and contender). */
export function summarise(runs: readonly RunResult[]): Row {
  const first = runs[0];
  if (!first) throw new Error('summarise: no runs');
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const turns = sum(runs.map((r) => r.turns));
  return {
    store: first.store,
    concurrency: first.concurrency,
    contender: first.contender,
    rounds: runs.length,
    turns,
    errors: sum(runs.map((r) => r.errors)),
    turnsPerSecond: turns / sum(runs.map((r) => r.seconds)),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    cpuMsPerTurn: sum(runs.map((r) => r.cpuMs)) / Math.max(1, turns),
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    rssIdleMb: Math.max(...runs.map((r) => r.rssIdleMb)),
    hostIdlePercent: sum(runs.map((r) => r.hostIdlePercent * r.seconds)) / sum(runs.map((r) => r.seconds)),
  };
}

/** justask divided by the baseline, column by column. */
export function ratio(justask: Row, baseline: Row): Ratio {
  return {
    store: justask.store,
    concurrency: justask.concurrency,
    turnsPerSecond: justask.turnsPerSecond / baseline.turnsPerSecond,
    p50: justask.p50Ms / baseline.p50Ms,
    p95: justask.p95Ms / baseline.p95Ms,
    p99: justask.p99Ms / baseline.p99Ms,
    cpuPerTurn: justask.cpuMsPerTurn / baseline.cpuMsPerTurn,
    rss: justask.rssMb / baseline.rssMb,
  };
}
