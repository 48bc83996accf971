/**
 * Intent recognition rules around the model, links per channel, and buttons on the last message,
 * with the real map, texts and intent model.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { liftButtons } from '../../../src/journey/buttons.ts';
import {
  createIntentModel,
  createStep,
  labelOf,
  recognizeIntent,
  type IntentGuess,
} from '../../../src/journey/index.ts';
import { linkTo } from '../../../src/journey/links.ts';
import { loadMapOrThrow, type Locale } from '../../../src/map/index.ts';
import { emptyAskSummary } from '../../../src/storage/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const model = createIntentModel({ map: () => map, texts: () => texts });
const read = async (lng: Locale, text: string) => {
  const guess: IntentGuess = await model.classify(lng, text);
  const r = recognizeIntent(map, texts, lng, text, guess);
  return !r ? 'none' : r.sure ? labelOf(r.intent) : `unsure:${r.options.map(labelOf).join('|')}`;
};

beforeAll(async () => {
  await model.warm();
});

describe('reading intents', () => {
  it.each([
    ['en', 'no newsletter for me'],
    ['en', "I'm not sure I want the newsletter"],
    ['nl', 'liever geen nieuwsbrief'],
    ['fr', 'pas de newsletter'],
    ['de', 'bloß keinen Newsletter'],
  ] as const)('%s: a negated task (“%s”) is never started, only asked about', async (lng, text) => {
    const got = await read(lng, text);
    expect(got.startsWith('journey:')).toBe(false);
    expect(got).toContain('withdraw-journey:newsletter');
  });

  it.each([
    ['en', 'I want to restrict processing of my data', 'restrict'],
    ['de', 'Ich möchte die Verarbeitung meiner Daten einschränken lassen', 'restrict'],
    ['en', 'I object to the use of my details', 'object'],
    ['fr', 'je m’oppose à ce traitement', 'object'],
    ['nl', 'ik wil de verwerking van mijn gegevens laten beperken', 'restrict'],
  ] as const)('%s: “%s” is %s', async (lng, text, want) => {
    expect(await read(lng, text)).toBe(want);
  });

  it('without the model, the listed phrases and the withdrawal rules still work', () => {
    const r = recognizeIntent(map, texts, 'en', 'Please unsubscribe me from the newsletter');
    expect(r).toEqual({
      sure: true,
      intent: { kind: 'right', request: { kind: 'withdraw-journey', journey: 'newsletter' } },
    });
    expect(recognizeIntent(map, texts, 'en', 'forget me')).toMatchObject({ sure: true });
  });

  it('retrains after the map is reloaded, and is fast', async () => {
    const again = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
    const fresh = createIntentModel({ map: () => again.map, texts: () => again.texts });
    const ms = await fresh.warm();
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5000);
    expect(await fresh.warm()).toBe(0);
  });
});

describe('“Did you mean …?”', () => {
  const step = createStep({
    map: () => map,
    texts: () => texts,
    noticeUrl: 'https://shop.example/privacy',
    rights: true,
    analytics: false,
  });
  const facts = {
    held: [],
    summary: emptyAskSummary(),
    reveal: () => '',
    now: new Date('2026-06-01T09:00:00Z'),
  };
  const ctx = { subject: 's', channel: 'webchat', locale: 'en' as const };

  it('offers the readings as buttons, and a tap does what it says', async () => {
    const text = "I'm not sure I want the newsletter";
    const out = step({}, { kind: 'text', text, guess: await model.classify('en', text) }, facts, ctx);
    expect(out.replies.map((r) => r.text)).toEqual(['Did you mean one of these?']);
    expect(out.replies[0]?.suggestions?.map((s) => s.title)).toEqual([
      'Stop “Get the newsletter”',
      'Get the newsletter',
      'Something else',
    ]);
    const tap = step(out.state, { kind: 'text', text: 'Stop “Get the newsletter”' }, facts, ctx);
    expect(tap.replies[0]?.text).toContain('not signed up for “Get the newsletter”');
    expect(tap.state.clarify).toBeUndefined();
    const other = step(out.state, { kind: 'text', text: 'Something else' }, facts, ctx);
    expect(other.replies[0]?.text).toBe('Okay. I can help you with these:');
  });

  it('links the privacy notice as Markdown on Web Chat and spells it out on SMS', () => {
    const asking = {
      run: {
        journey: 'order-delivery',
        step: 'sms-confirm',
        outcomes: {},
        vars: {},
        pending: { kind: 'ask' as const, item: 'mobile', purpose: 'delivery-sms', attempts: 0 },
      },
    };
    const web = step(asking, { kind: 'text', text: 'Why?' }, facts, ctx);
    expect(web.replies[0]?.text).toContain('[shop.example/privacy](https://shop.example/privacy?lang=en)');
    const sms = step(asking, { kind: 'text', text: 'Why?' }, facts, { ...ctx, channel: 'sms' });
    expect(sms.replies[0]?.text).toContain('The full privacy notice: https://shop.example/privacy?lang=en');
    expect(sms.replies[0]?.text).not.toContain('](');
  });
});

describe('links and buttons', () => {
  it('keeps a bare address where Markdown is not rendered', () => {
    expect(linkTo('sms', 'https://x.example/privacy?lang=nl')).toBe('https://x.example/privacy?lang=nl');
    expect(linkTo('msteams', 'https://x.example/privacy?lang=nl')).toBe(
      '[x.example/privacy](https://x.example/privacy?lang=nl)',
    );
  });

  it('moves every button of a turn onto its last message, its own first, each once', () => {
    const b = (title: string) => ({ title, value: title });
    const replies = [
      { text: 'a', suggestions: [b('Never')] },
      { text: 'b' },
      { text: 'c', suggestions: [b('Why?'), b('Never')] },
    ];
    liftButtons(replies);
    expect(replies.map((r) => r.suggestions?.map((s) => s.title))).toEqual([
      undefined,
      undefined,
      ['Why?', 'Never'],
    ]);
  });
});

describe('an example phrase typed as it is written', () => {
  const LOCALES: readonly Locale[] = ['en', 'nl', 'fr', 'de'];
  const cases = LOCALES.flatMap((lng) =>
    [...map.journeys.keys()].flatMap((journey) =>
      texts
        .list(lng, `journeys.${journey}.examples`, 'map')
        .map((example) => [lng, example, journey] as const),
    ),
  );

  it('has examples in every locale', () => {
    for (const lng of LOCALES) expect(cases.filter(([l]) => l === lng).length).toBeGreaterThan(0);
  });

  it.each(cases)('%s: “%s” starts %s, even as one word, without the model', (lng, example, journey) => {
    expect(recognizeIntent(map, texts, lng, example)).toEqual({
      sure: true,
      intent: { kind: 'journey', journey },
    });
  });
});
