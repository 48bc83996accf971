/**
 * Contract: the retention deletes (consent/records-retention.ts drives them). Each test works in
 * its own years of the 1990s, which no other test writes, so deleting "everything before" a
 * cutoff touches only its own records in a shared database.
 */
import { describe, expect, it } from 'vitest';
import type { AskEvent } from '../../src/analytics/index.ts';
import type { AuditEntry, Store } from '../../src/storage/index.ts';
import { ledgerRecord, uid } from './fixtures.ts';

const utc = (iso: string) => new Date(`${iso}Z`);
const ms = (d: Date, n: number) => new Date(d.getTime() + n);

const askedOn = (journey: string, when: Date): AskEvent => ({
  type: 'asked',
  item: 'mobile',
  purpose: 'delivery-sms',
  journey,
  step: 'sms-confirm',
  locale: 'en',
  channel: 'webchat',
  at: when,
});

const auditEntry = (actor: string, when: Date): AuditEntry => ({
  id: uid('aud'),
  at: when,
  actor,
  action: 'subject.read',
});

function refsRetention(store: () => Store): void {
  it('deletes the references last saved before the cutoff, oldest first, at most `limit`', async () => {
    const cutoff = utc('1991-06-01T00:00:00');
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => uid(`ret-${x}`)) as [string, string, string, string];
    await store().refs.save(a, { conversation: { id: 'a' } }, ms(cutoff, -3));
    await store().refs.save(b, { conversation: { id: 'b' } }, ms(cutoff, -2));
    await store().refs.save(c, { conversation: { id: 'c' } }, ms(cutoff, -1));
    await store().refs.save(d, { conversation: { id: 'd' } }, cutoff);
    expect(await store().refs.deleteWrittenBefore(cutoff, 2)).toBe(2);
    expect(await store().refs.get(a)).toBeUndefined();
    expect(await store().refs.get(b)).toBeUndefined();
    expect(await store().refs.get(c)).toEqual({ conversation: { id: 'c' } });
    expect(await store().refs.deleteWrittenBefore(cutoff, 2)).toBe(1);
    expect(await store().refs.get(c)).toBeUndefined();
    expect(await store().refs.get(d)).toEqual({ conversation: { id: 'd' } });
    expect(await store().refs.deleteWrittenBefore(cutoff, 2)).toBe(0);
    await store().refs.delete(d); // the next test's cutoff is later
  });

  it('keeps a reference saved again after the cutoff', async () => {
    const cutoff = utc('1992-06-01T00:00:00');
    const s = uid('ret-active');
    await store().refs.save(s, { conversation: { id: 'old' } }, ms(cutoff, -86_400_000));
    await store().refs.save(s, { conversation: { id: 'new' } }, ms(cutoff, 1));
    expect(await store().refs.deleteWrittenBefore(cutoff, 10)).toBe(0);
    expect(await store().refs.get(s)).toEqual({ conversation: { id: 'new' } });
  });
}

function ledgerRetention(store: () => Store): void {
  it('lists the subjects with a record before the cutoff, in subject order, a page at a time', async () => {
    const cutoff = utc('1993-06-01T00:00:00');
    const base = uid('ret-led');
    const [a, b, c, fresh] = [`${base}-a`, `${base}-b`, `${base}-c`, `${base}-d`];
    for (const s of [c, a, b]) await store().ledger.append(ledgerRecord(s, ms(cutoff, -1)));
    await store().ledger.append(ledgerRecord(fresh, cutoff));
    const first = await store().ledger.subjectsBefore(cutoff, `${base}-`, 2);
    expect(first).toEqual([a, b]);
    expect(await store().ledger.subjectsBefore(cutoff, b, 2)).toEqual([c]);
    const all = await store().ledger.subjectsBefore(cutoff, undefined, 100_000);
    expect(all.filter((s) => s.startsWith(base))).toEqual([a, b, c]);
    expect(all).toEqual([...all].sort());
  });

  it('deletes a subject’s records before the cutoff except those it is told to keep', async () => {
    const cutoff = utc('1994-06-01T00:00:00');
    const s = uid('ret-subj');
    const other = uid('ret-other');
    const old = ledgerRecord(s, ms(cutoff, -2), { event: 'asked' });
    const proof = ledgerRecord(s, ms(cutoff, -1), { event: 'granted' });
    const edge = ledgerRecord(s, cutoff, { event: 'reused' });
    const later = ledgerRecord(s, ms(cutoff, 1), { event: 'withdrawn' });
    const others = ledgerRecord(other, ms(cutoff, -1));
    for (const r of [old, proof, edge, later, others]) await store().ledger.append(r);
    expect(await store().ledger.deleteBefore(s, cutoff, [proof.id])).toBe(1);
    expect((await store().ledger.forSubject(s)).map((r) => r.id)).toEqual([proof.id, edge.id, later.id]);
    expect(await store().ledger.deleteBefore(s, cutoff, [])).toBe(1);
    expect((await store().ledger.forSubject(s)).map((r) => r.id)).toEqual([edge.id, later.id]);
    expect((await store().ledger.forSubject(other)).map((r) => r.id)).toEqual([others.id]);
    // A deleted record's idempotency key is free again only with the record: a new append is new.
    expect(await store().ledger.append({ ...old, id: uid('rec') })).toBe('appended');
  });
}

function analyticsRetention(store: () => Store): void {
  it('deletes the counters (and day summaries) of the days before the given day', async () => {
    const j = uid('ret-journey');
    await store().analytics.record(askedOn(j, utc('1995-05-30T12:00:00')));
    await store().analytics.record(askedOn(j, utc('1995-05-31T23:59:59.999')));
    await store().analytics.record(askedOn(j, utc('1995-06-01T00:00:00')));
    await store().analytics.compact('1995-06-02', new Date());
    const byDay = async () =>
      (
        await store().analytics.query({
          from: '1995-05-01',
          to: '1995-06-30',
          groupBy: ['day'],
          filters: { journey: [j] },
        })
      ).map((r) => [r.group.day, r.n]);
    expect(await byDay()).toHaveLength(3);
    expect(await store().analytics.deleteDaysBefore('1995-06-01')).toBe(2);
    expect(await byDay()).toEqual([['1995-06-01', 1]]);
    expect(await store().analytics.deleteDaysBefore('1995-06-01')).toBe(0);
  });
}

function auditRetention(store: () => Store): void {
  it('deletes audit entries before the cutoff, oldest first, at most `limit`', async () => {
    const cutoff = utc('1996-06-01T00:00:00');
    const actor = uid('dpo');
    const [e1, e2, e3, e4] = [-3, -2, -1, 0].map((n) => auditEntry(actor, ms(cutoff, n))) as [
      AuditEntry,
      AuditEntry,
      AuditEntry,
      AuditEntry,
    ];
    for (const e of [e3, e1, e4, e2]) await store().audit.append(e);
    const left = async () => (await store().audit.query({ actor, limit: 10 })).entries.map((e) => e.id);
    expect(await store().audit.deleteBefore(cutoff, 2)).toBe(2);
    expect(await left()).toEqual([e4.id, e3.id]);
    expect(await store().audit.deleteBefore(cutoff, 2)).toBe(1);
    expect(await left()).toEqual([e4.id]);
    expect(await store().audit.deleteBefore(cutoff, 2)).toBe(0);
  });
}

export function retentionContract(store: () => Store): void {
  describe('records retention', () => {
    refsRetention(store);
    ledgerRetention(store);
    analyticsRetention(store);
    auditRetention(store);
  });
}
