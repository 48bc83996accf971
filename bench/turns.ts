/**
 * Turns per second of one conversation loop over real HTTP (`/api/messages`, expectReplies):
 * each loop is a full order-delivery journey (3 turns) for a new customer, one request at a time.
 * Also the cold start (spawn → listening). Uses MONGODB_URI when set, else SQLite in a temp dir.
 *
 *   node --import tsx bench/turns.ts [loops]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, turn } from '../test/helpers/server-process.ts';

const loops = Number(process.argv[2] ?? 200);
const t0 = performance.now();
const server = await startServer({
  DATA_DIR: mkdtempSync(join(tmpdir(), 'justask-bench-')),
  LOG_LEVEL: 'info',
});
const coldStartMs = performance.now() - t0;
const latencies: number[] = [];
const timed = async (text: string, user: string) => {
  const s = performance.now();
  await turn(server.url, text, { user });
  latencies.push(performance.now() - s);
};
const start = performance.now();
for (let i = 0; i < loops; i++) {
  const user = `bench-${i}`;
  await timed('deliver my order', user);
  await timed('Morning', user);
  await timed('07911 123456', user);
}
const seconds = (performance.now() - start) / 1000;
await server.stop();
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]?.toFixed(1);
console.log(
  JSON.stringify({
    store: process.env.MONGODB_URI ? 'mongodb' : 'sqlite',
    coldStartMs: Math.round(coldStartMs),
    turns: latencies.length,
    turnsPerSecond: Math.round(latencies.length / seconds),
    p50ms: pct(50),
    p95ms: pct(95),
    p99ms: pct(99),
  }),
);
