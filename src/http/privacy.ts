/**
 * `GET /privacy?lang=xx`: the privacy notice (GDPR Art. 13) generated from the running map, as
 * an HTML page in the asked language (else the browser's, else English), with links to the others.
 */
import type { Request, Response, Server } from 'restify';
import {
  noticeHtml,
  SHIPPED_LOCALES,
  toLocale,
  type DialogueMap,
  type Locale,
  type Texts,
} from '../map/index.ts';

export interface PrivacyDeps {
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
}

/** The language to show: `?lang=`, else the first shipped one in Accept-Language, else en. */
export function noticeLanguage(lang: unknown, acceptLanguage: string | undefined): Locale {
  if (
    typeof lang === 'string' &&
    (SHIPPED_LOCALES as readonly string[]).includes(lang.slice(0, 2).toLowerCase())
  )
    return toLocale(lang);
  const wanted = (acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]?.trim() ?? '');
  const found = wanted.find((tag) =>
    (SHIPPED_LOCALES as readonly string[]).includes(tag.slice(0, 2).toLowerCase()),
  );
  return toLocale(found);
}

/** Mounts the privacy notice page. */
export function mountPrivacy(deps: PrivacyDeps) {
  return (server: Server): void => {
    server.get('/privacy', async (req: Request, res: Response) => {
      const query = (req.query ?? {}) as Record<string, unknown>;
      const lng = noticeLanguage(query.lang, req.headers['accept-language']);
      const map = deps.map();
      const html = noticeHtml(map, deps.texts(), lng, map.noticeVersion, (l) => `/privacy?lang=${l}`);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Content-Language', lng);
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('ETag', `"${map.noticeVersion}-${lng}"`);
      res.sendRaw(200, html);
      return Promise.resolve();
    });
  };
}
