/** The events a ledger change causes: one per system receiving the purpose, values only on grants. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventIdOf, outboxOf } from '../../../src/consent/outbox-events.ts';
import { loadMapOrThrow } from '../../../src/map/index.ts';
import type { LedgerRecord } from '../../../src/storage/index.ts';

const { map } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const now = new Date('2026-06-01T09:00:00Z');
const sealed = { kid: 'k1', iv: 'iv', ct: 'ct', tag: 't' };
const rec = (event: LedgerRecord['event'], item: string, purpose: string): LedgerRecord => ({
  id: `id-${event}`,
  idem: `idem-${event}-${item}-${purpose}`,
  subject: 's1',
  item,
  purpose,
  event,
  at: now,
  channel: 'test',
  locale: 'en',
  noticeVersion: 'n',
});
const summary = (records: LedgerRecord[]) => {
  const w = outboxOf(map, records, () => sealed, now);
  return {
    add: w.add.map((e) => `${e.type} ${e.item} ${e.purpose} → ${e.system}${e.value ? ' +value' : ''}`),
    strip: w.strip,
  };
};

describe('events for the systems', () => {
  it.each([
    // A new value replaces any older one still waiting to go out.
    [
      [rec('granted', 'mobile', 'delivery-sms')],
      ['item.granted mobile delivery-sms → logistics +value'],
      [{ subject: 's1', item: 'mobile' }],
    ],
    [
      [rec('granted', 'email', 'delivery-email')],
      [
        'item.granted email delivery-email → mailer +value',
        'item.granted email delivery-email → logistics +value',
      ],
      [{ subject: 's1', item: 'email' }],
    ],
    [
      [rec('withdrawn', 'email', 'newsletter')],
      ['item.withdrawn email newsletter → mailer'],
      [{ subject: 's1', item: 'email', purpose: 'newsletter' }],
    ],
    // The item's last purpose gone: every system that may hold it hears of the erasure.
    [
      [rec('erased', 'email', '*')],
      ['item.erased email * → mailer', 'item.erased email * → logistics'],
      [{ subject: 's1', item: 'email' }],
    ],
    [
      [rec('given-back', 'birthday', 'birthday-offer')],
      [],
      [{ subject: 's1', item: 'birthday', purpose: 'birthday-offer' }],
    ],
    [[rec('asked', 'mobile', 'delivery-sms'), rec('declined', 'mobile', 'delivery-sms')], [], []],
  ])('%#: %j', (records, add, strip) => {
    expect(summary(records)).toEqual({ add, strip });
  });

  it('derives the webhook-id from the record’s idempotency key and the system', () => {
    const [e] = outboxOf(map, [rec('granted', 'mobile', 'delivery-sms')], () => sealed, now).add;
    expect(e?.id).toBe(eventIdOf('idem-granted-mobile-delivery-sms', 'logistics'));
    expect(eventIdOf('a', 'logistics')).not.toBe(eventIdOf('a', 'mailer'));
  });
});
