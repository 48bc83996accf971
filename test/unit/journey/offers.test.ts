/**
 * The pure step on values put back before they are stored: a confirmation (`ask-confirm`) and the
 * channel's own number offered (`ask-known`). Table of (state, input, context) → (state, effects):
 * nothing is put until a "yes", and a value offered by the channel is granted with its source.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TurnEffect } from '../../../src/consent/index.ts';
import { createStep, type ConversationState, type StepFacts } from '../../../src/journey/index.ts';
import type { TurnContext } from '../../../src/journey/runtime.ts';
import { loadMapOrThrow } from '../../../src/map/index.ts';
import { emptyAskSummary } from '../../../src/storage/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const step = createStep({
  map: () => map,
  texts: () => texts,
  noticeUrl: 'http://localhost/privacy',
  rights: true,
  analytics: false,
});
const now = new Date('2026-06-01T09:00:00Z');
const facts: StepFacts = { held: [], summary: emptyAskSummary(), reveal: (h) => h.value.ct, now };
const sms: TurnContext = {
  subject: 's1',
  channel: 'sms',
  locale: 'en',
  localeTag: 'en-GB',
  known: { phone: '+31612340188' },
};
const web: TurnContext = { subject: 's1', channel: 'webchat', locale: 'en' };

const atStep = (
  journey: string,
  stepId: string,
  pending?: NonNullable<ConversationState['run']>['pending'],
) => ({
  run: { journey, step: stepId, outcomes: {}, vars: {}, ...(pending ? { pending } : {}) },
});
const brief = (effects: TurnEffect[]) =>
  effects.flatMap((e) =>
    e.kind === 'record'
      ? [`record ${e.event} ${e.item}${e.source ? ` source=${e.source}` : ''}`]
      : e.kind === 'put'
        ? [`put ${e.item} ${e.value}`]
        : [],
  );
const run = (state: ConversationState, text: string, ctx: TurnContext) =>
  step(state, { kind: 'text', text }, facts, ctx);

describe('values offered and confirmed, in the pure step', () => {
  it.each([
    ['yes', ['put mobile +31612340188', 'record granted mobile source=channel'], undefined],
    ['no thanks', ['record declined mobile', 'record asked email'], 'ask'],
    ['another number', [], 'ask'],
    ['07911 123456', ['put mobile +447911123456', 'record granted mobile'], undefined],
    ['maybe', [], 'ask-known'],
  ])('an offered number answered “%s”', (answer, effects, pending) => {
    const state = atStep('order-delivery', 'sms-confirm', {
      kind: 'ask-known',
      item: 'mobile',
      purpose: 'delivery-sms',
      attempts: 0,
      value: '+31612340188',
    });
    const out = run(state, answer, sms);
    expect(brief(out.effects)).toEqual(effects);
    expect(out.state.run?.pending?.kind).toBe(pending);
  });

  it.each([
    ['yes', ['put birthday 1990-06-05', 'record granted birthday'], undefined],
    ['sure', ['put birthday 1990-06-05', 'record granted birthday'], undefined],
    ['no', [], 'ask'],
    ['05/06/1990', [], 'ask'],
  ])('a confirmation answered “%s”', (answer, effects, pending) => {
    const state = atStep('birthday-offer', 'ask', {
      kind: 'ask-confirm',
      item: 'birthday',
      purpose: 'birthday-offer',
      attempts: 0,
      value: '1990-06-05',
    });
    const out = run(state, answer, web);
    expect(brief(out.effects)).toEqual(effects);
    expect(out.state.run?.pending?.kind).toBe(pending);
  });

  it('offers the channel’s number instead of asking, and asks as usual where the channel vouches for none', () => {
    const choosing = {
      run: {
        journey: 'order-delivery',
        step: 'slot',
        outcomes: {},
        vars: {},
        pending: { kind: 'choose' as const },
      },
    };
    const offered = run(choosing, '1', sms);
    expect(offered.replies.at(-1)?.justask?.kind).toBe('ask-known');
    expect(offered.replies.at(-1)?.text).toContain('•••• 188');
    expect(brief(offered.effects)).toEqual(['record asked mobile']);
    expect(run(choosing, '1', web).replies.at(-1)?.justask?.kind).toBe('ask');
  });
});
