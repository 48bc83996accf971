/**
 * Day summaries of the opt-in counters on MongoDB. A report over months sums tens of thousands
 * of counter documents; servers that decode every document they read (FerretDB takes seconds for
 * 50,000) answer much faster from one document per closed day whose counters are one JSON value.
 *
 * Counters are written twice: to `ask_counts` (kept: the source every summary is built from) and
 * to `ask_recent` (what queries read for days without a summary). `compactDays` (a periodic job)
 * rebuilds the summary of each day before `before` whose counters changed since its last run
 * (each increment stamps `touched`) from `ask_counts`, then drops that day from `ask_recent`, so
 * a query reads one summary per past day plus the few counters of the days since. A count added
 * to a summarised day after its summary was built shows once the next run has folded it in.
 */
import type { Filter } from 'mongodb';
import {
  CountSums,
  keyOfId,
  type AskEventType,
  type CountKey,
  type Dimension,
  type ParsedCountQuery,
} from '../counters.ts';
import type { AskCountDoc } from './analytics.mongo.ts';
import type { Collections } from './collections.mongo.ts';

/** A day's counters (`counts`: JSON of `[keyId, n][]`), or the job's marker (`through`). */
export interface AskDayDoc {
  _id: string;
  counts?: string;
  at?: Date;
  /** On the marker: counters touched since then may not be folded in yet. */
  through?: Date;
}

/** The marker's id sorts after every day (`~` > digits), so day ranges never include it. */
const MARKER = '~compacted';
/** Instances' clocks may differ this much: a run looks back that far before the previous one. */
const SKEW_MS = 5 * 60_000;

/** Folds the counters of days before `before` touched since the last run; returns the days folded. */
export async function compactDays(c: Collections, before: string, now: Date): Promise<number> {
  const marker = await c.askDays.findOne({ _id: MARKER });
  const since = marker?.through ?? new Date(0);
  const touched = await c.askCounts
    .aggregate<{ _id: string }>([
      { $match: { touched: { $gte: since }, day: { $lt: before } } },
      { $group: { _id: '$day' } },
    ])
    .toArray();
  const days = touched.map((t) => t._id);
  if (days.length > 0) {
    const counters = await c.askCounts
      .find({ day: { $in: days } }, { projection: { _id: 1, day: 1, n: 1 } })
      .toArray();
    const byDay = new Map<string, [string, number][]>(days.map((d) => [d, []]));
    for (const k of counters) byDay.get(k.day)?.push([k._id, k.n]);
    for (const [day, counts] of byDay)
      await c.askDays.replaceOne({ _id: day }, { counts: JSON.stringify(counts), at: now }, { upsert: true });
    // Queries read summarised days from their summary: their recent copies can go.
    // One day at a time: some servers delete by listing every id (FerretDB caps how many).
    for (const day of days) await c.askRecent.deleteMany({ day });
  }
  await c.askDays.replaceOne(
    { _id: MARKER },
    { through: new Date(now.getTime() - SKEW_MS) },
    { upsert: true },
  );
  return days.length;
}

/** Every day from `from` to `to` (inclusive). */
function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

type Counters = readonly (readonly [CountKey, number])[];
/** Parsed summaries by day with the build time they were parsed at: a dashboard asks for the same days again and again. */
const parsed = new WeakMap<Collections, Map<string, { at: number; counters: Counters }>>();
const CACHED_DAYS = 400;

/** The day summaries of `from`..`to`, parsed (re-reading only those rebuilt since they were cached). */
async function summariesOf(c: Collections, from: string, to: string): Promise<Map<string, Counters>> {
  let cache = parsed.get(c);
  if (!cache) parsed.set(c, (cache = new Map<string, { at: number; counters: Counters }>()));
  const stamps = await c.askDays.find({ _id: { $gte: from, $lte: to } }, { projection: { at: 1 } }).toArray();
  const stale = stamps.filter((s) => cache.get(s._id)?.at !== s.at?.getTime()).map((s) => s._id);
  if (stale.length > 0) {
    for (const s of await c.askDays.find({ _id: { $in: stale } }).toArray()) {
      const counts = JSON.parse(s.counts ?? '[]') as [string, number][];
      cache.delete(s._id);
      cache.set(s._id, {
        at: s.at?.getTime() ?? 0,
        counters: counts.map(([id, n]) => [keyOfId(id), n] as const),
      });
    }
    // Oldest parsed first: drop them beyond the cap.
    for (const day of cache.keys()) if (cache.size > CACHED_DAYS) cache.delete(day);
  }
  return new Map(
    stamps.flatMap((s) => (cache.has(s._id) ? [[s._id, cache.get(s._id)?.counters ?? []]] : [])),
  );
}

/** Sums a query from day summaries where there are some and live counters for the other days. */
export async function sumDays(c: Collections, q: ParsedCountQuery, dims: Dimension[]) {
  const sums = new CountSums(dims, q.filters);
  const summaries = await summariesOf(c, q.from, q.to);
  for (const counters of summaries.values()) for (const [key, n] of counters) sums.add(key, n);
  const summarised = new Set(summaries.keys());
  const open = daysFrom(q.from, q.to).filter((d) => !summarised.has(d));
  if (open.length === 0) return sums.result();
  const match: Filter<AskCountDoc> = { day: { $in: open } };
  for (const [dim, values] of Object.entries(q.filters) as [Dimension, string[]][])
    Object.assign(match, { [dim]: { $in: values } });
  const id = Object.fromEntries([...dims, 'type', 'reason'].map((f) => [f, `$${f}`]));
  const live = await c.askRecent
    .aggregate<{ _id: Record<string, string>; n: number }>([
      { $match: match },
      { $group: { _id: id, n: { $sum: '$n' } } },
    ])
    .toArray();
  for (const g of live)
    sums.addRow({
      group: Object.fromEntries(dims.map((d) => [d, String(g._id[d] ?? '')])),
      type: g._id.type as AskEventType,
      reason: String(g._id.reason ?? ''),
      n: Number(g.n),
    });
  return sums.result();
}
