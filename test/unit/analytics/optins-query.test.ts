import { describe, expect, it } from 'vitest';
import { optinsParams } from '../../../src/analytics/index.ts';

const now = new Date('2026-06-30T15:00:00Z');
const parse = (q: Record<string, unknown>) => optinsParams(now).safeParse(q);

describe('opt-in report query', () => {
  it('defaults to the 30 days up to today, grouped by item and purpose, unfiltered', () => {
    expect(parse({}).data).toEqual({
      from: '2026-06-01',
      to: '2026-06-30',
      groupBy: ['item', 'purpose'],
      filters: {},
    });
  });

  it('reads comma-separated groups and filters', () => {
    const q = parse({
      from: '2026-05-01',
      to: '2026-05-31',
      groupBy: 'day,locale',
      locale: 'en, nl',
      journey: 'newsletter',
    });
    expect(q.data).toEqual({
      from: '2026-05-01',
      to: '2026-05-31',
      groupBy: ['day', 'locale'],
      filters: { locale: ['en', 'nl'], journey: ['newsletter'] },
    });
    expect(parse({ groupBy: '' }).data?.groupBy).toEqual([]);
  });

  it.each([
    [{ from: '2026-02-30' }, 'from'],
    [{ from: '2026-06-10', to: '2026-06-01' }, 'to'],
    [{ groupBy: 'item,subject' }, 'groupBy.1'],
    [{ locale: ',' }, 'locale'],
    [{ subject: 'x' }, ''],
    [{ from: '2000-01-01', to: '2026-01-01' }, 'from'],
  ])('refuses %j (issue at "%s")', (query, path) => {
    const r = parse(query);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
