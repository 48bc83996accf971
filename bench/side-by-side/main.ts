/**
 * `npm run bench`: justask side by side with the hand-written botbuilder baseline
 * (bench/baseline/). For each store (SQLite; MongoDB too when MONGODB_URI is set) × c ∈ {16, 64},
 * interleaved rounds of both, each server started fresh; prints one table (turns/s, p50/p95/p99,
 * server CPU ms per turn, RSS, ratios justask/baseline) and writes it as JSON.
 *
 * Settings (env): BENCH_CONVERSATIONS (1000 per run), BENCH_ROUNDS (3), BENCH_CONCURRENCY ("16,64"),
 * BENCH_WARMUP (50 conversations before each measured run), BENCH_STORES ("sqlite,mongodb"),
 * BENCH_OUT (bench/results/latest.json), MONGODB_URI.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import { measure, type RunResult } from './measure.ts';
import type { Contender, StoreSpec } from './servers.ts';
import { ratio, summarise, type Ratio, type Row } from './summary.ts';
import { renderTable } from './table.ts';

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
);

const Settings = z.object({
  BENCH_CONVERSATIONS: count(1000).pipe(z.number().min(1)),
  BENCH_ROUNDS: count(3).pipe(z.number().min(1)),
  BENCH_WARMUP: count(50),
  BENCH_CONCURRENCY: csv
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^[1-9]\d*$/)
            .transform(Number),
        )
        .min(1),
    )
    .default([16, 64]),
  BENCH_STORES: csv.pipe(z.array(z.enum(['sqlite', 'mongodb'])).min(1)).optional(),
  BENCH_OUT: z.string().default('bench/results/latest.json'),
  MONGODB_URI: z.string().optional(),
});

const env = Settings.parse(process.env);
const uri = env.MONGODB_URI || undefined;
const kinds = env.BENCH_STORES ?? (uri ? ['sqlite', 'mongodb'] : ['sqlite']);
if (kinds.includes('mongodb') && !uri) throw new Error('BENCH_STORES has mongodb but MONGODB_URI is not set');
const stores: StoreSpec[] = kinds.map((kind) => (kind === 'mongodb' ? { kind, uri } : { kind }));

const runs: RunResult[] = [];
const rows: Row[] = [];
const ratios: Ratio[] = [];
for (const store of stores) {
  for (const concurrency of env.BENCH_CONCURRENCY) {
    const cell: Record<Contender, RunResult[]> = { justask: [], baseline: [] };
    for (let round = 1; round <= env.BENCH_ROUNDS; round++) {
      const order: Contender[] = round % 2 === 1 ? ['justask', 'baseline'] : ['baseline', 'justask'];
      for (const contender of order) {
        const r = await measure({
          contender,
          store,
          concurrency,
          round,
          conversations: env.BENCH_CONVERSATIONS,
          warmup: env.BENCH_WARMUP,
        });
        runs.push(r);
        for (const line of r.serverErrors) console.error(`  server: ${line}`);
        cell[contender].push(r);
        console.error(
          `${store.kind} c=${concurrency} round ${round} ${contender}: ${Math.round(r.turns / r.seconds)} turns/s, ${r.errors} errors${r.errorSamples.length ? ` (${r.errorSamples.join('; ')})` : ''}`,
        );
      }
    }
    const j = summarise(cell.justask);
    const b = summarise(cell.baseline);
    rows.push(j, b);
    ratios.push(ratio(j, b));
  }
}

console.log(renderTable(rows, ratios));
console.log(
  `${env.BENCH_CONVERSATIONS} conversations × ${env.BENCH_ROUNDS} round(s) per cell, ${env.BENCH_WARMUP} warm-up; ` +
    `${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (load generator on the same host)`,
);
const result = {
  at: new Date().toISOString(),
  host: { cpus: cpus().length, loadavg: loadavg(), node: process.version },
  settings: {
    conversations: env.BENCH_CONVERSATIONS,
    rounds: env.BENCH_ROUNDS,
    warmup: env.BENCH_WARMUP,
    concurrency: env.BENCH_CONCURRENCY,
    stores: kinds,
  },
  rows,
  ratios,
  runs: runs.map(({ latencies: _latencies, ...r }) => r),
};
mkdirSync(dirname(env.BENCH_OUT), { recursive: true });
writeFileSync(env.BENCH_OUT, JSON.stringify(result, null, 2) + '\n');
console.error(`written: ${env.BENCH_OUT}`);
