/**
 * The marketers' dashboard at `/admin`: static files from `public/admin/` and its two libraries
 * served from node_modules (Chart.js for the trend, Cytoscape.js with its dagre layout for the
 * dialogue map), no CDN.
 * Files are read once at start and served gzipped when the browser accepts it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public', 'admin');
const require = createRequire(import.meta.url);

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Chart.js and Cytoscape.js size their canvases through element styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page's own files (a fixed list: nothing else under /admin is served). */
const PAGE_FILES = [
  'index.html',
  'dashboard.css',
  'main.js',
  'texts.js',
  'api.js',
  'trend.js',
  'table.js',
  'map.js',
];

/** Library bundles: URL name → file inside the package's dist/ folder. */
const VENDOR: Record<string, { pkg: string; file: string }> = {
  'chart.umd.min.js': { pkg: 'chart.js', file: 'chart.umd.min.js' },
  'cytoscape.min.js': { pkg: 'cytoscape', file: 'cytoscape.min.js' },
  // Registers the dagre layout on window.cytoscape; bundles dagre itself.
  'cytoscape-dagre.min.js': { pkg: 'cytoscape-dagre', file: 'cytoscape-dagre.min.js' },
};

interface Asset {
  readonly raw: Buffer;
  readonly gz: Buffer;
  readonly type: string;
}

const asset = (file: string): Asset => {
  const raw = readFileSync(file);
  return {
    raw,
    gz: gzipSync(raw),
    type: TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
  };
};

function send(req: Request, res: Response, a: Asset, cache: string): void {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.header('Content-Type', a.type);
  res.header('Cache-Control', cache);
  res.header('Vary', 'Accept-Encoding');
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Content-Security-Policy', CSP);
  res.header('Referrer-Policy', 'no-referrer');
  if (gzip) res.header('Content-Encoding', 'gzip');
  res.sendRaw(200, gzip ? a.gz : a.raw);
}

/** Mounts `/admin` (the page), `/admin/<file>` and `/admin/vendor/<library>`. */
export function mountDashboard(): (server: Server) => void {
  const page = new Map(PAGE_FILES.map((f) => [f, asset(join(PUBLIC, f))]));
  const vendor = new Map(
    Object.entries(VENDOR).map(([name, v]) => [name, asset(join(dirname(require.resolve(v.pkg)), v.file))]),
  );
  const notFound = (res: Response) => void res.send(404, { error: 'not found' });
  return (server) => {
    const index = async (req: Request, res: Response) => {
      send(req, res, page.get('index.html') as Asset, 'no-cache');
      return Promise.resolve();
    };
    server.get('/admin', index);
    server.get('/admin/', index);
    server.get('/admin/:file', async (req: Request, res: Response) => {
      const a = page.get(String((req.params as { file?: string }).file));
      if (a) send(req, res, a, 'no-cache');
      else notFound(res);
      return Promise.resolve();
    });
    server.get('/admin/vendor/:file', async (req: Request, res: Response) => {
      const a = vendor.get(String((req.params as { file?: string }).file));
      if (a) send(req, res, a, 'public, max-age=86400');
      else notFound(res);
      return Promise.resolve();
    });
  };
}
