import { describe, expect, it } from 'vitest';
import {
  cellKeySecret,
  createCellKeys,
  EMPTY_GROUP,
  perturb,
  PTABLE,
  PTABLE_WEIGHT,
  type CellKeys,
  type CountRow,
} from '../../../src/analytics/index.ts';

const dist = (n: number) => {
  const out = new Map<number, number>();
  for (let i = 0; i < PTABLE_WEIGHT; i++) {
    const v = perturb(n, (i + 0.5) / PTABLE_WEIGHT);
    out.set(v, (out.get(v) ?? 0) + 1 / PTABLE_WEIGHT);
  }
  return out;
};

describe('the perturbation table', () => {
  it('has rows of full weight', () => {
    for (const row of [...PTABLE.small, PTABLE.large])
      expect(row.reduce((s, [, w]) => s + w, 0)).toBe(PTABLE_WEIGHT);
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 9, 40, 1234])(
    'publishes %i with zero-mean noise, never negative, never as 1 or 2, within ±3',
    (n) => {
      const d = dist(n);
      const mean = [...d].reduce((s, [v, p]) => s + v * p, 0);
      expect(mean).toBeCloseTo(n, 9);
      for (const v of d.keys()) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect([1, 2]).not.toContain(v);
        expect(Math.abs(v - n)).toBeLessThanOrEqual(n === 3 ? 3 : 2);
      }
    },
  );

  it('keeps 0 at 0 and perturbs every other count with some probability', () => {
    expect([...dist(0).keys()]).toEqual([0]);
    for (const n of [1, 2, 3, 4, 5, 50]) expect(dist(n).size).toBeGreaterThan(1);
  });
});

describe('cell keys', () => {
  const where = {
    day: '2026-06-01',
    item: 'email',
    purpose: 'newsletter',
    journey: 'newsletter',
    step: 'subscribe',
    channel: 'webchat',
  };
  const rows: CountRow[] = [
    { group: { ...where, locale: 'en' }, type: 'asked', reason: '', n: 7 },
    { group: { ...where, locale: 'de' }, type: 'asked', reason: '', n: 1 },
    { group: { ...where, locale: 'de' }, type: 'why', reason: '', n: 1 },
  ];
  const groupKey = (cells: CellKeys, rs: readonly CountRow[]) =>
    rs.reduce((g, r) => cells.add(g, cells.rowKey(r)), EMPTY_GROUP);

  it('derive their secret from SUBJECT_KEY with HKDF: stable, and not the key itself', () => {
    const subjectKey = Buffer.alloc(32, 7);
    expect(cellKeySecret(subjectKey)).toEqual(cellKeySecret(Buffer.alloc(32, 7)));
    expect(cellKeySecret(subjectKey).equals(subjectKey)).toBe(false);
    expect(cellKeySecret(subjectKey)).toHaveLength(32);
  });

  it('make a group key from the rows whatever their order, changing when a count changes', () => {
    const cells = createCellKeys(Buffer.alloc(32, 1));
    const g = groupKey(cells, rows);
    expect(groupKey(cells, [...rows].reverse())).toEqual(g);
    expect(groupKey(cells, [{ ...rows[0]!, n: 8 }, ...rows.slice(1)])).not.toEqual(g);
    expect(groupKey(createCellKeys(Buffer.alloc(32, 2)), rows)).not.toEqual(g);
  });

  it('tell apart rows whose fields differ only in where a "|" falls', () => {
    const cells = createCellKeys(Buffer.alloc(32, 1));
    const a = { ...rows[0]!, group: { ...where, item: 'a|b', purpose: 'c', locale: 'en' } };
    const b = { ...rows[0]!, group: { ...where, item: 'a', purpose: 'b|c', locale: 'en' } };
    expect(cells.rowKey(a)).not.toEqual(cells.rowKey(b));
  });

  it('publish the same value for the same cell on every call, other values for other measures', () => {
    const cells = createCellKeys(Buffer.alloc(32, 1));
    const g = groupKey(cells, rows);
    const seen = new Set<number>();
    for (let m = 0; m < 40; m++) {
      const v = cells.publish(g, `m${m}`, 100);
      expect(cells.publish(groupKey(cells, rows), `m${m}`, 100)).toBe(v);
      seen.add(v);
    }
    expect(seen.size).toBeGreaterThan(2);
  });
});
