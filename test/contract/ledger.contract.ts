/** Contract: the append-only, idempotent consent ledger. */
import { describe, expect, it } from 'vitest';
import { unlinked, type Store } from '../../src/storage/index.ts';
import { at, ledgerRecord, uid } from './fixtures.ts';

export function ledgerContract(store: () => Store): void {
  describe('consent ledger', () => {
    it('reads a subject’s records back oldest first, appended at the same instant in append order', async () => {
      const [s, other] = [uid('subj'), uid('subj')];
      const records = [
        ledgerRecord(s, at(0), { event: 'asked', journey: 'order-delivery', step: 'sms', textHash: 'h1' }),
        ledgerRecord(s, at(1), { event: 'granted', basis: 'contract', activityId: 'act-1' }),
        ledgerRecord(s, at(1), { event: 'granted', source: 'channel' }),
        ledgerRecord(s, at(1), { event: 'reused' }),
        ledgerRecord(s, at(2), { event: 'given-back' }),
      ];
      for (const r of records) expect(await store().ledger.append(r)).toBe('appended');
      await store().ledger.append(ledgerRecord(other, at(0)));
      expect((await store().ledger.forSubject(s)).map(unlinked)).toStrictEqual(records);
    });

    it('does not add a record whose idempotency key was seen before', async () => {
      const s = uid('subj');
      const first = ledgerRecord(s, at(0));
      expect(await store().ledger.append(first)).toBe('appended');
      const redelivered = { ...ledgerRecord(s, at(3)), idem: first.idem };
      expect(await store().ledger.append(redelivered)).toBe('duplicate');
      expect((await store().ledger.forSubject(s)).map(unlinked)).toStrictEqual([first]);
    });

    it('has no records for an unknown subject', async () => {
      expect(await store().ledger.forSubject(uid('nobody'))).toEqual([]);
    });
  });
}
