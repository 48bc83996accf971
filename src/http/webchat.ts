/**
 * The local web chat page at `/`: Bot Framework Web Chat (its bundle served from node_modules at
 * `/vendor/webchat.js`, no CDN) talking to this server's Direct Line, with a language picker.
 * Page texts come from `locales/<lng>/web.json`, checked at start.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { DIRECTLINE_PATH } from './directline.ts';

const LANGUAGES = ['en', 'nl', 'fr', 'de'] as const;
type Language = (typeof LANGUAGES)[number];

const PageTexts = z.strictObject({
  'language-name': z.string().min(1),
  locale: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/),
  title: z.string().min(1),
  tagline: z.string().min(1),
  language: z.string().min(1),
  connecting: z.string().min(1),
  failed: z.string().min(1),
  'needs-token': z.string().min(1),
  /** Announced when the language changes and the conversation goes on in it. */
  'language-kept': z.string().min(1),
});
type PageTexts = z.infer<typeof PageTexts>;

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Web Chat styles itself with inline <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const here = dirname(fileURLToPath(import.meta.url));
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Reads and checks `locales/<lng>/web.json` for every language; throws naming the bad file. */
export function loadPageTexts(localesDir: string): Record<Language, PageTexts> {
  const entries = LANGUAGES.map((lng) => {
    const file = join(localesDir, lng, 'web.json');
    const parsed = PageTexts.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new Error(
        `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    return [lng, parsed.data] as const;
  });
  return Object.fromEntries(entries) as Record<Language, PageTexts>;
}

/** The page language: `?lang=`, else the first supported Accept-Language, else English. */
function languageOf(req: Request): Language {
  const lang = (req.query as Record<string, unknown> | undefined)?.lang;
  const asked = [typeof lang === 'string' ? lang : ''];
  for (const part of String(req.headers['accept-language'] ?? '').split(','))
    asked.push(part.trim().slice(0, 2).toLowerCase());
  return asked.find((l): l is Language => (LANGUAGES as readonly string[]).includes(l)) ?? 'en';
}

/** The Web Chat bundle, gzipped once on first request. */
function vendorBundle() {
  const pkgDir = join(dirname(createRequire(import.meta.url).resolve('botframework-webchat')), '..');
  const file = join(pkgDir, 'dist', 'webchat.js');
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  let zipped: Promise<{ raw: Buffer; gz: Buffer }> | undefined;
  const load = () => {
    const raw = readFileSync(file);
    return promisify(gzip)(raw).then((gz) => ({ raw, gz }));
  };
  return async (req: Request, res: Response) => {
    const etag = `"webchat-${version}"`;
    res.header('Cache-Control', 'public, max-age=86400');
    res.header('ETag', etag);
    if (req.headers['if-none-match'] === etag) return void res.send(304);
    zipped ??= load();
    const { raw, gz } = await zipped;
    const useGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.header('Content-Type', 'text/javascript; charset=utf-8');
    res.header('Vary', 'Accept-Encoding');
    if (useGzip) res.header('Content-Encoding', 'gzip');
    res.sendRaw(200, useGzip ? gz : raw);
  };
}

export interface WebChatOptions {
  readonly localesDir: string;
}

/** Mounts `/`, `/webchat/chat.js` and `/vendor/webchat.js`. */
export function mountWebChat(opts: WebChatOptions): (server: Server) => void {
  const texts = loadPageTexts(opts.localesDir);
  const template = readFileSync(join(here, 'pages', 'webchat.html'), 'utf8');
  const script = readFileSync(join(here, 'pages', 'webchat.js'));
  const options = LANGUAGES.map(
    (l) => `<option value="${l}">${escapeHtml(texts[l]['language-name'])}</option>`,
  );

  function page(lang: Language): string {
    const t = texts[lang];
    const config = JSON.stringify({ lang, texts, directLine: DIRECTLINE_PATH }).replace(/</g, '\\u003c');
    const vars: Record<string, string> = {
      lang,
      title: escapeHtml(t.title),
      tagline: escapeHtml(t.tagline),
      language: escapeHtml(t.language),
      connecting: escapeHtml(t.connecting),
      options: options.map((o) => (o.includes(`"${lang}"`) ? o.replace('>', ' selected>') : o)).join(''),
      config,
    };
    return template.replace(/\{\{(\w+)\}\}/g, (m: string, k: string) => vars[k] ?? m);
  }

  return (server) => {
    server.get('/', async (req: Request, res: Response) => {
      res.header('Content-Type', 'text/html; charset=utf-8');
      res.header('Content-Security-Policy', CSP);
      res.header('X-Content-Type-Options', 'nosniff');
      res.header('Referrer-Policy', 'no-referrer');
      res.header('Cache-Control', 'no-cache');
      res.sendRaw(200, page(languageOf(req)));
      return Promise.resolve();
    });
    server.get('/webchat/chat.js', async (_req: Request, res: Response) => {
      res.header('Content-Type', 'text/javascript; charset=utf-8');
      res.header('Cache-Control', 'no-cache');
      res.sendRaw(200, script);
      return Promise.resolve();
    });
    server.get('/vendor/webchat.js', vendorBundle());
  };
}
