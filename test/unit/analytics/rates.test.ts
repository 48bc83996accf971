import { describe, expect, it } from 'vitest';
import { COUNTED, optinCsv, type OptinRow } from '../../../src/analytics/index.ts';
import { cellsFor, counter, reportOf, type Where } from './counter-table.ts';

const at = (item: string, purpose: string, day = '2026-06-01'): Where => ({
  day,
  item,
  purpose,
  journey: 'order-delivery',
  step: 'confirm',
  locale: 'en',
  channel: 'webchat',
});
const mobile = at('mobile', 'delivery-sms');
const email = at('email', 'newsletter');
const counters = [
  counter(mobile, 'asked', 30),
  counter(at('mobile', 'delivery-sms', '2026-06-02'), 'asked', 10),
  counter(mobile, 'asked-reuse', 8),
  counter(mobile, 'granted', 20),
  counter(mobile, 'reused', 6),
  counter(mobile, 'declined', 12),
  counter(mobile, 'why', 9),
  counter(mobile, 'abandoned', 7),
  counter(mobile, 'suppressed', 6, 'cooldown'),
  counter(mobile, 'suppressed', 8, 'budget'),
  counter(email, 'asked', 1),
  counter(email, 'granted', 1),
];
const cells = cellsFor(1);
const report = (groupBy: Parameters<typeof reportOf>[1]['groupBy'] = ['item', 'purpose']) =>
  reportOf(counters, { groupBy }, cells);
const numbers = (r: OptinRow) => {
  if (r.hidden) throw new Error('hidden');
  return r as OptinRow & { asks: number; counts: Record<(typeof COUNTED)[number], number> };
};

describe('opt-in report (published through cell keys)', () => {
  it('publishes every count within ±2 of the truth, and rates from the published counts', () => {
    const m = numbers(report().rows.find((x) => x.group.item === 'mobile') as OptinRow);
    const truth = { asks: 48, granted: 20, reused: 6, declined: 12, why: 9, abandoned: 7, suppressed: 14 };
    for (const [k, v] of Object.entries(truth)) {
      const shown = k === 'asks' ? m.asks : m.counts[k as keyof typeof m.counts];
      expect(Math.abs(shown - v), k).toBeLessThanOrEqual(2);
    }
    expect(m.rates).toEqual({
      optInRate: (m.counts.granted + m.counts.reused) / m.asks,
      declineRate: m.counts.declined / m.asks,
      whyRate: m.counts.why / m.asks,
      abandonRate: m.counts.abandoned / m.asks,
    });
    expect(Object.keys(m.suppressedBy)).toEqual(['budget', 'cooldown']);
    expect(Math.abs((m.suppressedBy.cooldown as number) - 6)).toBeLessThanOrEqual(2);
  });

  it('hides a group with fewer than 5 published asks: "<5" counts, no rates, no reasons', () => {
    const e = report().rows.find((x) => x.group.item === 'email');
    expect(e).toMatchObject({ hidden: true, asks: '<5', rates: { optInRate: null }, suppressedBy: {} });
    expect(Object.values(e?.counts ?? {}).every((c) => c === '<5')).toBe(true);
  });

  it('publishes the total as a cell of its own, rows sorted by the grouped values', () => {
    const r = report(['item']);
    expect(r.rows.map((x) => x.group.item)).toEqual(['email', 'mobile']);
    const total = numbers(r.total);
    expect(Math.abs(total.asks - 49)).toBeLessThanOrEqual(2);
    expect(total.rates.optInRate).toBe((total.counts.granted + total.counts.reused) / total.asks);
  });

  it('gives the same figures for the same cell however it is reached, and on every repeat', () => {
    const byItem = report(['item']);
    expect(report(['item'])).toEqual(byItem);
    const mobileOnly = reportOf(counters, { groupBy: [], filters: { item: ['mobile'] } }, cells);
    const row = byItem.rows.find((x) => x.group.item === 'mobile');
    expect({ ...mobileOnly.total, group: row?.group }).toEqual(row);
    const wider = reportOf(counters, { groupBy: ['item'], from: '2020-01-01', to: '2030-12-31' }, cells);
    expect(wider).toEqual(byItem);
  });

  it('publishes two counts of the same rows as one cell: nothing to average', () => {
    const same = [
      counter(mobile, 'asked', 9),
      counter(at('mobile', 'delivery-sms', '2026-06-02'), 'asked', 4),
      counter(mobile, 'suppressed', 7, 'cooldown'),
    ];
    for (let i = 0; i < 50; i++) {
      const t = numbers(reportOf(same, {}, cellsFor(i)).total);
      expect(t.asks).toBe(t.counts.asked);
      expect(t.counts.suppressed).toBe(t.suppressedBy.cooldown);
    }
  });

  it('never publishes a rate above 1, even when noise lifts the grants over the asks', () => {
    for (let i = 0; i < 200; i++) {
      const all = [counter(mobile, 'asked', 6), counter(mobile, 'granted', 6)];
      const t = reportOf(all, {}, cellsFor(i)).total;
      if (!t.hidden) expect(t.rates.optInRate).toBeLessThanOrEqual(1);
    }
  });
});

describe('opt-in CSV', () => {
  it('has a header, one line per group with "<5" for hidden cells, and a total line', () => {
    const r = report();
    const lines = optinCsv(r).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'item,purpose,asks,asked,asked-reuse,granted,reused,declined,deferred,why,invalid,abandoned,never-ask,withdrawn,given-back,expired,erased,suppressed,suppressed: budget,suppressed: cooldown,opt-in rate,decline rate,why rate,abandonment rate',
    );
    expect(lines[1]).toBe(`email,newsletter,${Array(22).fill('<5').join(',')}`);
    const m = numbers(r.rows.find((x) => x.group.item === 'mobile') as OptinRow);
    expect(lines[2]).toBe(
      [
        'mobile,delivery-sms',
        m.asks,
        ...COUNTED.map((c) => m.counts[c]),
        m.suppressedBy.budget,
        m.suppressedBy.cooldown,
        ...Object.values(m.rates).map((x) => x?.toFixed(4)),
      ].join(','),
    );
    expect(lines[3]?.startsWith(`total,,${r.total.asks},`)).toBe(true);
    expect(lines).toHaveLength(4);
  });

  it('defuses cells a spreadsheet would run as formulas and quotes commas', () => {
    const evil = [
      counter({ ...mobile, channel: '=HYPERLINK("x")' }, 'asked', 50),
      counter({ ...mobile, channel: 'a,b' }, 'asked', 50),
    ];
    const csv = optinCsv(reportOf(evil, { groupBy: ['channel'] }, cells));
    expect(csv).toMatch(/"'=HYPERLINK\(""x""\)",\d+/);
    expect(csv).toMatch(/"a,b",\d+/);
  });
});
