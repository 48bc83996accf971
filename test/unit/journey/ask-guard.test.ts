import { describe, expect, it } from 'vitest';
import { askHistoryOf } from '../../../src/journey/ask-history.ts';
import { decideNeed, type AskGuard, type SkipReason } from '../../../src/journey/next-step.ts';
import type { LedgerRecord } from '../../../src/storage/index.ts';

const day = 86_400_000;
const t0 = new Date('2026-06-01T00:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * day);
const rec = (
  event: LedgerRecord['event'],
  days: number,
  extra: Partial<LedgerRecord> = {},
): LedgerRecord => ({
  id: `${event}-${days}`,
  idem: `${event}-${days}-${Math.random()}`,
  subject: 's',
  item: 'email',
  purpose: 'newsletter',
  event,
  at: at(days),
  channel: 'test',
  locale: 'en',
  noticeVersion: 'n-1',
  ...extra,
});
const guard = (records: LedgerRecord[], budget?: AskGuard['budget']): AskGuard => ({
  history: askHistoryOf(records),
  askAgainAfter: () => 'P90D',
  askLaterAfter: () => 'P7D',
  ...(budget ? { budget } : {}),
});
const optional = { item: 'email', purpose: 'newsletter', required: false };
const required = { item: 'email', purpose: 'newsletter', required: true };
const reasonOf = (d: ReturnType<typeof decideNeed>): SkipReason | 'ask' | 'use' | 'ask-reuse' =>
  d.kind === 'skip' ? d.reason : (d.kind as 'ask' | 'use' | 'ask-reuse');

describe('the planner respects a no', () => {
  it.each([
    { name: 'asks when nothing was said before', records: [], now: 0, need: optional, want: 'ask' },
    {
      name: 'does not ask within 90 days of a decline',
      records: [rec('declined', 0)],
      now: 89,
      need: optional,
      want: 'cooldown',
    },
    {
      name: 'asks again once the 90 days have passed',
      records: [rec('declined', 0)],
      now: 91,
      need: optional,
      want: 'ask',
    },
    {
      name: 'keeps the cool-down for a required need too',
      records: [rec('declined', 0)],
      now: 10,
      need: required,
      want: 'cooldown',
    },
    {
      name: 'waits a week after “ask me later”',
      records: [rec('deferred', 0)],
      now: 6,
      need: optional,
      want: 'deferred',
    },
    { name: 'asks after the week', records: [rec('deferred', 0)], now: 8, need: optional, want: 'ask' },
    {
      name: 'a later grant clears a decline',
      records: [rec('declined', 0), rec('granted', 1)],
      now: 2,
      need: optional,
      want: 'ask',
    },
    {
      name: 'a decline for another purpose does not count',
      records: [rec('declined', 0, { purpose: 'delivery-email' })],
      now: 1,
      need: optional,
      want: 'ask',
    },
    {
      name: 'never asks after “never ask me”',
      records: [rec('never-ask', 0, { purpose: '*' })],
      now: 400,
      need: required,
      want: 'never-ask',
    },
    {
      name: 'asks again once the customer gave the item themselves',
      records: [rec('never-ask', 0, { purpose: '*' }), rec('granted', 5, { purpose: 'delivery-email' })],
      now: 6,
      need: optional,
      want: 'ask',
    },
    {
      name: 'asks again once the customer cleared the never-ask',
      records: [rec('never-ask', 0, { purpose: '*' }), rec('never-ask-cleared', 5, { purpose: '*' })],
      now: 6,
      need: optional,
      want: 'ask',
    },
  ])('$name', ({ records, now, need, want }) => {
    expect(reasonOf(decideNeed('s', need, new Map(), at(now), guard(records)))).toBe(want);
  });

  const asks = [
    rec('asked', 0, { purpose: 'a', required: false }),
    rec('asked', 2, { purpose: 'b', required: false }),
  ];
  const budget = { max: 2, window: 'P7D' };

  it.each([
    {
      name: 'skips optional needs once the budget is spent',
      records: asks,
      now: 3,
      need: optional,
      want: 'budget',
    },
    { name: 'frees the budget as asks leave the window', records: asks, now: 8, need: optional, want: 'ask' },
    {
      name: 'never skips a required need for the budget',
      records: asks,
      now: 3,
      need: required,
      want: 'ask',
    },
    {
      name: 'does not count required asks against the budget',
      records: [
        rec('asked', 0, { purpose: 'a', required: true }),
        rec('asked', 1, { purpose: 'b', required: true }),
      ],
      now: 2,
      need: optional,
      want: 'ask',
    },
  ])('$name', ({ records, now, need, want }) => {
    expect(reasonOf(decideNeed('s', need, new Map(), at(now), guard(records, budget)))).toBe(want);
  });

  it('uses a held and granted item even during a cool-down (nothing is asked)', () => {
    const held = new Map([['email', [{ purpose: 'newsletter', expiresAt: at(100) }]]]);
    expect(reasonOf(decideNeed('s', optional, held, at(1), guard([rec('declined', 0)])))).toBe('use');
  });
});
