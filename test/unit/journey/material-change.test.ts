/** The planner and grants whose purpose terms changed materially since they were given. */
import { describe, expect, it } from 'vitest';
import { decideNeed, type Decision, type GrantView } from '../../../src/journey/index.ts';

const now = new Date('2026-06-01T00:00:00Z');
const until = new Date('2027-06-01T00:00:00Z');
const need = { item: 'email', purpose: 'newsletter', required: false };
const grant = (purpose: string, termsChanged?: boolean): GrantView => ({
  purpose,
  expiresAt: until,
  ...(termsChanged === undefined ? {} : { termsChanged }),
});

const cases: { name: string; grants: GrantView[]; want: Decision }[] = [
  {
    name: 'uses a grant under unchanged terms',
    grants: [grant('newsletter', false)],
    want: { kind: 'use', step: 's', need },
  },
  {
    name: 'uses a grant from before terms were recorded',
    grants: [grant('newsletter')],
    want: { kind: 'use', step: 's', need },
  },
  {
    name: 'asks to reuse the held value when the purpose’s terms changed',
    grants: [grant('newsletter', true)],
    want: { kind: 'ask-reuse', step: 's', need, heldFor: ['newsletter'] },
  },
  {
    name: 'asks to reuse when the terms changed and another purpose holds it too',
    grants: [grant('delivery-email', false), grant('newsletter', true)],
    want: { kind: 'ask-reuse', step: 's', need, heldFor: ['delivery-email', 'newsletter'] },
  },
  {
    name: 'uses its own grant when only another purpose’s terms changed',
    grants: [grant('delivery-email', true), grant('newsletter', false)],
    want: { kind: 'use', step: 's', need },
  },
];

describe('the planner after a material change of a purpose', () => {
  it.each(cases)('$name', ({ grants, want }) => {
    expect(decideNeed('s', need, new Map([['email', grants]]), now)).toEqual(want);
  });
});
