/** Contract: the consent ledger's per-subject hash chain, its heads, and erasure's suppressions. */
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/consent/index.ts';
import { emptyAskSummary, GENESIS, recordHash, type Store, type TurnBatch } from '../../src/storage/index.ts';
import { at, ledgerRecord, uid } from './fixtures.ts';

const batch = (subject: string, ledger: TurnBatch['ledger']): TurnBatch => ({
  subject,
  items: [],
  ledger,
  counts: [],
});

export function ledgerChainContract(store: () => Store): void {
  describe('consent ledger hash chain', () => {
    it('links each record to the subject’s previous one, through appends and turn batches alike', async () => {
      const [s, other] = [uid('subj'), uid('subj')];
      await store().ledger.append(ledgerRecord(s, at(0), { event: 'asked' }));
      await store().ledger.append(ledgerRecord(other, at(0)));
      await store().turns.apply(
        batch(s, [ledgerRecord(s, at(1)), ledgerRecord(s, at(1), { event: 'reused' })]),
      );
      const records = await store().ledger.forSubject(s);
      expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(records[0]?.prev).toBe(GENESIS);
      expect(records[1]?.prev).toBe(records[0]?.hash);
      expect(records[2]?.prev).toBe(records[1]?.hash);
      for (const r of records) expect(r.hash).toBe(recordHash(r));
      expect(await store().ledger.chainHead(s)).toEqual({ seq: 3, hash: records[2]?.hash });
      expect(verifyChain(s, records, await store().ledger.chainHead(s)).breaks).toEqual([]);
      expect((await store().ledger.forSubject(other)).map((r) => r.seq)).toEqual([1]);
    });

    it('links after a head that moved since the turn read its facts (another instance appended)', async () => {
      const s = uid('subj');
      await store().turns.apply({ ...batch(s, [ledgerRecord(s, at(0))]), summaryBase: emptyAskSummary() });
      await store().turns.facts(s);
      await store().ledger.append(ledgerRecord(s, at(1), { event: 'reused' }));
      await store().turns.apply(batch(s, [ledgerRecord(s, at(2), { event: 'withdrawn' })]));
      const records = await store().ledger.forSubject(s);
      expect(records.map((r) => [r.seq, r.event])).toEqual([
        [1, 'granted'],
        [2, 'reused'],
        [3, 'withdrawn'],
      ]);
      expect(verifyChain(s, records, await store().ledger.chainHead(s)).breaks).toEqual([]);
    });

    it('does not move the chain for a redelivered record', async () => {
      const s = uid('subj');
      const first = ledgerRecord(s, at(0));
      await store().ledger.append(first);
      await store().turns.apply(batch(s, [{ ...first, id: uid('rec') }, ledgerRecord(s, at(1))]));
      const records = await store().ledger.forSubject(s);
      expect(records.map((r) => r.seq)).toEqual([1, 2]);
      expect(verifyChain(s, records).breaks).toEqual([]);
    });

    it('serialises concurrent appends of one subject into one unbroken chain', async () => {
      const s = uid('subj');
      await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => store().ledger.append(ledgerRecord(s, at(i)))),
        ...Array.from({ length: 4 }, (_, i) =>
          store().turns.apply(
            batch(s, [ledgerRecord(s, at(i)), ledgerRecord(s, at(i), { event: 'reused' })]),
          ),
        ),
      ]);
      const records = await store().ledger.forSubject(s);
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(verifyChain(s, records, await store().ledger.chainHead(s)).breaks).toEqual([]);
    });

    it('lists every chain’s subject, in order, a page at a time', async () => {
      const s = uid('subj');
      await store().ledger.append(ledgerRecord(s, at(0)));
      const all: string[] = [];
      for (let after: string | undefined; ;) {
        const page = await store().ledger.chainSubjects(after, 50);
        all.push(...page);
        if (page.length < 50) break;
        after = page.at(-1);
      }
      expect(all).toContain(s);
      expect([...all].sort()).toEqual(all);
    });

    it('remembers an objection (a withdrawal on legitimate interests) until a new grant', async () => {
      const s = uid('subj');
      const need = { item: 'email', purpose: 'delivery-email' };
      await store().turns.apply({
        ...batch(s, [
          ledgerRecord(s, at(0), { ...need, event: 'withdrawn', basis: 'legitimate_interests' }),
          ledgerRecord(s, at(0), { event: 'withdrawn', basis: 'consent' }),
        ]),
        summaryBase: emptyAskSummary(),
      });
      expect((await store().turns.facts(s)).summary?.objections).toEqual(['email:delivery-email']);
      await store().ledger.append(ledgerRecord(s, at(1), { ...need, event: 'granted' }));
      expect((await store().turns.facts(s)).summary?.objections).toEqual([]);
    });

    it('erases a subject’s history whole and keeps only its suppression', async () => {
      const s = uid('subj');
      const key = uid('x');
      await store().turns.apply({
        ...batch(s, [
          ledgerRecord(s, at(0), { event: 'never-ask', item: 'birthday', purpose: '*' }),
          ledgerRecord(s, at(1), { event: 'declined' }),
        ]),
      });
      const suppression = {
        key,
        neverAsk: ['birthday'],
        objections: [],
        erasedAt: at(2),
        erasedChain: { records: 2, head: 'h' },
      };
      expect(await store().suppressions.eraseHistory(s, suppression)).toBe(2);
      expect(await store().ledger.forSubject(s)).toEqual([]);
      expect(await store().ledger.chainHead(s)).toBeUndefined();
      const facts = await store().turns.facts(s);
      expect(facts.summary?.refusals ?? {}).toEqual({});
      expect(facts.summary?.neverAsk ?? []).toEqual([]);
      expect(await store().suppressions.get(key)).toEqual(suppression);
      expect(await store().suppressions.get(uid('x'))).toBeUndefined();
      expect((await store().suppressions.scan(undefined, 10_000)).map((x) => x.key)).toContain(key);
      // A returning subject starts a new chain.
      await store().ledger.append(ledgerRecord(s, at(3)));
      const again = await store().ledger.forSubject(s);
      expect(again.map((r) => [r.seq, r.prev])).toEqual([[1, GENESIS]]);
    });
  });
}
