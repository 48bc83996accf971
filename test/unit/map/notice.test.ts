/** The privacy notice and the record of processing of the tiny map, compared with exact expected files. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildRopa,
  loadMapOrThrow,
  noticeHtml,
  noticeMarkdown,
  noticeVersionOf,
  ropaCsv,
  ropaJson,
} from '../../../src/map/index.ts';

const locales = resolve('locales');
const expected = (file: string) => readFileSync(resolve('test/fixtures/tiny-expected', file), 'utf8');
const tiny = () => loadMapOrThrow({ dialogsDir: resolve('test/fixtures/tiny'), localesDir: locales });
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The notice version of a copy of the tiny map (in `map/`) and the shipped locales (in `locales/`), one file edited. */
function versionAfter(file: string, edit: (s: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'justask-notice-'));
  dirs.push(dir);
  cpSync(resolve('test/fixtures/tiny'), join(dir, 'map'), { recursive: true });
  cpSync(locales, join(dir, 'locales'), { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return loadMapOrThrow({ dialogsDir: join(dir, 'map'), localesDir: join(dir, 'locales') }).map.noticeVersion;
}

describe('the privacy notice', () => {
  it.each(['en', 'nl'] as const)('is exactly the expected Markdown in %s', (lng) => {
    const { map, texts } = tiny();
    expect(noticeMarkdown(map, texts, lng, 'n-TEST')).toBe(expected(`notice.${lng}.md`));
  });

  it('is exactly the expected HTML page, with a menu of every language', () => {
    const { map, texts } = tiny();
    expect(noticeHtml(map, texts, 'en', 'n-TEST', (l) => `/privacy?lang=${l}`)).toBe(
      expected('notice.en.html'),
    );
  });

  it('has a version that is a hash of its content, stored in the map', () => {
    const { map, texts } = tiny();
    expect(map.noticeVersion).toMatch(/^n-[0-9a-f]{12}$/);
    expect(noticeVersionOf(map, texts)).toBe(map.noticeVersion);
  });

  it.each([
    ['a longer retention', 'map/catalog.yaml', (s: string) => s.replace('retention: P1Y', 'retention: P2Y')],
    ['another recipient', 'map/catalog.yaml', (s: string) => s.replace('Mailer Inc.', 'Post Inc.')],
    [
      'a declared transfer',
      'map/catalog.yaml',
      (s: string) => s.replace('standard-contractual-clauses', 'adequacy'),
    ],
    [
      'how long the ledger is kept',
      'map/catalog.yaml',
      (s: string) => s.replace('ledger: P5Y', 'ledger: P6Y'),
    ],
    [
      'a purpose text in Dutch',
      'map/locales/nl/map.json',
      (s: string) => s.replace('the news (nl)', 'het nieuws'),
    ],
    ['where it is asked', 'map/locales/en/map.json', (s: string) => s.replace('Sign up (en)', 'Join (en)')],
    [
      'the wording of an ask, which the notice does not show',
      'locales/fr/bot.json',
      (s: string) => s.replace('Vous êtes libre de refuser.', 'Vous pouvez refuser.'),
    ],
    [
      'the wording of a confirmation',
      'locales/de/bot.json',
      (s: string) => s.replace('Danke, ich habe', 'Danke, gespeichert ist'),
    ],
  ])('changes with %s', (_what, file, edit) => {
    expect(versionAfter(file, edit)).not.toBe(tiny().map.noticeVersion);
  });

  it('does not change with a text the notice does not show', () => {
    expect(versionAfter('map/locales/en/map.json', (s) => s.replace('Not subscribed (en)', 'Fine.'))).toBe(
      tiny().map.noticeVersion,
    );
  });
});

describe('the record of processing activities (Art. 30)', () => {
  it('is exactly the expected CSV', () => {
    const { map, texts } = tiny();
    expect(ropaCsv(buildRopa(map, texts, 'n-TEST'), texts)).toBe(expected('ropa.csv'));
  });

  it('is exactly the expected CSV in Dutch', () => {
    const { map, texts } = tiny();
    expect(ropaCsv(buildRopa(map, texts, 'n-TEST', 'nl'), texts)).toBe(expected('ropa.nl.csv'));
  });

  it('is exactly the expected JSON', () => {
    const { map, texts } = tiny();
    expect(ropaJson(buildRopa(map, texts, 'n-TEST'))).toBe(expected('ropa.json'));
  });
});
