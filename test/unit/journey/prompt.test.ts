import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerPrompt } from '../../../src/journey/index.ts';
import type { SeenAnswer } from '../../../src/journey/prompt.ts';
import { Item, loadTexts } from '../../../src/map/index.ts';

const texts = loadTexts(resolve('locales'));
const mobile = Item.parse({
  type: 'phone',
  category: 'user.contact.phone_number',
  constraints: { phoneKind: 'mobile' },
});
const prompt = (seen?: SeenAnswer) => ({
  texts,
  lng: 'en' as const,
  now: new Date('2026-06-01T00:00:00Z'),
  maxAttempts: 3,
  ...(seen ? { seen } : {}),
});

describe('the prompt', () => {
  it('validates an answer read twice in one turn once, and a different answer anew', () => {
    const seen: SeenAnswer = {};
    expect(answerPrompt(prompt(seen), mobile, 0, '07911 123456')).toEqual({
      kind: 'value',
      value: '+447911123456',
    });
    const first = seen.result;
    expect(first).toEqual({ ok: true, value: '+447911123456' });
    answerPrompt(prompt(seen), mobile, 1, '07911 123456');
    expect(seen.result).toBe(first);
    expect(answerPrompt(prompt(seen), mobile, 0, 'twelve')).toMatchObject({ kind: 'retry', attempts: 1 });
    expect(seen.result).toMatchObject({ ok: false, reason: 'invalid.phone' });
  });

  it('counts attempts on the same answer as before, whether or not it was seen', () => {
    const seen: SeenAnswer = {};
    for (const p of [prompt(), prompt(seen)]) {
      expect(answerPrompt(p, mobile, 0, '12')).toMatchObject({ kind: 'retry', attempts: 1 });
      expect(answerPrompt(p, mobile, 2, '12')).toEqual({ kind: 'give-up' });
    }
  });
});
