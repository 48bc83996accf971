/**
 * Opt-in rates from counters, protected: the report reads every counter row of the query (one
 * per day, item, purpose, journey, step, locale, channel, outcome and reason), groups them, and
 * publishes each count of each group — and of the total, a cell of its own — through cell-key
 * perturbation (cell-key.ts). Rates are computed from the published counts. A group whose
 * published asks (asked + asked-reuse) are fewer than MIN_ASKS is hidden: counts "<5", no rates.
 * Published rows need not add up to the published total (each is perturbed on its own).
 */
import { EMPTY_GROUP, type CellKeys, type GroupKey } from './cell-key.ts';
import { DIMENSIONS, type CountRow, type Dimension } from '../storage/ask-counts.ts';
import type { AskEventType } from '../storage/ask-events.ts';

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

const rate = (n: number, d: number) => (d > 0 ? Math.min(1, n / d) : null);

/** A group being summed: its rows' key and the true count of each kind (outcome, or suppressed/reason). */
interface Tally {
  readonly group: Partial<Record<Dimension, string>>;
  key: GroupKey;
  readonly byKind: Map<string, number>;
}

const SUPPRESSED = 'suppressed/';
const kindOf = (r: CountRow) => (r.type === 'suppressed' ? SUPPRESSED + r.reason : r.type);
const newTally = (group: Tally['group']): Tally => ({ group, key: EMPTY_GROUP, byKind: new Map() });

function count(t: Tally, r: CountRow, key: GroupKey, cells: CellKeys): void {
  t.key = cells.add(t.key, key);
  const kind = kindOf(r);
  t.byKind.set(kind, (t.byKind.get(kind) ?? 0) + r.n);
}

/**
 * The published count of the kinds `pick` selects. The measure names the kinds the group
 * actually has, so two counts of the same rows (asks and asked, when nothing was asked for
 * reuse) are one cell with one noise, not two readings of one number to average.
 */
function publish(t: Tally, cells: CellKeys, pick: (kind: string) => boolean): number {
  const kinds = [...t.byKind].filter(([k, n]) => n > 0 && pick(k)).sort(([x], [y]) => x.localeCompare(y));
  const n = kinds.reduce((sum, [, m]) => sum + m, 0);
  return cells.publish(t.key, JSON.stringify(kinds.map(([k]) => k)), n);
}

function finish(t: Tally, cells: CellKeys): OptinRow {
  const asks = publish(t, cells, (k) => k === 'asked' || k === 'asked-reuse');
  if (asks < MIN_ASKS) {
    const counts = Object.fromEntries(COUNTED.map((type) => [type, HIDDEN])) as OptinRow['counts'];
    const rates = Object.fromEntries(RATES.map((r) => [r, null])) as OptinRow['rates'];
    return { group: t.group, hidden: true, asks: HIDDEN, counts, suppressedBy: {}, rates };
  }
  const ofType = (type: AskEventType) =>
    type === 'suppressed' ? (k: string) => k.startsWith(SUPPRESSED) : (k: string) => k === type;
  const counts = Object.fromEntries(COUNTED.map((type) => [type, publish(t, cells, ofType(type))])) as Record<
    (typeof COUNTED)[number],
    number
  >;
  const suppressedBy = [...t.byKind.keys()]
    .filter((k) => k.startsWith(SUPPRESSED))
    .map((k) => [k.slice(SUPPRESSED.length), publish(t, cells, (x) => x === k)] as const)
    .filter(([, n]) => n > 0)
    .sort(([x], [y]) => x.localeCompare(y));
  const rates: OptinRow['rates'] = {
    optInRate: rate(counts.granted + counts.reused, asks),
    declineRate: rate(counts.declined, asks),
    whyRate: rate(counts.why, asks),
    abandonRate: rate(counts.abandoned, asks),
  };
  return {
    group: t.group,
    hidden: false,
    asks,
    counts,
    suppressedBy: Object.fromEntries(suppressedBy),
    rates,
  };
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
  const groups = new Map<string, Tally>();
  const total = newTally({});
  for (const r of counters) {
    let id = '';
    for (const d of groupBy) {
      const v = r.group[d] ?? '';
      id += `${v.length}:${v}`; // length-prefixed: no two groups share an id
    }
    let t = groups.get(id);
    if (!t) groups.set(id, (t = newTally(Object.fromEntries(groupBy.map((d) => [d, r.group[d] ?? ''])))));
    const key = cells.rowKey(r);
    count(t, r, key, cells);
    count(total, r, key, cells);
  }
  const order = (g: OptinRow['group']) => JSON.stringify(groupBy.map((d) => g[d]));
  const sorted = [...groups.values()].sort((a, b) => order(a.group).localeCompare(order(b.group)));
  return { groupBy, rows: sorted.map((t) => finish(t, cells)), total: finish(total, cells) };
}

/** What the report asks the store for: every counter row, so each cell's key can be made. */
export const FULL_GRAIN: readonly Dimension[] = DIMENSIONS;
