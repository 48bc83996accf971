/**
 * Opt-in rates from counters, protected: the report reads every counter row of the query (one
 * per day, item, purpose, journey, step, locale, channel, outcome and reason), groups them, and
 * publishes each count of each group — and of the total, a cell of its own — through cell-key
 * perturbation (cell-key.ts). Rates are computed from the published counts. A group whose
 * published asks (asked + asked-reuse) are fewer than MIN_ASKS is hidden: counts "<5", no rates.
 * Published rows need not add up to the published total (each is perturbed on its own).
 */
import type { CellKeys, GroupKey, KeyedCount } from './cell-key.ts';
import { DIMENSIONS, type CountRow, type Dimension } from './counts.ts';
import type { AskEventType } from './events.ts';

/** Groups with fewer published asks than this are hidden. */
export const MIN_ASKS = 5;
export const HIDDEN = '<5';

/** The outcome counts a row reports, in column order. */
export const COUNTED = [
  'asked',
  'asked-reuse',
  'granted',
  'reused',
  'declined',
  'deferred',
  'why',
  'invalid',
  'abandoned',
  'never-ask',
  'withdrawn',
  'given-back',
  'expired',
  'erased',
  'suppressed',
] as const satisfies readonly AskEventType[];

export const RATES = ['optInRate', 'declineRate', 'whyRate', 'abandonRate'] as const;
export type RateName = (typeof RATES)[number];

type Count = number | typeof HIDDEN;

export interface OptinRow {
  /** The group's dimension values (only those grouped by). */
  readonly group: Partial<Record<Dimension, string>>;
  /** True when the group's published asks are fewer than MIN_ASKS: counts are "<5", rates null. */
  readonly hidden: boolean;
  /** asked + asked-reuse (a cell of its own, published). */
  readonly asks: Count;
  readonly counts: Record<(typeof COUNTED)[number], Count>;
  /** Published `suppressed` counts by reason (cooldown, deferred, never-ask, budget); zeros left out. */
  readonly suppressedBy: Record<string, Count>;
  /** From the published counts, at most 1. */
  readonly rates: Record<RateName, number | null>;
}

const groupId = (g: Partial<Record<Dimension, string>>) => JSON.stringify(Object.entries(g).sort());
const rate = (n: number, d: number) => (d > 0 ? Math.min(1, n / d) : null);

/** A counter row of a full-grain query (grouped by every dimension) as a keyed count. */
function keyed(r: CountRow): KeyedCount {
  const dims = Object.fromEntries(DIMENSIONS.map((d) => [d, r.group[d] ?? ''])) as Record<Dimension, string>;
  return { key: { ...dims, type: r.type, reason: r.reason }, n: r.n };
}

/** The true counts of a group's measures: asks, each outcome, each suppression reason. */
function trueCounts(rows: readonly KeyedCount[]) {
  const byType = new Map<AskEventType, number>();
  const byReason = new Map<string, number>();
  for (const { key, n } of rows) {
    byType.set(key.type, (byType.get(key.type) ?? 0) + n);
    if (key.type === 'suppressed') byReason.set(key.reason, (byReason.get(key.reason) ?? 0) + n);
  }
  const c = (t: AskEventType) => byType.get(t) ?? 0;
  return { asks: c('asked') + c('asked-reuse'), type: c, byReason };
}

function finish(group: OptinRow['group'], rows: readonly KeyedCount[], cells: CellKeys): OptinRow {
  const g: GroupKey = cells.groupKey(rows);
  const truth = trueCounts(rows);
  const asks = cells.publish(g, 'asks', truth.asks);
  if (asks < MIN_ASKS) {
    const counts = Object.fromEntries(COUNTED.map((t) => [t, HIDDEN])) as OptinRow['counts'];
    const rates = Object.fromEntries(RATES.map((r) => [r, null])) as OptinRow['rates'];
    return { group, hidden: true, asks: HIDDEN, counts, suppressedBy: {}, rates };
  }
  const counts = Object.fromEntries(
    COUNTED.map((t) => [t, cells.publish(g, `type:${t}`, truth.type(t))]),
  ) as Record<(typeof COUNTED)[number], number>;
  const suppressedBy = [...truth.byReason]
    .map(([reason, n]) => [reason, cells.publish(g, `reason:${reason}`, n)] as const)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  const rates: OptinRow['rates'] = {
    optInRate: rate(counts.granted + counts.reused, asks),
    declineRate: rate(counts.declined, asks),
    whyRate: rate(counts.why, asks),
    abandonRate: rate(counts.abandoned, asks),
  };
  return { group, hidden: false, asks, counts, suppressedBy: Object.fromEntries(suppressedBy), rates };
}

export interface OptinReport {
  readonly groupBy: readonly Dimension[];
  readonly rows: OptinRow[];
  /** Every row together, published as a cell of its own (itself hidden below MIN_ASKS asks). */
  readonly total: OptinRow;
}

/**
 * Turns the counter rows of a full-grain query (grouped by every dimension: see
 * `FULL_GRAIN`) into published opt-in rows (sorted by group) and a published total.
 */
export function optinReport(
  counters: readonly CountRow[],
  groupBy: readonly Dimension[],
  cells: CellKeys,
): OptinReport {
  const groups = new Map<string, { group: OptinRow['group']; rows: KeyedCount[] }>();
  const all: KeyedCount[] = [];
  for (const r of counters) {
    const k = keyed(r);
    all.push(k);
    const group = Object.fromEntries(groupBy.map((d) => [d, k.key[d]]));
    const id = groupId(group);
    const seen = groups.get(id);
    if (seen) seen.rows.push(k);
    else groups.set(id, { group, rows: [k] });
  }
  const order = (g: OptinRow['group']) => JSON.stringify(groupBy.map((d) => g[d]));
  const sorted = [...groups.values()].sort((a, b) => order(a.group).localeCompare(order(b.group)));
  return {
    groupBy,
    rows: sorted.map((s) => finish(s.group, s.rows, cells)),
    total: finish({}, all, cells),
  };
}

/** What the report asks the store for: every counter row, so each cell's key can be made. */
export const FULL_GRAIN: readonly Dimension[] = DIMENSIONS;
