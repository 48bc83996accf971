/**
 * `GET /privacy?lang=xx[&version=n-…][&format=json]`: the privacy notice (GDPR Art. 13) as an
 * HTML page in the asked language (else the browser's, else English), with links to the others.
 * Without `version` it is the notice of the running map; with one, that version from the notice
 * archive (404 when unknown), or with `format=json` the archive record itself: every locale's
 * notice and the exact wording of every ask, so a ledger `textHash` can be checked against it.
 */
import type { Request, Response, Server } from 'restify';
import {
  noticeArchiveOf,
  noticeHtml,
  noticePage,
  readNoticeArchive,
  SHIPPED_LOCALES,
  toLocale,
  type DialogueMap,
  type Locale,
  type NoticeArchive,
  type Texts,
} from '../map/index.ts';

export interface PrivacyDeps {
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
  /** Folders holding archived notice versions (`<version>.json`), searched in order. */
  readonly archiveDirs?: readonly string[];
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

/** The archive record of `version`: the running map's own, else from the archive folders. */
function archived(deps: PrivacyDeps, version: string): NoticeArchive | undefined {
  const map = deps.map();
  if (version === map.noticeVersion) return noticeArchiveOf(map, deps.texts(), version);
  return readNoticeArchive(deps.archiveDirs ?? [], version);
}

function send(res: Response, status: number, type: string, body: string, lng?: Locale): void {
  res.setHeader('Content-Type', type);
  if (lng) res.setHeader('Content-Language', lng);
  res.sendRaw(status, body);
}

/** Serves one archived version (HTML in `lng`, or the whole record as JSON). */
function serveVersion(deps: PrivacyDeps, res: Response, query: Record<string, unknown>, lng: Locale) {
  const version = String(query.version);
  const record = archived(deps, version);
  if (!record) {
    return send(
      res,
      404,
      'text/plain; charset=utf-8',
      `notice version ${version.slice(0, 40)} is not known\n`,
    );
  }
  res.setHeader('Cache-Control', 'public, max-age=86400, immutable');
  if (query.format === 'json') {
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(record, null, 2) + '\n');
  }
  const page = record.locales[lng];
  if (!page) return send(res, 404, 'text/plain; charset=utf-8', `no ${lng} text in ${version}\n`);
  const link = (l: Locale) => `/privacy?lang=${l}&version=${encodeURIComponent(version)}`;
  send(
    res,
    200,
    'text/html; charset=utf-8',
    noticePage(page.notice, deps.texts(), lng, page.title, link),
    lng,
  );
}

/** Mounts the privacy notice page. */
export function mountPrivacy(deps: PrivacyDeps) {
  return (server: Server): void => {
    server.get('/privacy', async (req: Request, res: Response) => {
      const query = (req.query ?? {}) as Record<string, unknown>;
      const lng = noticeLanguage(query.lang, req.headers['accept-language']);
      if (typeof query.version === 'string' && query.version !== '') {
        serveVersion(deps, res, query, lng);
        return Promise.resolve();
      }
      const map = deps.map();
      const html = noticeHtml(map, deps.texts(), lng, map.noticeVersion, (l) => `/privacy?lang=${l}`);
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('ETag', `"${map.noticeVersion}-${lng}"`);
      send(res, 200, 'text/html; charset=utf-8', html, lng);
      return Promise.resolve();
    });
  };
}
