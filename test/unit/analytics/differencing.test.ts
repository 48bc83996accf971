/**
 * The subtraction attack of issue 16, replayed on the published report: 7 English and 1 German
 * newsletter asks; the German row is "<5", and total − English, filtered − unfiltered, days 1..5 −
 * days 1..4 or one grouping − another would give that one customer's answers (1 ask, 0 grants,
 * 1 decline, 1 why). Over many server secrets the attacker must not get them back, except as
 * often as a guess would; the figures themselves must not move between repeats.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_GROUP, type CellKeys, type OptinReport, type OptinRow } from '../../../src/analytics/index.ts';
import { cellsFor, counter, reportOf, type Counter, type ReportQuery } from './counter-table.ts';

const day = (d: number) => `2026-06-0${d}`;
const newsletter = (d: number, locale: string) => ({
  day: day(d),
  item: 'email',
  purpose: 'newsletter',
  journey: 'newsletter',
  step: 'subscribe',
  locale,
  channel: 'webchat',
});
const delivery = (d: number) => ({ ...newsletter(d, 'en'), item: 'mobile', purpose: 'delivery-sms' });

/** 7 English newsletter asks on days 1–4, 20 English delivery asks, 1 German ask on day 5. */
const COUNTERS: Counter[] = [
  counter(newsletter(1, 'en'), 'asked', 2),
  counter(newsletter(1, 'en'), 'granted', 2),
  counter(newsletter(1, 'en'), 'why', 1),
  counter(newsletter(2, 'en'), 'asked', 2),
  counter(newsletter(2, 'en'), 'granted', 1),
  counter(newsletter(2, 'en'), 'declined', 1),
  counter(newsletter(2, 'en'), 'why', 1),
  counter(newsletter(3, 'en'), 'asked', 2),
  counter(newsletter(3, 'en'), 'granted', 1),
  counter(newsletter(3, 'en'), 'declined', 1),
  counter(newsletter(4, 'en'), 'asked', 1),
  counter(newsletter(4, 'en'), 'abandoned', 1),
  counter(newsletter(4, 'en'), 'why', 1),
  counter(delivery(1), 'asked', 12),
  counter(delivery(1), 'granted', 8),
  counter(delivery(5), 'asked', 8),
  counter(delivery(5), 'declined', 8),
  counter(newsletter(5, 'de'), 'asked', 1),
  counter(newsletter(5, 'de'), 'declined', 1),
  counter(newsletter(5, 'de'), 'why', 1),
];
const GERMAN = { asks: 1, granted: 0, declined: 1, why: 1 };
type Answers = typeof GERMAN;

const figures = (r: OptinRow | undefined): Answers | undefined =>
  r && !r.hidden
    ? {
        asks: r.asks as number,
        granted: r.counts.granted as number,
        declined: r.counts.declined as number,
        why: r.counts.why as number,
      }
    : undefined;
const minus = (a: OptinRow | undefined, b: OptinRow | undefined): Answers | undefined => {
  const [x, y] = [figures(a), figures(b)];
  return x && y
    ? {
        asks: x.asks - y.asks,
        granted: x.granted - y.granted,
        declined: x.declined - y.declined,
        why: x.why - y.why,
      }
    : undefined;
};
const row = (r: OptinReport, group: Record<string, string>) =>
  r.rows.find((x) => Object.entries(group).every(([k, v]) => x.group[k as keyof typeof x.group] === v));
const email = { filters: { item: ['email'] } } satisfies ReportQuery;

/** Each way to single the German customer out: the answers it claims to recover. */
const ATTACKS: Record<string, (q: (query: ReportQuery) => OptinReport) => Answers | undefined> = {
  'row vs total (groupBy=locale)': (q) => {
    const r = q({ ...email, groupBy: ['locale'] });
    return minus(r.total, row(r, { locale: 'en' }));
  },
  'filter vs none (locale=en)': (q) =>
    minus(q(email).total, q({ filters: { item: ['email'], locale: ['en'] } }).total),
  'date ranges (days 1..5 − days 1..4)': (q) =>
    minus(q({ ...email, from: day(1), to: day(5) }).total, q({ ...email, from: day(1), to: day(4) }).total),
  'groupBy choices (item − item,locale)': (q) =>
    minus(
      row(q({ groupBy: ['item'] }), { item: 'email' }),
      row(q({ groupBy: ['item', 'locale'] }), { item: 'email', locale: 'en' }),
    ),
  'whole table (no filter) vs locale=en': (q) =>
    minus(
      row(q({ groupBy: ['item'] }), { item: 'email' }),
      row(q({ groupBy: ['item'], filters: { locale: ['en'] } }), { item: 'email' }),
    ),
};

/** The figures before this change: true counts, hidden below 5 asks. */
const UNPROTECTED: CellKeys = { rowKey: () => EMPTY_GROUP, add: (g) => g, publish: (_g, _m, n) => n };
const SECRETS = 400;

describe('the subtraction attack on the opt-in report', () => {
  it.each(Object.keys(ATTACKS))('worked on the unprotected figures: %s', (name) => {
    expect(ATTACKS[name]!((query) => reportOf(COUNTERS, query, UNPROTECTED))).toEqual(GERMAN);
  });

  it.each(Object.keys(ATTACKS))('recovers the German answers no better than a guess: %s', (name) => {
    let whole = 0;
    const hits = { asks: 0, granted: 0, declined: 0, why: 0 };
    const asks = new Set<number>();
    for (let i = 0; i < SECRETS; i++) {
      const cells = cellsFor(i);
      const got = ATTACKS[name]!((query) => reportOf(COUNTERS, query, cells));
      expect(got).toBeDefined();
      if (!got) continue;
      asks.add(got.asks);
      if (got.asks === 1 && got.granted === 0 && got.declined === 1 && got.why === 1) whole++;
      for (const k of Object.keys(hits) as (keyof Answers)[]) if (got[k] === GERMAN[k]) hits[k]++;
    }
    expect(whole / SECRETS).toBeLessThan(0.02);
    for (const k of Object.keys(hits) as (keyof Answers)[]) expect(hits[k] / SECRETS, k).toBeLessThan(0.4);
    expect(asks.size).toBeGreaterThanOrEqual(5);
  });

  it('always shows the German row as "<5"', () => {
    for (let i = 0; i < SECRETS; i++) {
      const r = reportOf(COUNTERS, { ...email, groupBy: ['locale'] }, cellsFor(i));
      expect(row(r, { locale: 'de' })?.hidden).toBe(true);
    }
  });

  it('gives the same figures on every repeat and by every route to the same rows, so nothing averages out', () => {
    const cells = cellsFor(7);
    const q = (query: ReportQuery) => reportOf(COUNTERS, query, cells);
    for (const name of Object.keys(ATTACKS)) {
      const first = ATTACKS[name]!(q);
      for (let i = 0; i < 5; i++) expect(ATTACKS[name]!(q)).toEqual(first);
    }
    const total = q(email).total;
    expect(q({ filters: { item: ['email'], locale: ['en', 'de'] } }).total).toEqual(total);
    expect(q({ ...email, from: '2026-01-01', to: '2026-12-31' }).total).toEqual(total);
    expect(q({ ...email, groupBy: ['locale', 'channel'] }).total).toEqual(total);
  });

  it('does not reveal one more event between two readings of a growing counter', () => {
    const grown = COUNTERS.map((c, i) => (i === 0 ? { ...c, n: c.n + 1 } : c));
    let exact = 0;
    for (let i = 0; i < SECRETS; i++) {
      const cells = cellsFor(i);
      const before = reportOf(COUNTERS, email, cells).total.asks as number;
      const after = reportOf(grown, email, cells).total.asks as number;
      if (after - before === 1) exact++;
    }
    expect(exact / SECRETS).toBeLessThan(0.4);
  });

  it('never shows a count of 1 or 2 in a visible row', () => {
    for (let i = 0; i < 100; i++) {
      const r = reportOf(COUNTERS, { groupBy: ['item', 'locale', 'day'] }, cellsFor(i));
      for (const x of [...r.rows, r.total].filter((y) => !y.hidden))
        for (const v of [x.asks, ...Object.values(x.counts), ...Object.values(x.suppressedBy)])
          expect([1, 2]).not.toContain(v);
    }
  });
});
