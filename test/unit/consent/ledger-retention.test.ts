/** Which old consent-ledger records outlive the retention: the proof of what is still in force. */
import { describe, expect, it } from 'vitest';
import { ledgerRecordsToKeep } from '../../../src/consent/index.ts';
import type { HeldItem, LedgerEvent, LedgerRecord } from '../../../src/storage/index.ts';

const at = (day: number) => new Date(Date.UTC(2020, 0, 1 + day));

let n = 0;
function rec(event: LedgerEvent, item = 'mobile', purpose = 'delivery-sms'): LedgerRecord {
  n += 1;
  return {
    id: `r${n}`,
    idem: `i${n}`,
    subject: 's',
    item,
    purpose,
    event,
    at: at(n),
    channel: 'webchat',
    locale: 'en',
    noticeVersion: 'v1',
  };
}

function held(item: string, ...purposes: string[]): HeldItem {
  return {
    subject: 's',
    item,
    value: { kid: 'k', iv: 'i', ct: 'c', tag: 't' },
    collectedAt: at(0),
    collected: { journey: 'j', step: 's', channel: 'webchat', locale: 'en' },
    grants: purposes.map((purpose) => ({
      purpose,
      basis: 'consent',
      grantedAt: at(0),
      noticeVersion: 'v1',
      expiresAt: at(999),
      lastUsedAt: null,
    })),
  };
}

describe('ledgerRecordsToKeep', () => {
  it('keeps the latest grant proof of each grant still held, and nothing else of it', () => {
    const asked = rec('asked');
    const first = rec('granted');
    const again = rec('granted');
    const reuse = rec('reused', 'mobile', 'callback');
    expect(
      ledgerRecordsToKeep([asked, first, again, reuse], [held('mobile', 'delivery-sms', 'callback')]),
    ).toEqual([again.id, reuse.id]);
  });

  it('keeps no proof of a grant that ended (withdrawn, given back: the item or grant is gone)', () => {
    const records = [rec('granted'), rec('withdrawn'), rec('granted', 'email', 'newsletter')];
    expect(ledgerRecordsToKeep(records, [])).toEqual([]);
    expect(ledgerRecordsToKeep(records, [held('mobile', 'callback')])).toEqual([]);
  });

  it('keeps a "never ask again" until it is cleared or the customer grants the item', () => {
    const never = rec('never-ask', 'birthday', '*');
    expect(ledgerRecordsToKeep([never], [])).toEqual([never.id]);
    expect(ledgerRecordsToKeep([never, rec('never-ask-cleared', 'birthday', '*')], [])).toEqual([]);
    expect(ledgerRecordsToKeep([never, rec('granted', 'birthday', 'birthday-offer')], [])).toEqual([]);
    const twice = rec('never-ask', 'birthday', '*');
    expect(ledgerRecordsToKeep([never, twice], [])).toEqual([twice.id]);
  });

  it('keeps no decline, deferral, question or notice record', () => {
    const records = (['declined', 'deferred', 'asked', 'notice-failed', 'expired', 'erased'] as const).map(
      (e) => rec(e),
    );
    expect(ledgerRecordsToKeep(records, [held('mobile', 'delivery-sms')])).toEqual([]);
  });
});
