/**
 * Opt-in report speed at scale: seeds 1,000,000 ask events (90 days, five need sites, four
 * languages, three channels, every outcome) into the analytics counters, then times the report
 * queries the dashboard makes. SQLite always (temp file); MongoDB too when MONGODB_URI is set
 * (its own database, dropped after). Events are aggregated as `record` would count them and
 * written through the port's bulk `add`; `record` itself is timed on a sample. Queries are timed
 * on the live counters, then after the day-summary job has folded the past days (MongoDB).
 *
 *   node --import tsx bench/optins.ts [events]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  countKeyOf,
  createCellKeys,
  dayOf,
  FULL_GRAIN,
  keyId,
  optinReport,
  type AskEvent,
  type AskEventType,
  type CountDelta,
  type Dimension,
} from '../src/analytics/index.ts';
import type { Store } from '../src/storage/index.ts';
import { dropMongoStoreDatabase, openMongoStore } from '../src/storage/mongo/index.ts';
import { openSqliteStore } from '../src/storage/sqlite/index.ts';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const DAYS = 90;
const END = new Date('2026-06-30T12:00:00Z');
const SITES = [
  ['order-delivery', 'sms-confirm', 'mobile', 'delivery-sms'],
  ['order-delivery', 'email-confirm', 'email', 'delivery-email'],
  ['newsletter', 'subscribe', 'email', 'newsletter'],
  ['birthday-offer', 'ask', 'birthday', 'birthday-offer'],
  ['support-callback', 'callback', 'mobile', 'support-callback'],
] as const;
const LOCALES = ['en', 'nl', 'fr', 'de'];
const CHANNELS = ['webchat', 'msteams', 'slack'];
/** Outcome mix (weights): roughly what a journey produces. */
const TYPES: [AskEventType, number, string?][] = [
  ['asked', 40],
  ['asked-reuse', 3],
  ['granted', 20],
  ['reused', 2],
  ['declined', 12],
  ['why', 10],
  ['deferred', 3],
  ['invalid', 5],
  ['abandoned', 4],
  ['suppressed', 1, 'cooldown'],
];

/** A small seeded PRNG (mulberry32), so every run seeds the same events. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticEvents(n: number): { deltas: CountDelta[]; sample: AskEvent[] } {
  const rnd = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const total = TYPES.reduce((s, [, w]) => s + w, 0);
  const type = () => {
    let r = rnd() * total;
    for (const t of TYPES) if ((r -= t[1]) < 0) return t;
    return TYPES[0] as (typeof TYPES)[number];
  };
  const counts = new Map<string, CountDelta>();
  const sample: AskEvent[] = [];
  for (let i = 0; i < n; i++) {
    const [journey, step, item, purpose] = pick(SITES);
    const [t, , reason] = type();
    const at = new Date(END.getTime() - Math.floor(rnd() * DAYS * 86_400_000));
    const e: AskEvent = {
      type: t,
      item,
      purpose,
      journey,
      step,
      locale: pick(LOCALES),
      channel: pick(CHANNELS),
      at,
    };
    if (reason) e.reason = reason;
    if (sample.length < 200) sample.push(e);
    const key = countKeyOf(e);
    const id = keyId(key);
    const seen = counts.get(id);
    counts.set(id, { key, n: (seen?.n ?? 0) + 1 });
  }
  return { deltas: [...counts.values()], sample };
}

const QUERIES: { name: string; groupBy: Dimension[]; filters?: Partial<Record<Dimension, string[]>> }[] = [
  { name: 'item × purpose', groupBy: ['item', 'purpose'] },
  { name: 'journey × step × item × purpose (map)', groupBy: ['journey', 'step', 'item', 'purpose'] },
  { name: 'per day (trend)', groupBy: ['day'] },
  {
    name: 'item × purpose, locale=nl, channel=msteams',
    groupBy: ['item', 'purpose'],
    filters: { locale: ['nl'], channel: ['msteams'] },
  },
  { name: 'all six dimensions', groupBy: ['item', 'purpose', 'journey', 'step', 'locale', 'channel'] },
];

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const cells = createCellKeys(randomBytes(32));

/** Times each dashboard query `runs` times over the seeded days. */
async function timeQueries(store: Store, runs: number) {
  const from = dayOf(new Date(END.getTime() - DAYS * 86_400_000));
  const to = dayOf(END);
  const results: Record<string, unknown>[] = [];
  for (const q of QUERIES) {
    const times: number[] = [];
    let groups = 0;
    let asks: unknown = 0;
    for (let run = 0; run < runs; run++) {
      const t0 = performance.now();
      // As the report route does: every counter row, each count published through cell keys.
      const rows = await store.analytics.query({
        from,
        to,
        groupBy: [...FULL_GRAIN],
        filters: q.filters ?? {},
      });
      const report = optinReport(rows, q.groupBy, cells);
      times.push(ms(t0));
      groups = report.rows.length;
      asks = report.total.asks;
    }
    results.push({ query: q.name, groups, asks, medianMs: median(times), maxMs: Math.max(...times) });
  }
  return results;
}

async function bench(name: string, store: Store, deltas: CountDelta[], sample: AskEvent[]) {
  const seedStart = performance.now();
  for (let i = 0; i < deltas.length; i += 5_000) await store.analytics.add(deltas.slice(i, i + 5_000));
  const seedMs = ms(seedStart);
  const recordStart = performance.now();
  // A sample: FerretDB (the test MongoDB) scans for each upsert, so thousands take minutes there.
  const recorded = sample.slice(0, 200);
  for (const e of recorded) await store.analytics.record(e);
  const recordMsPerEvent = Math.round((ms(recordStart) / recorded.length) * 1000) / 1000;
  // Live counters only (no day summaries yet), then after the day-summary job folded the past days.
  const live = await timeQueries(store, 1);
  const compactStart = performance.now();
  const daysFolded = await store.analytics.compact(dayOf(END), new Date());
  const compactMs = ms(compactStart);
  const queries = await timeQueries(store, 5);
  const summary = { store: name, events: EVENTS, counters: deltas.length, seedMs, recordMsPerEvent };
  console.log(JSON.stringify({ ...summary, liveOnly: live, daysFolded, compactMs, queries }, null, 1));
}

const { deltas, sample } = syntheticEvents(EVENTS);
const dir = mkdtempSync(join(tmpdir(), 'justask-bench-optins-'));
const sqlite = openSqliteStore(join(dir, 'justask.db'));
try {
  await bench('sqlite', sqlite, deltas, sample);
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
const uri = process.env.MONGODB_URI;
if (uri) {
  const mongo = await openMongoStore(uri, `justask_bench_optins_${process.pid}`);
  try {
    await bench('mongodb', mongo, deltas, sample);
  } finally {
    await dropMongoStoreDatabase(mongo);
    await mongo.close();
  }
} else console.log('MONGODB_URI is not set: MongoDB skipped');
