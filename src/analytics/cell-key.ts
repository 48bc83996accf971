/**
 * Statistical disclosure control for the opt-in report: cell-key perturbation, the method the
 * Australian Bureau of Statistics uses in TableBuilder (Fraser & Wooton 2005; Thompson, Broadfoot
 * & Elazar 2013). A query tool lets anyone ask for a total, a row, a filtered total and a shorter
 * date range, and subtract them: suppressing small cells alone leaks them (8 asks in total − 7 in
 * English = the one German customer's answers). Complementary suppression does not hold in a
 * query tool either — the next query picks another complement — so every published count, every
 * cell, total, filtered figure and date range, gets a small noise that is a fixed function of
 * *what the cell contains*:
 *
 * - Each counter row (one day, item, purpose, journey, step, locale, channel, outcome, reason,
 *   with its count n) gets a pseudorandom key: HMAC-SHA256 under a server secret (derived from
 *   SUBJECT_KEY with HKDF) of the row's identity and n. It stands for the sum of the row's events'
 *   record keys (we store counters, not events), and changes whenever n does.
 * - A group's key is the sum of its rows' keys (mod 2^32, twice: 64 bits); a cell's key is the
 *   HMAC of the group key and the measure — the kinds of rows the count sums (asked, granted,
 *   suppressed/cooldown…), as present in the group, so two counts of the same rows are one cell.
 *   Every row of the group counts, not only the measure's own rows: otherwise a customer who
 *   never granted would leave the "granted" cells of total and rest equal, and the difference
 *   would say so.
 * - The cell key and the true count index a fixed perturbation table (PTABLE): noise in −2..+2,
 *   zero mean, never negative, counts of 1–2 published as 0 or 3 (3 may become 0), 0 stays 0.
 *
 * So the same cell always gets the same noise — repeating a query, widening a date range over
 * empty days or reaching the same rows through a filter instead of a grouping gives the same
 * figure, and averaging repeats learns nothing — while a total and the row it is differenced
 * with get independent noise: total − rest is the hidden count plus noise of up to ±4, wrong
 * four times in five. Totals are cells of their own, not sums of published cells, so rows do not
 * add up to the total exactly; that is expected. The "<5" threshold is applied after
 * perturbation (rates.ts). Known limit of the method (as for TableBuilder): an attacker who finds
 * many *different* pairs of cells that each isolate the same customer (other customers' events
 * varying between them) can average their noise; the audit log of report reads is the control.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { DIMENSIONS, type CountRow } from '../storage/ask-counts.ts';

/** Published value (true count 0..4) or offset (5 and more), each with a weight out of PTABLE_WEIGHT. */
type PRow = readonly (readonly [value: number, weight: number])[];
export const PTABLE_WEIGHT = 30;

/**
 * The perturbation table. SMALL[n] lists the values a true count n can be published as; LARGE
 * the offsets for n ≥ 5 (uniform on −2..+2: variance 2). Every row has mean n (zero-mean noise);
 * no row publishes 1 or 2, so a published small count never singles one customer out.
 */
export const PTABLE: { readonly small: readonly PRow[]; readonly large: PRow } = {
  small: [
    [[0, 30]],
    [
      [0, 20],
      [3, 10],
    ],
    [
      [0, 10],
      [3, 20],
    ],
    [
      [0, 6],
      [3, 12],
      [4, 6],
      [5, 6],
    ],
    [
      [3, 14],
      [4, 6],
      [5, 6],
      [6, 4],
    ],
  ],
  large: [
    [-2, 6],
    [-1, 6],
    [0, 6],
    [1, 6],
    [2, 6],
  ],
};

/** The published value of a true count `n` for a cell key `u` in [0, 1). */
export function perturb(n: number, u: number): number {
  const small = PTABLE.small[n];
  const row = small ?? PTABLE.large;
  let at = Math.floor(u * PTABLE_WEIGHT);
  for (const [v, w] of row) {
    if (at < w) return small ? v : n + v;
    at -= w;
  }
  throw new RangeError(`cell key out of range: ${u}`);
}

/** The cell-key secret: HKDF-SHA256 of SUBJECT_KEY, so no new setting and never the key itself. */
export function cellKeySecret(subjectKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', subjectKey, 'justask', 'opt-in report cell keys v1', 32));
}

/** A group's key: two 32-bit sums of its rows' keys. */
export interface GroupKey {
  readonly a: number;
  readonly b: number;
}

export interface CellKeys {
  /** The key of one counter row of a full-grain query (its identity and count). */
  rowKey(row: CountRow): GroupKey;
  /** The key of a group of rows: `add` each row's key to EMPTY_GROUP (order does not matter). */
  add(g: GroupKey, row: GroupKey): GroupKey;
  /** The published value of `measure`'s true count `n` in the group with key `g`. */
  publish(g: GroupKey, measure: string, n: number): number;
}

export const EMPTY_GROUP: GroupKey = { a: 0, b: 0 };

const TWO32 = 2 ** 32;
const CACHE_MAX = 250_000;
const FIELDS = [...DIMENSIONS];

/**
 * A counter row's identity as one string: its key fields, each URI-encoded when it holds '|' or
 * '%' (so the string is unambiguous), joined by '|', then '#' and the count.
 */
function identity(r: CountRow): string {
  let id = '';
  for (const d of FIELDS) id += `${part(r.group[d] ?? '')}|`;
  return `${id}${r.type}|${part(r.reason)}#${r.n}`;
}
const part = (s: string) => (s.includes('|') || s.includes('%') ? encodeURIComponent(s) : s);

/** Cell keys under `secret` (see cellKeySecret). Row keys are cached: reports reread the same counters. */
export function createCellKeys(secret: Buffer): CellKeys {
  const cache = new Map<string, GroupKey>();
  return {
    rowKey(r) {
      const id = identity(r);
      let k = cache.get(id);
      if (!k) {
        const h = createHmac('sha256', secret).update(`row\n${id}`).digest();
        k = { a: h.readUInt32BE(0), b: h.readUInt32BE(4) };
        if (cache.size >= CACHE_MAX) cache.clear();
        cache.set(id, k);
      }
      return k;
    },
    add: (g, k) => ({ a: (g.a + k.a) % TWO32, b: (g.b + k.b) % TWO32 }),
    publish(g, measure, n) {
      if (n === 0) return 0;
      const h = createHmac('sha256', secret).update(`cell\n${g.a}:${g.b}\n${measure}`).digest();
      return perturb(n, h.readUInt32BE(0) / TWO32);
    },
  };
}

/** What the report tells its readers about the protection (served with every JSON report). */
export const PROTECTION = {
  method: 'cell-key perturbation',
  note:
    'Every figure carries a small fixed noise (±2 at most; counts of 1 or 2 are never shown, a 3 may ' +
    'show as 0), the same each time it is asked for. Rows need not add up to the total exactly.',
} as const;
