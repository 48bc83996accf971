import { describe, expect, it } from 'vitest';
import {
  decideNeed,
  nextStep,
  type Cursor,
  type Decision,
  type GrantView,
} from '../../../src/journey/index.ts';
import { Journey } from '../../../src/map/index.ts';

const journey = Journey.parse({
  id: 'j',
  version: 1,
  start: 'pick',
  steps: {
    pick: {
      task: 'choose',
      choice: {
        prompt: 'j.p',
        options: [
          { id: 'a', label: 'j.a', next: 'sms' },
          { id: 'b', label: 'j.b' },
        ],
      },
      next: 'end',
    },
    sms: {
      task: 'sms',
      needs: [{ item: 'mobile', purpose: 'sms', required: false }],
      say: 'j.sms-ok',
      next: 'end',
      onDecline: 'mail',
    },
    mail: { task: 'mail', needs: [{ item: 'email', purpose: 'mail', required: true }] },
    callback: { task: 'cb', needs: [{ item: 'mobile', purpose: 'callback', required: true }], say: 'j.cb' },
    end: { task: 'end', say: 'j.end' },
  },
});

const now = new Date('2026-06-01T00:00:00Z');
const future = new Date('2026-07-01T00:00:00Z');
const past = new Date('2026-05-01T00:00:00Z');
const held = (entries: Record<string, GrantView[]>) => new Map(Object.entries(entries));
const cursor = (step: string, extra: Partial<Cursor> = {}): Cursor => ({
  journey: 'j',
  step,
  outcomes: {},
  ...extra,
});
const sms = { item: 'mobile', purpose: 'sms', required: false };

const cases: { name: string; cursor: Cursor; held: Map<string, GrantView[]>; want: Decision }[] = [
  {
    name: 'offers the choice before anything else',
    cursor: cursor('pick'),
    held: held({}),
    want: { kind: 'choose', step: 'pick' },
  },
  {
    name: 'follows the chosen option’s own next step',
    cursor: cursor('pick', { chosen: 'a' }),
    held: held({}),
    want: { kind: 'advance', step: 'pick', to: 'sms' },
  },
  {
    name: 'falls back to the step’s next when the option has none',
    cursor: cursor('pick', { chosen: 'b' }),
    held: held({}),
    want: { kind: 'advance', step: 'pick', to: 'end' },
  },
  {
    name: 'asks for an item that is not held',
    cursor: cursor('sms'),
    held: held({}),
    want: { kind: 'ask', step: 'sms', need: sms },
  },
  {
    name: 'uses an item held and granted for this purpose, without asking',
    cursor: cursor('sms'),
    held: held({ mobile: [{ purpose: 'sms', expiresAt: future }] }),
    want: { kind: 'use', step: 'sms', need: sms },
  },
  {
    name: 'asks permission to reuse an item held for another purpose',
    cursor: cursor('sms'),
    held: held({ mobile: [{ purpose: 'callback', expiresAt: future }] }),
    want: { kind: 'ask-reuse', step: 'sms', need: sms, heldFor: ['callback'] },
  },
  {
    name: 'asks to reuse when this purpose’s grant expired but another is live',
    cursor: cursor('sms'),
    held: held({
      mobile: [
        { purpose: 'sms', expiresAt: past },
        { purpose: 'callback', expiresAt: future },
      ],
    }),
    want: { kind: 'ask-reuse', step: 'sms', need: sms, heldFor: ['callback'] },
  },
  {
    name: 'asks afresh when every grant of the item expired',
    cursor: cursor('sms'),
    held: held({ mobile: [{ purpose: 'sms', expiresAt: past }] }),
    want: { kind: 'ask', step: 'sms', need: sms },
  },
  {
    name: 'says the step text and moves on once the need is settled',
    cursor: cursor('sms', { outcomes: { 'mobile:sms': 'provided' } }),
    held: held({}),
    want: { kind: 'advance', step: 'sms', to: 'end', say: 'j.sms-ok' },
  },
  {
    name: 'takes the decline path when a need is declined',
    cursor: cursor('sms', { outcomes: { 'mobile:sms': 'declined' } }),
    held: held({}),
    want: { kind: 'advance', step: 'sms', to: 'mail' },
  },
  {
    name: 'stops when a required need is declined and there is no decline path',
    cursor: cursor('mail', { outcomes: { 'email:mail': 'declined' } }),
    held: held({}),
    want: {
      kind: 'stop',
      step: 'mail',
      reason: 'required-declined',
      need: { item: 'email', purpose: 'mail', required: true },
    },
  },
  {
    name: 'ends the journey at a step with no next',
    cursor: cursor('end'),
    held: held({}),
    want: { kind: 'done', step: 'end', say: 'j.end' },
  },
  {
    name: 'ends without a text when the last step says nothing',
    cursor: cursor('mail', { outcomes: { 'email:mail': 'provided' } }),
    held: held({}),
    want: { kind: 'done', step: 'mail' },
  },
];

describe('the planner', () => {
  it.each(cases)('$name', ({ cursor: c, held: h, want }) => {
    expect(nextStep(journey, c, h, now)).toEqual(want);
  });

  it('throws on a step the journey does not have (a bug, not an outcome)', () => {
    expect(() => nextStep(journey, cursor('nope'), held({}), now)).toThrow(/no step nope/);
  });
});

describe('a restricted grant (Art. 18)', () => {
  const need = { item: 'mobile', purpose: 'delivery-sms', required: false };
  const now = new Date('2026-06-01T09:00:00Z');
  const grant = (restrictedAt?: Date): GrantView => ({
    purpose: 'delivery-sms',
    expiresAt: new Date('2026-07-01T09:00:00Z'),
    ...(restrictedAt ? { restrictedAt } : {}),
  });

  it('is used while not restricted', () => {
    expect(decideNeed('s', need, new Map([['mobile', [grant()]]]), now).kind).toBe('use');
  });

  it('is not used once restricted: the customer is asked to agree again', () => {
    const d = decideNeed('s', need, new Map([['mobile', [grant(now)]]]), now);
    expect(d).toMatchObject({ kind: 'ask-reuse', heldFor: ['delivery-sms'] });
  });
});
