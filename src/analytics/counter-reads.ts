/**
 * The report's reads of every counter row (a full-grain query: see rates.ts), kept for a few
 * seconds: the dashboard asks for several groupings of the same range and filters at once, and
 * each published figure needs the rows, not the store's sums. A reading is at most TTL old.
 */
import type { Clock } from '../shared/clock.ts';
import type { AnalyticsStore } from '../storage/index.ts';
import type { CountQuery, CountRow } from '../storage/ask-counts.ts';
import { FULL_GRAIN } from './rates.ts';

const TTL_MS = 5_000;
const MAX_READINGS = 4;

export type CounterReads = (q: Pick<CountQuery, 'from' | 'to' | 'filters'>) => Promise<CountRow[]>;

/** Reads every counter row of a day range and filters, sharing a reading made in the last 5 s. */
export function counterReads(store: Pick<AnalyticsStore, 'query'>, clock: Clock): CounterReads {
  const readings = new Map<string, { at: number; rows: Promise<CountRow[]> }>();
  return (q) => {
    const now = clock.now().getTime();
    for (const [id, r] of readings) if (now - r.at > TTL_MS || now < r.at) readings.delete(id);
    const filters = q.filters ?? {};
    const id = JSON.stringify([q.from, q.to, Object.entries(filters).sort()]);
    const seen = readings.get(id);
    if (seen) return seen.rows;
    const rows = store.query({ from: q.from, to: q.to, filters, groupBy: [...FULL_GRAIN] });
    // A failed reading is not kept.
    void rows.catch(() => readings.delete(id));
    if (readings.size >= MAX_READINGS) readings.delete(readings.keys().next().value as string);
    readings.set(id, { at: now, rows });
    return rows;
  };
}
