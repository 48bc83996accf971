/**
 * Contract: a turn's one read (held items + ask-history summary) and one write (item changes,
 * ledger records folded into the summary, counts, pending ask, reference) on every adapter.
 */
import { describe, expect, it } from 'vitest';
import {
  ETagConflictError,
  StateNotSavedError,
  emptyAskSummary,
  unlinked,
  type AskSummary,
  type Store,
  type TurnBatch,
} from '../../src/storage/index.ts';
import { at, byPurpose, grant, heldItem, ledgerRecord, t0, uid } from './fixtures.ts';

const batch = (subject: string, extra: Partial<TurnBatch> = {}): TurnBatch => ({
  subject,
  items: [],
  ledger: [],
  counts: [],
  ...extra,
});

/** The summary as a turn sees it: none stored yet reads as empty. */
const summaryOf = async (store: Store, subject: string): Promise<AskSummary> =>
  (await store.turns.facts(subject)).summary ?? emptyAskSummary();

export function turnsContract(store: () => Store): void {
  describe('turn facts and batches', () => {
    it('applies a turn’s item, ledger, count, pending ask and reference together', async () => {
      const s = uid('subj');
      const journey = uid('journey');
      const key = uid('pending');
      const r = ledgerRecord(s, at(0), { event: 'granted' });
      const applied = await store().turns.apply(
        batch(s, {
          items: [{ kind: 'put', item: heldItem(s), grant: grant('delivery-sms') }],
          ledger: [r],
          counts: [
            {
              type: 'granted',
              item: 'mobile',
              purpose: 'delivery-sms',
              journey,
              step: 'sms',
              locale: 'en',
              channel: 'webchat',
              // A day no other contract test summarises (MongoDB reads summarised days from their summary).
              at: new Date('2031-03-03T10:00:00Z'),
            },
          ],
          pendingAsk: {
            set: {
              key,
              item: 'mobile',
              purpose: 'delivery-sms',
              journey,
              step: 'sms',
              locale: 'en',
              channel: 'webchat',
              since: at(-100),
            },
          },
          ref: { doc: { sealed: 'x' }, at: t0 },
        }),
      );
      expect(applied).toEqual({ appended: 1 });
      const facts = await store().turns.facts(s);
      expect(facts.held.map((h) => [h.item, h.grants.map((g) => g.purpose)])).toEqual([
        ['mobile', ['delivery-sms']],
      ]);
      expect((await store().ledger.forSubject(s)).map(unlinked)).toStrictEqual([r]);
      expect(await store().refs.get(s)).toEqual({ sealed: 'x' });
      expect((await store().pendingAsks.quiet(at(0), 10_000)).map((p) => p.key)).toContain(key);
      const rows = await store().analytics.query({
        from: '2031-03-03',
        to: '2031-03-03',
        groupBy: ['journey'],
        filters: { journey: [journey] },
      });
      expect(rows.map((x) => [x.type, x.n])).toEqual([['granted', 1]]);
      await store().turns.apply(batch(s, { pendingAsk: { clear: key }, counts: [] }));
      expect((await store().pendingAsks.quiet(at(0), 10_000)).map((p) => p.key)).not.toContain(key);
    });

    it('grants, touches, removes grants and deletes items in order', async () => {
      const s = uid('subj');
      await store().turns.apply(
        batch(s, {
          items: [
            { kind: 'put', item: heldItem(s), grant: grant('delivery-sms') },
            { kind: 'grant', item: 'mobile', grant: grant('callback') },
            { kind: 'touch', item: 'mobile', purpose: 'callback', at: at(5) },
            { kind: 'put', item: heldItem(s, 'email'), grant: grant('newsletter') },
            { kind: 'remove-grant', item: 'mobile', purpose: 'delivery-sms' },
            { kind: 'grant', item: 'absent', grant: grant('callback') },
          ],
        }),
      );
      const held = (await store().turns.facts(s)).held;
      expect(held.map((h) => h.item)).toEqual(['email', 'mobile']);
      expect(byPurpose(held[1]?.grants ?? [])).toEqual([grant('callback', { lastUsedAt: at(5) })]);
      await store().turns.apply(batch(s, { items: [{ kind: 'delete', item: 'email' }] }));
      expect((await store().turns.facts(s)).held.map((h) => h.item)).toEqual(['mobile']);
    });

    it('keeps the ask-history summary from the records appended, without scanning the ledger', async () => {
      const s = uid('subj');
      expect(await summaryOf(store(), s)).toEqual(emptyAskSummary());
      const askedEmail = ledgerRecord(s, at(0), {
        event: 'asked',
        required: false,
        purpose: 'newsletter',
        item: 'email',
        textHash: 'h-email',
      });
      const askedMobile = ledgerRecord(s, at(4), { event: 'asked', required: true });
      await store().turns.apply(
        batch(s, {
          summaryBase: emptyAskSummary(),
          ledger: [
            askedEmail,
            ledgerRecord(s, at(1), { event: 'declined', purpose: 'newsletter', item: 'email' }),
            ledgerRecord(s, at(2), { event: 'deferred' }),
            ledgerRecord(s, at(3), { event: 'never-ask', item: 'birthday', purpose: '*' }),
            askedMobile,
          ],
        }),
      );
      expect(await summaryOf(store(), s)).toEqual({
        refusals: {
          'email:newsletter': { event: 'declined', at: at(1) },
          'mobile:delivery-sms': { event: 'deferred', at: at(2) },
        },
        neverAsk: ['birthday'],
        optionalAsks: [at(0)],
        objections: [],
        // The latest ask per need, which the grant answering it will name.
        asked: {
          'email:newsletter': { id: askedEmail.id, textHash: 'h-email' },
          'mobile:delivery-sms': { id: askedMobile.id },
        },
      });
      const granted = ledgerRecord(s, at(5), { event: 'granted' });
      await store().turns.apply(
        batch(s, {
          ledger: [
            granted,
            ledgerRecord(s, at(6), { event: 'never-ask-cleared', item: 'birthday', purpose: '*' }),
          ],
        }),
      );
      // A redelivered record (same idempotency key) is neither appended nor folded twice.
      expect(await store().turns.apply(batch(s, { ledger: [{ ...granted, id: uid('rec') }] }))).toEqual({
        appended: 0,
      });
      const askedAgain = ledgerRecord(s, at(7), { event: 'asked', required: false });
      await store().ledger.append(askedAgain);
      expect(await summaryOf(store(), s)).toEqual({
        refusals: { 'email:newsletter': { event: 'declined', at: at(1) } },
        neverAsk: [],
        optionalAsks: [at(0), at(7)],
        objections: [],
        asked: {
          'email:newsletter': { id: askedEmail.id, textHash: 'h-email' },
          'mobile:delivery-sms': { id: askedAgain.id },
        },
      });
    });

    it('stores a summary folded from an older ledger once, with the batch’s records', async () => {
      const s = uid('subj');
      await store().ledger.append(
        ledgerRecord(s, at(0), { event: 'never-ask', item: 'email', purpose: '*' }),
      );
      const facts = await store().turns.facts(s);
      // An adapter either folds the ledger itself or leaves it to the caller (no summary).
      const base = facts.summary ?? { ...emptyAskSummary(), neverAsk: ['email'] };
      expect(base.neverAsk).toEqual(['email']);
      await store().turns.apply(
        batch(s, { summaryBase: base, ledger: [ledgerRecord(s, at(1), { event: 'declined' })] }),
      );
      expect(await summaryOf(store(), s)).toEqual({
        refusals: { 'mobile:delivery-sms': { event: 'declined', at: at(1) } },
        neverAsk: ['email'],
        optionalAsks: [],
        objections: [],
        asked: {},
      });
    });

    it('writes the bot state last with its eTag check; a stale eTag fails the turn', async () => {
      const s = uid('subj');
      const key = uid('state');
      const meta = { subject: s, at: t0 };
      const first = await store().turns.apply(batch(s, { state: { key, doc: { n: 1 }, meta } }));
      expect(first.eTag).toEqual(expect.any(String));
      const second = await store().turns.apply(
        batch(s, { state: { key, doc: { n: 2 }, expected: first.eTag ?? '', meta } }),
      );
      expect((await store().state.read([key])).get(key)).toEqual({ doc: { n: 2 }, eTag: second.eTag });
      const stale = store().turns.apply(
        batch(s, {
          items: [{ kind: 'put', item: heldItem(s), grant: grant('delivery-sms') }],
          state: { key, doc: { n: 3 }, expected: first.eTag ?? '', meta },
        }),
      );
      if (store().kind === 'sqlite') {
        // One transaction: the conflict leaves nothing of the turn behind.
        await expect(stale).rejects.toBeInstanceOf(ETagConflictError);
        expect((await store().turns.facts(s)).held).toEqual([]);
      } else {
        // No multi-document transactions: the effects stay, and the error says the state did not.
        await expect(stale).rejects.toBeInstanceOf(StateNotSavedError);
      }
      expect((await store().state.read([key])).get(key)?.doc).toEqual({ n: 2 });
    });
  });
}
