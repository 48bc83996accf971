import { describe, expect, it } from 'vitest';
import { optinCsv, optinReport, type CountRow } from '../../../src/analytics/index.ts';

const row = (group: CountRow['group'], type: CountRow['type'], n: number, reason = ''): CountRow => ({
  group,
  type,
  reason,
  n,
});

const mobile = { item: 'mobile', purpose: 'delivery-sms' };
const email = { item: 'email', purpose: 'newsletter' };
const rows: CountRow[] = [
  row(mobile, 'asked', 8),
  row(mobile, 'asked-reuse', 2),
  row(mobile, 'granted', 5),
  row(mobile, 'reused', 1),
  row(mobile, 'declined', 3),
  row(mobile, 'why', 4),
  row(mobile, 'abandoned', 1),
  row(mobile, 'suppressed', 2, 'cooldown'),
  row(mobile, 'suppressed', 1, 'budget'),
  row(email, 'asked', 4),
  row(email, 'granted', 4),
];

describe('opt-in report', () => {
  it('computes the rates per ask (asked + asked-reuse) and keeps suppressed counts by reason', () => {
    const r = optinReport(rows, ['item', 'purpose']);
    const m = r.rows.find((x) => x.group.item === 'mobile');
    expect(m).toMatchObject({
      hidden: false,
      asks: 10,
      counts: { granted: 5, reused: 1, declined: 3, why: 4, abandoned: 1, suppressed: 3 },
      suppressedBy: { budget: 1, cooldown: 2 },
      rates: { optInRate: 0.6, declineRate: 0.3, whyRate: 0.4, abandonRate: 0.1 },
    });
  });

  it('hides a group with fewer than 5 asks: "<5" counts, no rates, no reasons', () => {
    const e = optinReport(rows, ['item', 'purpose']).rows.find((x) => x.group.item === 'email');
    expect(e).toMatchObject({ hidden: true, asks: '<5', rates: { optInRate: null }, suppressedBy: {} });
    expect(Object.values(e?.counts ?? {}).every((c) => c === '<5')).toBe(true);
  });

  it('totals every group, sorted rows by the grouped values', () => {
    const r = optinReport(rows, ['item']);
    expect(r.rows.map((x) => x.group.item)).toEqual(['email', 'mobile']);
    expect(r.total).toMatchObject({ asks: 14, counts: { granted: 9 }, rates: { optInRate: 10 / 14 } });
  });
});

describe('opt-in CSV', () => {
  it('has a header, one line per group with "<5" for hidden cells, and a total line', () => {
    const lines = optinCsv(optinReport(rows, ['item', 'purpose']))
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'item,purpose,asks,asked,asked-reuse,granted,reused,declined,deferred,why,invalid,abandoned,never-ask,withdrawn,given-back,expired,erased,suppressed,suppressed: budget,suppressed: cooldown,opt-in rate,decline rate,why rate,abandonment rate',
    );
    expect(lines[1]).toBe(`email,newsletter,${Array(22).fill('<5').join(',')}`);
    expect(lines[2]).toBe(
      'mobile,delivery-sms,10,8,2,5,1,3,0,4,0,1,0,0,0,0,0,3,1,2,0.6000,0.3000,0.4000,0.1000',
    );
    expect(lines[3]?.startsWith('total,,14,')).toBe(true);
    expect(lines).toHaveLength(4);
  });

  it('defuses cells a spreadsheet would run as formulas and quotes commas', () => {
    const evil = [row({ channel: '=HYPERLINK("x")' }, 'asked', 5), row({ channel: 'a,b' }, 'asked', 5)];
    const csv = optinCsv(optinReport(evil, ['channel']));
    expect(csv).toContain(`"'=HYPERLINK(""x"")",5`);
    expect(csv).toContain('"a,b",5');
  });
});
