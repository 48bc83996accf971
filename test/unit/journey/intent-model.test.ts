/**
 * The intent model reads NLP.js's classifier directly: its readings must stay those `nlp.process`
 * gives (the full pipeline), typo pass included, on the trained phrases of every locale and on
 * words it was never trained on.
 */
import { resolve } from 'node:path';
import { containerBootstrap } from '@nlpjs/core';
import { Nlp } from '@nlpjs/nlp';
import { LangDe } from '@nlpjs/lang-de';
import { LangEn } from '@nlpjs/lang-en';
import { LangFr } from '@nlpjs/lang-fr';
import { LangNl } from '@nlpjs/lang-nl';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIntentModel, type IntentGuess } from '../../../src/journey/index.ts';
import { corpusOf } from '../../../src/journey/intent-corpus.ts';
import { loadMapOrThrow, SHIPPED_LOCALES, type Locale } from '../../../src/map/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const model = createIntentModel({ map: () => map, texts: () => texts });
let nlp: Nlp;

/** The reading as the model made it through `nlp.process`, typo pass and thresholds alike. */
async function throughProcess(lng: Locale, text: string): Promise<IntentGuess> {
  const once = async (settings?: Record<string, unknown>): Promise<IntentGuess> => {
    const r = await nlp.process(lng, text, undefined, settings);
    const [best, second] = (r.classifications ?? [{ intent: r.intent, score: r.score }]).filter(
      (c) => c.score > 0,
    );
    if (!best) return { intent: 'None', score: 1 };
    return second ? { ...best, runnerUp: second } : { ...best };
  };
  const plain = await once();
  if (plain.intent !== 'None' && plain.score >= 0.4) return plain;
  const corrected = await once({ spellCheck: true });
  return corrected.intent !== 'None' && corrected.score >= 0.9 ? corrected : plain;
}

beforeAll(async () => {
  const container = await containerBootstrap();
  for (const lang of [LangEn, LangNl, LangFr, LangDe]) container.use(lang);
  nlp = new Nlp({
    container,
    languages: [...SHIPPED_LOCALES],
    autoSave: false,
    autoLoad: false,
    nlu: { log: false, useNoneFeature: true },
  });
  for (const lng of SHIPPED_LOCALES)
    for (const u of corpusOf(map, texts, lng)) nlp.addDocument(lng, u.utterance, u.intent);
  await Promise.all([nlp.train(), model.warm()]);
});

describe('the intent model', () => {
  it.each(SHIPPED_LOCALES)('reads %s as the full NLP.js pipeline does', async (lng) => {
    const trained = corpusOf(map, texts, lng).map((u) => u.utterance);
    const untrained = [
      'deliver my order',
      'Morning',
      '07911 123456',
      'unsubscibe',
      'forgt me',
      'nein danke',
      'x',
    ];
    const phrases = [
      ...trained.filter((_, i) => i % 4 === 0),
      ...untrained,
      ...trained.slice(0, 10).map((p) => `${p} please`),
    ];
    for (const text of phrases) {
      expect({ text, got: await model.classify(lng, text) }).toEqual({
        text,
        got: await throughProcess(lng, text),
      });
    }
  });
});
