/**
 * How well the bot understands what customers want, measured on sentences it was never taught
 * (test/fixtures/intents/held-out.json): per language, the precision of what it acts on and the
 * recall over everything asked, with the real intent model trained from the shipped map and texts.
 * "Did you mean …?" counts as no answer (it loses recall, never precision).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIntentModel, labelOf, recognizeIntent } from '../../../src/journey/index.ts';
import { corpusOf } from '../../../src/journey/intent-corpus.ts';
import { normalize } from '../../../src/journey/recognize.ts';
import { loadMapOrThrow, SHIPPED_LOCALES, type Locale } from '../../../src/map/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
const heldOut = JSON.parse(readFileSync(resolve('test/fixtures/intents/held-out.json'), 'utf8')) as Record<
  Locale,
  [string, string][]
>;
const model = createIntentModel({ map: () => map, texts: () => texts });

/** What each language must reach on the held-out set. */
const MIN_PRECISION = 0.9;
const MIN_RECALL = 0.8;

/** Sentences that leave a task or stop a use: none of them may ever start a task. */
const LEAVING = /^(withdraw-journey|unsubscribe|stop|withdraw-all|object)/;

type Reading = { text: string; want: string; got: string };
const readings = new Map<Locale, Reading[]>();

beforeAll(async () => {
  const ms = await model.warm();
  console.log(`intent model trained in ${Math.round(ms)} ms`);
  for (const lng of SHIPPED_LOCALES) {
    const rows: Reading[] = [];
    for (const [text, want] of heldOut[lng]) {
      const r = recognizeIntent(map, texts, lng, text, await model.classify(lng, text));
      const got = !r ? 'none' : r.sure ? labelOf(r.intent) : `unsure:${r.options.map(labelOf).join('|')}`;
      rows.push({ text, want, got });
    }
    readings.set(lng, rows);
  }
});

describe('intents on held-out sentences', () => {
  it.each(SHIPPED_LOCALES)('%s: none of the held-out sentences is in the training data', (lng) => {
    const taught = new Set(corpusOf(map, texts, lng).map((u) => normalize(u.utterance)));
    expect(heldOut[lng].map(([text]) => text).filter((text) => taught.has(normalize(text)))).toEqual([]);
  });

  it.each(SHIPPED_LOCALES)(`%s: precision ≥ ${MIN_PRECISION} and recall ≥ ${MIN_RECALL}`, (lng) => {
    const rows = readings.get(lng) ?? [];
    const acted = rows.filter((r) => r.got !== 'none' && !r.got.startsWith('unsure:'));
    const right = acted.filter((r) => r.got === r.want);
    const asked = rows.filter((r) => r.want !== 'none');
    const precision = right.length / acted.length;
    const recall = right.length / asked.length;
    const wrong = rows.filter((r) => r.got !== r.want).map((r) => `${r.text} → ${r.got} (want ${r.want})`);
    console.log(
      `${lng}: precision ${precision.toFixed(2)} (${right.length}/${acted.length}), recall ${recall.toFixed(2)} (${right.length}/${asked.length})`,
      wrong,
    );
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(recall).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it.each(SHIPPED_LOCALES)('%s: no sentence that leaves a task or stops a use starts a task', (lng) => {
    const leaving = (readings.get(lng) ?? []).filter((r) => LEAVING.test(r.want));
    expect(leaving.length).toBeGreaterThanOrEqual(4);
    expect(leaving.filter((r) => r.got.startsWith('journey:'))).toEqual([]);
  });
});
