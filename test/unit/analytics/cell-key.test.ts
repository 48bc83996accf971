import { describe, expect, it } from 'vitest';
import {
  cellKeySecret,
  createCellKeys,
  perturb,
  PTABLE,
  PTABLE_WEIGHT,
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
    reason: '',
  };
  const rows = [
    { key: { ...where, locale: 'en', type: 'asked' as const }, n: 7 },
    { key: { ...where, locale: 'de', type: 'asked' as const }, n: 1 },
    { key: { ...where, locale: 'de', type: 'why' as const }, n: 1 },
  ];

  it('derive their secret from SUBJECT_KEY with HKDF: stable, and not the key itself', () => {
    const subjectKey = Buffer.alloc(32, 7);
    expect(cellKeySecret(subjectKey)).toEqual(cellKeySecret(Buffer.alloc(32, 7)));
    expect(cellKeySecret(subjectKey).equals(subjectKey)).toBe(false);
    expect(cellKeySecret(subjectKey)).toHaveLength(32);
  });

  it('make a group key from the rows whatever their order, changing when a count changes', () => {
    const cells = createCellKeys(Buffer.alloc(32, 1));
    const g = cells.groupKey(rows);
    expect(cells.groupKey([...rows].reverse())).toEqual(g);
    expect(cells.groupKey([{ ...rows[0]!, n: 8 }, ...rows.slice(1)])).not.toEqual(g);
    expect(createCellKeys(Buffer.alloc(32, 2)).groupKey(rows)).not.toEqual(g);
  });

  it('publish the same value for the same cell on every call, other values for other measures', () => {
    const cells = createCellKeys(Buffer.alloc(32, 1));
    const g = cells.groupKey(rows);
    const seen = new Set<number>();
    for (let m = 0; m < 40; m++) {
      const v = cells.publish(g, `m${m}`, 100);
      expect(cells.publish(cells.groupKey(rows), `m${m}`, 100)).toBe(v);
      seen.add(v);
    }
    expect(seen.size).toBeGreaterThan(2);
  });
});
