/**
 * Counters for the report tests, queried as a store would (CountSums: day range, filters, summed
 * per key) and turned into a published report by the real optinReport with cell keys.
 */
import {
  createCellKeys,
  CountSums,
  FULL_GRAIN,
  optinReport,
  type CellKeys,
  type CountKey,
  type Dimension,
} from '../../../src/analytics/index.ts';

export type Where = Omit<CountKey, 'type' | 'reason'>;
export interface Counter {
  readonly key: CountKey;
  readonly n: number;
}

/** A counter of `n` events of `type` at `where`. */
export const counter = (where: Where, type: CountKey['type'], n: number, reason = ''): Counter => ({
  key: { ...where, type, reason },
  n,
});

export interface ReportQuery {
  readonly from?: string;
  readonly to?: string;
  readonly groupBy?: Dimension[];
  readonly filters?: Partial<Record<Dimension, string[]>>;
}

/** The published report for `q` over `counters`, as GET /admin/api/optins builds it. */
export function reportOf(counters: readonly Counter[], q: ReportQuery, cells: CellKeys) {
  const sums = new CountSums(FULL_GRAIN, q.filters ?? {});
  for (const c of counters)
    if ((!q.from || c.key.day >= q.from) && (!q.to || c.key.day <= q.to)) sums.add(c.key, c.n);
  return optinReport(sums.result(), q.groupBy ?? [], cells);
}

/** Cell keys under the i-th test secret (32 bytes, deterministic). */
export const cellsFor = (i: number) => createCellKeys(Buffer.alloc(32, 0).fill(`secret-${i}`));
