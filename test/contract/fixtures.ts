/** Builders for the contract suite: held items, grants and ledger records with unique ids per test. */
import { randomUUID } from 'node:crypto';
import type { Grant, HeldItem, LedgerRecord } from '../../src/storage/index.ts';

export const t0 = new Date('2026-06-01T10:00:00.000Z');
export const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

/** A fresh id, so tests sharing one store (one MongoDB database) never see each other's data. */
export const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export function heldItem(subject: string, item = 'mobile', ct = 'cipher-1'): Omit<HeldItem, 'grants'> {
  return {
    subject,
    item,
    value: { kid: 'k1', iv: 'iv-1', ct, tag: 'tag-1' },
    collectedAt: t0,
    collected: { journey: 'order-delivery', step: 'sms-confirm', channel: 'webchat', locale: 'en' },
  };
}

export function grant(purpose: string, extra: Partial<Grant> = {}): Grant {
  return {
    purpose,
    basis: 'contract',
    grantedAt: t0,
    noticeVersion: 'notice-1',
    expiresAt: at(60 * 24 * 30),
    lastUsedAt: null,
    ...extra,
  };
}

/** Grants compared as a set: the port does not promise an order. */
export const byPurpose = (grants: readonly Grant[]) =>
  [...grants].sort((a, b) => a.purpose.localeCompare(b.purpose));

export function ledgerRecord(subject: string, when: Date, extra: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    id: uid('rec'),
    idem: uid('idem'),
    subject,
    item: 'mobile',
    purpose: 'delivery-sms',
    event: 'granted',
    at: when,
    channel: 'webchat',
    locale: 'en',
    noticeVersion: 'notice-1',
    ...extra,
  };
}
