import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { counterReads, type CountQuery } from '../../../src/analytics/index.ts';
import { manualClock } from '../../../src/shared/clock.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'justask-reads-'));
  dirs.push(dir);
  const store = openSqliteStore(join(dir, 'justask.db'));
  const where = {
    item: 'email',
    purpose: 'newsletter',
    journey: 'n',
    step: 's',
    locale: 'en',
    channel: 'webchat',
  };
  await store.analytics.add([{ key: { ...where, day: '2026-06-01', type: 'asked', reason: '' }, n: 7 }]);
  const queries: CountQuery[] = [];
  let fail = false;
  const counting = {
    query: (q: CountQuery) => {
      queries.push(q);
      return fail ? Promise.reject(new Error('store down')) : store.analytics.query(q);
    },
  };
  const clock = manualClock(new Date('2026-06-02T10:00:00Z'));
  return {
    store,
    queries,
    clock,
    reads: counterReads(counting, clock),
    failNext: (f: boolean) => (fail = f),
  };
}
const range = { from: '2026-06-01', to: '2026-06-30', filters: {} };

describe('counter reads for the report', () => {
  it('read every counter row (grouped by every dimension) and share a reading for 5 s', async () => {
    const t = await setup();
    const rows = await t.reads(range);
    expect(rows.map((r) => [r.type, r.n, r.group.day, r.group.locale])).toEqual([
      ['asked', 7, '2026-06-01', 'en'],
    ]);
    expect(t.queries[0]?.groupBy).toEqual(['day', 'item', 'purpose', 'journey', 'step', 'locale', 'channel']);
    t.clock.set(new Date('2026-06-02T10:00:04Z'));
    expect(await t.reads(range)).toBe(rows);
    expect(t.queries).toHaveLength(1);
    await t.reads({ ...range, filters: { locale: ['en'] } });
    expect(t.queries).toHaveLength(2);
    t.clock.set(new Date('2026-06-02T10:00:06Z'));
    await t.reads(range);
    expect(t.queries).toHaveLength(3);
    await t.store.close();
  });

  it('does not keep a failed reading', async () => {
    const t = await setup();
    t.failNext(true);
    await expect(t.reads(range)).rejects.toThrow('store down');
    t.failNext(false);
    expect(await t.reads(range)).toHaveLength(1);
    expect(t.queries).toHaveLength(2);
    await t.store.close();
  });
});
