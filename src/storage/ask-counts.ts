/**
 * Pre-aggregated ask counts: the store keeps one counter per (day, item, purpose, journey, step,
 * locale, channel, type, reason) instead of one row per event, so rates over millions of events
 * are a sum over thousands of counters. A key holds no value and no subject.
 */
import { z } from 'zod';
import { AskDimensions, AskEventType, type AskEvent } from './ask-events.ts';

/** What counts can be grouped and filtered by. `day` is the UTC calendar day (YYYY-MM-DD). */
export const Dimension = z.enum(['day', 'item', 'purpose', 'journey', 'step', 'locale', 'channel']);
export type Dimension = z.infer<typeof Dimension>;
export const DIMENSIONS = Dimension.options;

/** A UTC calendar day, `2026-06-01`. */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day such as 2026-06-01')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && dayOf(new Date(`${s}T00:00:00Z`)) === s, {
    message: 'not a calendar day',
  });

export const CountKey = AskDimensions.extend({
  day: Day,
  type: AskEventType,
  /** For `suppressed`, why the planner did not ask; '' otherwise. */
  reason: z.string(),
});
export type CountKey = z.infer<typeof CountKey>;

/** `n` more events of one key (seeding, batching). */
export const CountDelta = z.object({ key: CountKey, n: z.number().int().positive() });
export type CountDelta = z.infer<typeof CountDelta>;

export const CountQuery = z.object({
  /** First day counted (inclusive). */
  from: Day,
  /** Last day counted (inclusive). */
  to: Day,
  groupBy: z.array(Dimension),
  /** Only counters whose dimension is one of the listed values. */
  filters: z.partialRecord(Dimension, z.array(z.string()).min(1)).default({}),
});
export type CountQuery = z.input<typeof CountQuery>;
/** A query after parsing: filters defaulted. */
export type ParsedCountQuery = z.output<typeof CountQuery>;

/** The sum of matching counters for one group, type and reason. */
export interface CountRow {
  readonly group: Partial<Record<Dimension, string>>;
  readonly type: AskEventType;
  readonly reason: string;
  readonly n: number;
}

/** The UTC day of an instant. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A channel id as a dimension value: channel ids come from clients, so odd ones are lumped. */
export function channelValue(channel: string): string {
  return /^[A-Za-z0-9._-]{1,40}$/.test(channel) ? channel : 'other';
}

/** The counter an event adds to. Only the listed fields are read: nothing else can slip in. */
export function countKeyOf(e: AskEvent): CountKey {
  return {
    day: dayOf(e.at),
    item: e.item,
    purpose: e.purpose,
    journey: e.journey,
    step: e.step,
    locale: e.locale,
    channel: channelValue(e.channel),
    type: e.type,
    reason: e.reason ?? '',
  };
}

/** The fields of a key in a fixed order; adapters use it for ids and column lists. */
export const KEY_FIELDS = [...DIMENSIONS, 'type', 'reason'] as const;

/** A stable string id for a key (each part URI-encoded, joined by '|'). */
export function keyId(k: CountKey): string {
  return KEY_FIELDS.map((f) => encodeURIComponent(k[f])).join('|');
}

/** Adds up deltas of equal keys, so a batch writes each counter once. */
export function mergeDeltas(deltas: readonly CountDelta[]): CountDelta[] {
  const byId = new Map<string, CountDelta>();
  for (const d of deltas) {
    const id = keyId(d.key);
    const seen = byId.get(id);
    byId.set(id, seen ? { key: seen.key, n: seen.n + d.n } : d);
  }
  return [...byId.values()];
}

/** The key a `keyId` was made from. */
export function keyOfId(id: string): CountKey {
  const p = id.split('|');
  // Hot path (summaries hold thousands of keys): a shape check, not a full parse; decode only what needs it.
  if (p.length !== KEY_FIELDS.length) throw new RangeError(`not a counter key: ${id.slice(0, 80)}`);
  const d = (i: number) => {
    const s = p[i] ?? '';
    return s.includes('%') ? decodeURIComponent(s) : s;
  };
  return {
    day: d(0),
    item: d(1),
    purpose: d(2),
    journey: d(3),
    step: d(4),
    locale: d(5),
    channel: d(6),
    type: d(7) as AskEventType,
    reason: d(8),
  };
}

/** Sums counters into rows as a store query would: filters applied, grouped by `groupBy`, type and reason. */
export class CountSums {
  private readonly rows = new Map<
    string,
    { group: Partial<Record<Dimension, string>>; type: AskEventType; reason: string; n: number }
  >();
  constructor(
    private readonly groupBy: readonly Dimension[],
    private readonly filters: Partial<Record<Dimension, readonly string[]>>,
  ) {}

  /** Adds `n` of `key` when the key passes the filters. */
  add(key: CountKey, n: number): void {
    for (const [dim, values] of Object.entries(this.filters) as [Dimension, string[]][])
      if (!values.includes(key[dim])) return;
    this.addRow({
      group: Object.fromEntries(this.groupBy.map((d) => [d, key[d]])),
      type: key.type,
      reason: key.reason,
      n,
    });
  }

  /** Adds a row already summed by the store (same grouping). */
  addRow(r: CountRow): void {
    let id = `${r.type}\u0000${r.reason}`;
    for (const d of this.groupBy) id += `\u0000${r.group[d]}`;
    const seen = this.rows.get(id);
    if (seen) seen.n += r.n;
    else this.rows.set(id, { ...r, group: { ...r.group } });
  }

  result(): CountRow[] {
    return [...this.rows.values()];
  }
}
