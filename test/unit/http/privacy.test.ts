/** `GET /privacy?lang=xx`: the notice generated from the running map, in all four languages. */
import { resolve } from 'node:path';
import restify, { type Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountPrivacy, noticeLanguage } from '../../../src/http/privacy.ts';
import { loadMapOrThrow, noticeHtml } from '../../../src/map/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
let server: Server;
let url: string;
beforeAll(async () => {
  server = restify.createServer();
  server.use(restify.plugins.queryParser({ mapParams: false }));
  mountPrivacy({ map: () => map, texts: () => texts })(server);
  await new Promise<void>((ok) => {
    server.listen(0, '127.0.0.1', () => ok());
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(
  () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
    }),
);

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
