import { describe, expect, it } from 'vitest';
import { compactCounts } from '../../../src/analytics/index.ts';
import { manualClock } from '../../../src/shared/clock.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';

describe('day-summary job', () => {
  it('folds the days before today, on one instance at a time', async () => {
    const store = openSqliteStore(':memory:');
    const clock = manualClock(new Date('2026-06-10T08:00:00Z'));
    const calls: [string, Date][] = [];
    const analytics = {
      compact: (before: string, now: Date) => (calls.push([before, now]), Promise.resolve(3)),
    };
    expect(await compactCounts({ analytics, leases: store.leases, clock, holder: 'a' })).toBe(3);
    expect(calls).toEqual([['2026-06-10', clock.now()]]);
    await store.leases.acquire('ask-counts-compaction', 'b', clock.now(), new Date('2026-06-10T09:00:00Z'));
    expect(await compactCounts({ analytics, leases: store.leases, clock, holder: 'a' })).toBe(0);
    expect(calls).toHaveLength(1);
    await store.close();
  });
});
