/**
 * A choice item's option names in map.json: looked up per language (English, then the id, when a
 * language has none), and a name declared for an option the item does not have is a map problem.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadMap, loadMapOrThrow, optionLabel } from '../../../src/map/index.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('choice item option names', () => {
  it('names an option in the language, else in English, else by its id', () => {
    const { texts } = loadMapOrThrow({
      dialogsDir: resolve('test/fixtures/bike-insurance'),
      localesDir: resolve('locales'),
    });
    expect(optionLabel(texts, 'nl', 'bike-type', 'e-bike')).toBe('Elektrische fiets');
    expect(optionLabel(texts, 'de', 'bike-type', 'racing')).toBe('Rennrad');
    expect(optionLabel(texts, 'nl', 'bike-type', 'cargo')).toBe('cargo');
  });

  it('reports a name given to an option the item does not have, with its file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'justask-options-'));
    dirs.push(dir);
    cpSync(resolve('test/fixtures/bike-insurance'), dir, { recursive: true });
    const file = join(dir, 'locales/nl/map.json');
    const map = JSON.parse(readFileSync(file, 'utf8')) as { items: Record<string, { options: object }> };
    map.items['bike-type']!.options = { ...map.items['bike-type']!.options, 'e-bikke': 'E-bike' };
    writeFileSync(file, JSON.stringify(map, null, 2));
    const problems = loadMap({ dialogsDir: dir, localesDir: resolve('locales') }).problems.map(formatProblem);
    expect(
      problems.some((p) =>
        /items\.bike-type\.options\.e-bikke in locale nl: "bike-type" has no option "e-bikke" \(its options: city, e-bike, racing\)/.test(
          p,
        ),
      ),
    ).toBe(true);
  });
});
