/**
 * The intent model: an NLP.js classifier (its en/nl/fr/de tokenisers, stemmers and neural
 * network) trained from the map's trigger phrases and the rights phrases of `locales/` (see
 * intent-corpus.ts). Training takes tens of milliseconds; it runs once per loaded map and texts
 * (a reloaded map retrains on its next use), in the background from `warm()` at start, so the
 * server answers /healthz before it is done and the first message waits for it at most once.
 */
import type { Nlp } from '@nlpjs/nlp';
import { SHIPPED_LOCALES, type DialogueMap, type Locale, type Texts } from '../map/index.ts';
import { onceForMap } from './compiled.ts';
import { corpusOf } from './intent-corpus.ts';

/** The model's best reading of a sentence and the runner-up. `intent` is `None` when nothing fits. */
export interface IntentGuess {
  readonly intent: string;
  readonly score: number;
  readonly runnerUp?: { readonly intent: string; readonly score: number };
}

export interface IntentModel {
  /** The intents of `text` in `lng`, best first (trains first when the map changed). */
  classify(lng: Locale, text: string): Promise<IntentGuess>;
  /** Trains for the current map now; resolves with the milliseconds training took (0: cached). */
  warm(): Promise<number>;
}

export interface IntentModelDeps {
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
}

interface Trained {
  readonly nlp: Nlp;
  readonly ms: number;
}

async function train(map: DialogueMap, texts: Texts): Promise<Trained> {
  const started = performance.now();
  // Loaded here, not at start: NLP.js takes ~150 ms to load, which the server's start need not wait for.
  const [{ containerBootstrap }, { Nlp }, { LangEn }, { LangNl }, { LangFr }, { LangDe }] = await Promise.all(
    [
      import('@nlpjs/core'),
      import('@nlpjs/nlp'),
      import('@nlpjs/lang-en'),
      import('@nlpjs/lang-nl'),
      import('@nlpjs/lang-fr'),
      import('@nlpjs/lang-de'),
    ],
  );
  const container = await containerBootstrap();
  for (const lang of [LangEn, LangNl, LangFr, LangDe]) container.use(lang);
  const nlp = new Nlp({
    container,
    languages: [...SHIPPED_LOCALES],
    autoSave: false,
    autoLoad: false,
    nlu: { log: false, useNoneFeature: true },
    // Only the intents are read: no sentiment (NLP.js scores it on every message by default).
    calculateSentiment: false,
  });
  for (const lng of SHIPPED_LOCALES) {
    for (const u of corpusOf(map, texts, lng)) nlp.addDocument(lng, u.utterance, u.intent);
  }
  await nlp.train();
  return { nlp, ms: performance.now() - started };
}

/** Below this, the plain reading is retried with spelling correction… */
const TYPO_PASS_BELOW = 0.4;
/** …whose reading counts only from this score on. */
const TYPO_SURE = 0.9;

async function read(
  nlp: Nlp,
  lng: Locale,
  text: string,
  settings?: Record<string, unknown>,
): Promise<IntentGuess> {
  // The classifier itself, not `process`: its contexts, answers, actions and entity pass cost twice
  // the classification, and the intents read here are the classifier's, unchanged by them.
  const r = await nlp.nluManager.process({
    locale: lng,
    utterance: text,
    settings: { ...nlp.settings.nlu, ...settings },
  });
  const [best, second] = (r.classifications ?? [{ intent: r.intent, score: r.score }]).filter(
    (c) => c.score > 0,
  );
  if (!best) return { intent: 'None', score: 1 };
  return second ? { ...best, runnerUp: second } : { ...best };
}

export function createIntentModel(deps: IntentModelDeps): IntentModel {
  const trained = (): { promise: Promise<Trained>; fresh: boolean } => {
    let fresh = false;
    const promise = onceForMap(deps.map(), deps.texts(), 'intent-model', () => {
      fresh = true;
      return train(deps.map(), deps.texts());
    });
    return { promise, fresh };
  };

  return {
    async classify(lng, text) {
      const { nlp } = await trained().promise;
      const plain = await read(nlp, lng, text);
      if (plain.intent !== 'None' && plain.score >= TYPO_PASS_BELOW) return plain;
      // Nothing fits: maybe a typo ("unsubscibe"). Read again with NLP.js's spelling correction, and
      // take that only when it is sure: correcting short words also makes false friends ("liever").
      const corrected = await read(nlp, lng, text, { spellCheck: true });
      return corrected.intent !== 'None' && corrected.score >= TYPO_SURE ? corrected : plain;
    },
    async warm() {
      const { promise, fresh } = trained();
      const { ms } = await promise;
      return fresh ? ms : 0;
    },
  };
}
