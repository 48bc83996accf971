/** Contract: give-back notices waiting to be retried. */
import { describe, expect, it } from 'vitest';
import type { PendingNotice, Store } from '../../src/storage/index.ts';
import { at, uid } from './fixtures.ts';

const notice = (subject: string, extra: Partial<PendingNotice> = {}): PendingNotice => ({
  id: uid('notice'),
  subject,
  item: 'birthday',
  purposes: ['birthday-offer'],
  kind: 'given-back',
  remaining: 0,
  channel: 'webchat',
  locale: 'en',
  attempts: 1,
  nextAt: at(0),
  ...extra,
});

export function noticesContract(store: () => Store): void {
  describe('give-back notices to retry', () => {
    // Far in the past, so notices of other tests sharing the store are not due at these times.
    const past = (minutes: number) => new Date(Date.UTC(1990, 0, 1) + minutes * 60_000);

    it('finds notices due by their retry time, soonest first, and replaces one by id', async () => {
      const s = uid('subj');
      const later = notice(s, {
        nextAt: past(20),
        item: 'mobile',
        purposes: ['sms', 'callback'],
        remaining: 1,
      });
      const sooner = notice(s, { nextAt: past(10), kind: 'expired' });
      await store().notices.put(later);
      await store().notices.put(sooner);
      await store().notices.put(notice(s, { nextAt: past(60) }));
      expect(await store().notices.due(past(5), 10)).toEqual([]);
      expect(await store().notices.due(past(30), 10)).toEqual([sooner, later]);
      expect(await store().notices.due(past(30), 1)).toEqual([sooner]);
      await store().notices.put({ ...sooner, attempts: 2, nextAt: past(40) });
      expect(await store().notices.due(past(30), 10)).toEqual([later]);
      expect((await store().notices.due(past(40), 10)).map((n) => [n.id, n.attempts])).toEqual([
        [later.id, 1],
        [sooner.id, 2],
      ]);
    });

    it('forgets one notice, and every notice of an erased subject', async () => {
      const a = uid('subj');
      const b = uid('subj');
      const [a1, a2, b1] = [
        notice(a, { nextAt: past(100) }),
        notice(a, { nextAt: past(101) }),
        notice(b, { nextAt: past(102) }),
      ];
      for (const n of [a1, a2, b1]) await store().notices.put(n);
      await store().notices.delete(a1.id);
      const mine = async () =>
        (await store().notices.due(past(200), 1000))
          .filter((n) => n.subject === a || n.subject === b)
          .map((n) => n.id);
      expect(await mine()).toEqual([a2.id, b1.id]);
      await store().notices.deleteSubject(a);
      expect(await mine()).toEqual([b1.id]);
      await store().notices.delete(b1.id);
    });
  });
}
