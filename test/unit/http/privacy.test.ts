/**
 * `GET /privacy?lang=xx`: the notice generated from the running map, in all four languages, and
 * any archived version with `&version=` (404 when unknown), as HTML or as its JSON record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import restify, { type Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountPrivacy, noticeLanguage } from '../../../src/http/privacy.ts';
import {
  loadMapOrThrow,
  noticeArchiveOf,
  noticeHtml,
  writeNoticeArchive,
  type NoticeArchive,
} from '../../../src/map/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
/** An earlier notice: the tiny map's, archived before the sample map was published. */
const old = loadMapOrThrow({ dialogsDir: resolve('test/fixtures/tiny'), localesDir: resolve('locales') });
const archiveDir = mkdtempSync(join(tmpdir(), 'justask-privacy-'));
writeNoticeArchive(archiveDir, noticeArchiveOf(old.map, old.texts, old.map.noticeVersion));
let server: Server;
let url: string;
beforeAll(async () => {
  server = restify.createServer();
  server.use(restify.plugins.queryParser({ mapParams: false }));
  mountPrivacy({ map: () => map, texts: () => texts, archiveDirs: [archiveDir] })(server);
  await new Promise<void>((ok) => {
    server.listen(0, '127.0.0.1', () => ok());
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((ok) => {
    server.close(() => ok());
  });
  rmSync(archiveDir, { recursive: true, force: true });
});

describe('GET /privacy', () => {
  it.each(['en', 'nl', 'fr', 'de'] as const)('serves the notice in %s as HTML', async (lng) => {
    const res = await fetch(`${url}/privacy?lang=${lng}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-language')).toBe(lng);
    expect(await res.text()).toBe(
      noticeHtml(map, texts, lng, map.noticeVersion, (l) => `/privacy?lang=${l}`),
    );
  });

  it('follows the browser’s language without ?lang, and says the version', async () => {
    const res = await fetch(`${url}/privacy`, { headers: { 'accept-language': 'de-CH, fr;q=0.8' } });
    const html = await res.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain(`Version ${map.noticeVersion}.`);
    expect(html).toContain('Autoriteit Persoonsgegevens');
  });

  it.each([
    [undefined, undefined, 'en'],
    ['nl-BE', undefined, 'nl'],
    ['es', 'es-ES, fr;q=0.5', 'fr'],
    [undefined, 'it, en;q=0.1', 'en'],
  ])('picks the language from lang=%s and Accept-Language %s: %s', (lang, accept, want) => {
    expect(noticeLanguage(lang, accept)).toBe(want);
  });
});

describe('GET /privacy?version=', () => {
  it('serves an earlier, archived version in the asked language', async () => {
    const res = await fetch(`${url}/privacy?lang=nl&version=${old.map.noticeVersion}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe('nl');
    const html = await res.text();
    expect(html).toContain('<h1>Privacyverklaring van Tiny Shop</h1>');
    expect(html).toContain(`Versie ${old.map.noticeVersion}.`);
    expect(html).toContain(`href="/privacy?lang=de&#38;version=${old.map.noticeVersion}"`);
  });

  it('serves the running version by its number too', async () => {
    const html = await (await fetch(`${url}/privacy?lang=fr&version=${map.noticeVersion}`)).text();
    expect(html).toContain(`Version ${map.noticeVersion}.`);
    expect(html).toContain('Example Shop B.V.');
  });

  it('gives the archive record as JSON, with the exact wording of every ask', async () => {
    const res = await fetch(`${url}/privacy?version=${old.map.noticeVersion}&format=json`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const record = (await res.json()) as NoticeArchive;
    expect(record.version).toBe(old.map.noticeVersion);
    expect(record.locales.en?.texts.find((x) => x.kind === 'ask')?.text).toMatch(
      /^To send news \(en\): what's your/,
    );
  });

  it.each(['n-000000000000', '../../etc/passwd', 'n-'])(
    'answers 404 for an unknown version %s',
    async (v) => {
      const res = await fetch(`${url}/privacy?lang=en&version=${encodeURIComponent(v)}`);
      expect(res.status).toBe(404);
    },
  );
});
