/**
 * Opt-in rates from summed counters: per group the counts of each outcome and the rates per ask
 * (an ask is `asked` or `asked-reuse`). A group with fewer than MIN_ASKS asks is hidden — its
 * counts shown as "<5" and its rates left out — so no one customer can be singled out.
 */
import type { CountRow, Dimension } from './counts.ts';
import type { AskEventType } from './events.ts';

/** Groups with fewer asks than this are suppressed. */
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
  /** True when the group has fewer than MIN_ASKS asks: counts are "<5", rates null. */
  readonly hidden: boolean;
  /** asked + asked-reuse. */
  readonly asks: Count;
  readonly counts: Record<(typeof COUNTED)[number], Count>;
  /** `suppressed` events by reason (the planner chose not to ask: cooldown, deferred, never-ask, budget). */
  readonly suppressedBy: Record<string, Count>;
  readonly rates: Record<RateName, number | null>;
}

interface Tally {
  group: Partial<Record<Dimension, string>>;
  counts: Map<AskEventType, number>;
  suppressedBy: Map<string, number>;
}

const groupId = (g: Partial<Record<Dimension, string>>) => JSON.stringify(Object.entries(g).sort());
const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

function finish(t: Tally): OptinRow {
  const c = (type: AskEventType) => t.counts.get(type) ?? 0;
  const asks = c('asked') + c('asked-reuse');
  const hidden = asks < MIN_ASKS;
  const show = (n: number): Count => (hidden ? HIDDEN : n);
  const counts = Object.fromEntries(COUNTED.map((type) => [type, show(c(type))])) as OptinRow['counts'];
  const rates: OptinRow['rates'] = {
    optInRate: hidden ? null : ratio(c('granted') + c('reused'), asks),
    declineRate: hidden ? null : ratio(c('declined'), asks),
    whyRate: hidden ? null : ratio(c('why'), asks),
    abandonRate: hidden ? null : ratio(c('abandoned'), asks),
  };
  const suppressedBy = hidden ? {} : Object.fromEntries([...t.suppressedBy].sort());
  return { group: t.group, hidden, asks: show(asks), counts, suppressedBy, rates };
}

function tally(rows: readonly CountRow[], groupOf: (r: CountRow) => Partial<Record<Dimension, string>>) {
  const tallies = new Map<string, Tally>();
  for (const r of rows) {
    const group = groupOf(r);
    const id = groupId(group);
    let t = tallies.get(id);
    if (!t) tallies.set(id, (t = { group, counts: new Map(), suppressedBy: new Map() }));
    t.counts.set(r.type, (t.counts.get(r.type) ?? 0) + r.n);
    if (r.type === 'suppressed') t.suppressedBy.set(r.reason, (t.suppressedBy.get(r.reason) ?? 0) + r.n);
  }
  return [...tallies.values()];
}

export interface OptinReport {
  readonly groupBy: readonly Dimension[];
  readonly rows: OptinRow[];
  /** Every row together (itself suppressed below MIN_ASKS asks). */
  readonly total: OptinRow;
}

/** Turns summed counters into opt-in rows (sorted by group) and a total. */
export function optinReport(rows: readonly CountRow[], groupBy: readonly Dimension[]): OptinReport {
  const byGroup = tally(rows, (r) => Object.fromEntries(groupBy.map((d) => [d, r.group[d] ?? ''])));
  const order = (t: Tally) => JSON.stringify(groupBy.map((d) => t.group[d]));
  byGroup.sort((a, b) => order(a).localeCompare(order(b)));
  const [total] = tally(rows, () => ({}));
  return {
    groupBy,
    rows: byGroup.map(finish),
    total: finish(total ?? { group: {}, counts: new Map(), suppressedBy: new Map() }),
  };
}
