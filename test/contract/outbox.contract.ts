/**
 * Contract: the events outbox. Events are written with the ledger change that causes them (a
 * ledger append or a turn's batch), come due at their time, keep their id, lose their value when
 * the item is withdrawn or erased before delivery, and are deleted once delivered or kept, without
 * value, once given up — until the records sweep deletes it.
 */
import { describe, expect, it } from 'vitest';
import type { OutboxEvent, Store } from '../../src/storage/index.ts';
import { at, ledgerRecord, uid } from './fixtures.ts';

const sealed = { kid: 'k1', iv: 'iv', ct: 'secret-ct', tag: 'tag' };

function event(subject: string, extra: Partial<OutboxEvent> = {}): OutboxEvent {
  return {
    id: uid('evt'),
    system: 'logistics',
    type: 'item.granted',
    subject,
    item: 'mobile',
    purpose: 'delivery-sms',
    at: at(0),
    value: sealed,
    attempts: 0,
    nextAt: at(0),
    ...extra,
  };
}

export function outboxContract(store: () => Store): void {
  const dueOf = async (subject: string, now: Date) =>
    (await store().outbox.due(now, 10_000)).filter((e) => e.subject === subject);

  describe('events outbox', () => {
    it('writes the events of a ledger append with it, due from their time, soonest first', async () => {
      const s = uid('subj');
      const late = event(s, { nextAt: at(5) });
      const soon = event(s, { system: 'mailer', nextAt: at(1) });
      expect(await store().ledger.append(ledgerRecord(s, at(0)), { add: [late, soon], strip: [] })).toBe(
        'appended',
      );
      expect(await dueOf(s, at(0))).toEqual([]);
      expect((await dueOf(s, at(5))).map((e) => e.id)).toEqual([soon.id, late.id]);
      expect((await dueOf(s, at(5)))[0]).toEqual(soon);
    });

    it('writes the events of a turn batch with it', async () => {
      const s = uid('subj');
      const e = event(s);
      await store().turns.apply({
        subject: s,
        items: [],
        ledger: [ledgerRecord(s, at(0))],
        counts: [],
        outbox: { add: [e], strip: [] },
      });
      expect(await dueOf(s, at(1))).toEqual([e]);
    });

    it('adds an event whose id is stored once only', async () => {
      const s = uid('subj');
      const e = event(s);
      await store().outbox.write({ add: [e], strip: [] });
      await store().outbox.write({ add: [{ ...e, type: 'item.erased' }], strip: [] });
      expect(await dueOf(s, at(1))).toEqual([e]);
    });

    it('adds every new event of a batch whose first was stored before (a redelivered turn)', async () => {
      const s = uid('subj');
      const [first, second] = [event(s), event(s, { purpose: 'delivery-email' })];
      await store().outbox.write({ add: [first], strip: [] });
      await store().outbox.write({ add: [first, second], strip: [] });
      expect((await dueOf(s, at(1))).map((e) => e.id).sort()).toEqual([first.id, second.id].sort());
    });

    it('drops values of pending events of a withdrawn purpose, or of an erased item, and keeps the events', async () => {
      const s = uid('subj');
      const sms = event(s);
      const email = event(s, { purpose: 'delivery-email' });
      const other = event(s, { item: 'email' });
      await store().outbox.write({ add: [sms, email, other], strip: [] });
      await store().outbox.write({
        add: [],
        strip: [{ subject: s, item: 'mobile', purpose: 'delivery-sms' }],
      });
      const after = await dueOf(s, at(1));
      expect(after.find((e) => e.id === sms.id)?.value).toBeUndefined();
      expect(after.find((e) => e.id === email.id)?.value).toEqual(sealed);
      const erased = event(s, { type: 'item.erased', value: undefined });
      const { value: _v, ...erasedEvent } = erased;
      await store().ledger.append(ledgerRecord(s, at(1), { event: 'erased' }), {
        add: [erasedEvent],
        strip: [{ subject: s, item: 'mobile' }],
      });
      const end = await dueOf(s, at(1));
      expect(end.map((e) => e.id).sort()).toEqual([sms.id, email.id, other.id, erased.id].sort());
      expect(end.filter((e) => e.item === 'mobile').every((e) => e.value === undefined)).toBe(true);
      expect(end.find((e) => e.id === other.id)?.value).toEqual(sealed);
    });

    it('reschedules a failed attempt with its value, deletes a delivered event, and keeps a given-up one without value', async () => {
      const s = uid('subj');
      const [a, b] = [event(s), event(s)];
      const before = await store().outbox.counts();
      await store().outbox.write({ add: [a, b], strip: [] });
      expect((await store().outbox.counts()).pending).toBe(before.pending + 2);
      await store().outbox.retry(a.id, 1, at(3), 'status 503');
      expect((await dueOf(s, at(1))).map((e) => e.id)).toEqual([b.id]);
      expect(await dueOf(s, at(3))).toContainEqual({
        ...a,
        attempts: 1,
        nextAt: at(3),
        lastError: 'status 503',
      });
      await store().outbox.delivered(b.id);
      await store().outbox.giveUp(a.id, 9, at(9), 'timeout');
      expect(await dueOf(s, at(100))).toEqual([]);
      const failed = (await store().outbox.failures(10_000)).find((e) => e.id === a.id);
      const { value: _v, ...rest } = a;
      expect(failed).toEqual({ ...rest, attempts: 9, nextAt: at(3), lastError: 'timeout', failedAt: at(9) });
      const after = await store().outbox.counts();
      expect(after.pending).toBe(before.pending);
      expect(after.failed).toBe(before.failed + 1);
    });

    it('pages through the values waiting in pending events and replaces one only while it is unchanged', async () => {
      const s = uid('subj');
      const [a, b, none] = [event(s), event(s, { value: { ...sealed, iv: 'iv-b' } }), event(s)];
      const { value: _v, ...noValue } = none;
      await store().outbox.write({ add: [a, b, noValue], strip: [] });
      const mine = async () => {
        const out: OutboxEvent[] = [];
        for (
          let after: string | undefined, page;
          (page = await store().outbox.scanValues(after, 2)).length;
        ) {
          out.push(...page.filter((e) => e.subject === s));
          after = page.at(-1)?.id;
        }
        return out;
      };
      expect((await mine()).map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
      const next = { kid: 'k2', iv: 'iv-new', ct: 'ct-new', tag: 'tag-new' };
      expect(await store().outbox.replaceValue(a.id, next, sealed)).toBe(true);
      // Changed meanwhile (another IV) or given up: left alone.
      expect(await store().outbox.replaceValue(b.id, next, sealed)).toBe(false);
      await store().outbox.giveUp(b.id, 9, at(9), 'timeout');
      expect(await store().outbox.replaceValue(b.id, next, { ...sealed, iv: 'iv-b' })).toBe(false);
      const due = await dueOf(s, at(1));
      expect(due.find((e) => e.id === a.id)?.value).toEqual(next);
      expect((await mine()).map((e) => e.id)).toEqual([a.id]);
    });

    it('deletes events given up before a time — never a later one, never a pending one', async () => {
      const s = uid('subj');
      // Long before every other test's times, so the shared store holds no other event this old.
      const [old, older, recent, pending] = [event(s), event(s), event(s), event(s, { nextAt: at(-900) })];
      await store().outbox.write({ add: [old, older, recent, pending], strip: [] });
      await store().outbox.giveUp(older.id, 9, at(-800), 'timeout');
      await store().outbox.giveUp(old.id, 9, at(-700), 'timeout');
      await store().outbox.giveUp(recent.id, 9, at(-500), 'timeout');
      expect(await store().outbox.deleteFailedBefore(at(-600), 1)).toBe(1);
      expect(await store().outbox.deleteFailedBefore(at(-600), 10)).toBe(1);
      expect(await store().outbox.deleteFailedBefore(at(-600), 10)).toBe(0);
      const failed = (await store().outbox.failures(10_000)).filter((e) => e.subject === s);
      expect(failed.map((e) => e.id)).toEqual([recent.id]);
      expect((await dueOf(s, at(-900))).map((e) => e.id)).toEqual([pending.id]);
    });
  });
}
