#!/usr/bin/env node
/**
 * An example back end for the sample dialogue map: it plays both systems of dialogs/catalog.yaml,
 * the logistics platform (`/logistics`) and the mailing platform (`/mailer`). It checks every
 * request's Standard Webhooks signature, books deliveries (three per slot, then the slot is full)
 * and shows what it received on a page at http://127.0.0.1:4000/. Plain node:http, no dependencies.
 *
 *   node examples/shop-backend/server.mjs        (SHOP_PORT, default 4000; secrets from .env)
 *
 * It logs what it received without values; the page shows values, as a demo may.
 */
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';

if (existsSync('.env')) process.loadEnvFile('.env');

/** The same defaults as .env.example, so `npm start` and this server agree out of the box. */
const SECRETS = {
  logistics: process.env.LOGISTICS_WEBHOOK_SECRET || 'whsec_ZXhhbXBsZS1sb2dpc3RpY3Mtc2VjcmV0LWRldg==',
  mailer: process.env.MAILER_WEBHOOK_SECRET || 'whsec_ZXhhbXBsZS1tYWlsZXItc2VjcmV0LWRldmVsb3A=',
};
const PORT = Number(process.env.SHOP_PORT ?? 4000);
const HOST = process.env.SHOP_HOST ?? '127.0.0.1';
const SLOT_CAPACITY = 3;
const NEXT_SLOT = {
  morning: 'tomorrow morning',
  afternoon: 'tomorrow afternoon',
  evening: 'tomorrow evening',
};

/** Standard Webhooks: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed with the secret's base64 part. */
function verify(secret, headers, body) {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sig = headers['webhook-signature'];
  if (!id || !ts || !sig || !/^\d+$/.test(ts)) return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const want = Buffer.from(`v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`);
  return sig.split(' ').some((s) => {
    const got = Buffer.from(s);
    return got.length === want.length && timingSafeEqual(got, want);
  });
}

const received = [];
const bookings = new Map();
/** Answers by webhook-id: a retried action gets the same answer, and books nothing twice. */
const answered = new Map();

function bookDelivery(body) {
  const slot = body.answers?.slot ?? 'any';
  const n = (bookings.get(slot) ?? 0) + 1;
  if (n > SLOT_CAPACITY) return { outcome: 'slot-full', vars: { nextSlot: NEXT_SLOT[slot] ?? 'tomorrow' } };
  bookings.set(slot, n);
  return { vars: { reference: `DL-${String(received.length + 1).padStart(4, '0')}` } };
}

function handle(system, path, id, body) {
  if (path === '/events') return { status: 200, answer: {} };
  const action = /^\/actions\/([a-z0-9-]+)$/.exec(path)?.[1];
  if (!action) return { status: 404, answer: { error: 'no such route' } };
  if (answered.has(id)) return { status: 200, answer: answered.get(id) };
  const answer = system === 'logistics' && action === 'book-delivery' ? bookDelivery(body) : {};
  answered.set(id, answer);
  return { status: 200, answer };
}

const escape = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

function page() {
  const rows = received
    .slice()
    .reverse()
    .map(
      (r) =>
        `<tr><td>${escape(r.at)}</td><td>${escape(r.system)}</td><td>${escape(r.path)}</td><td><code>${escape(r.id)}</code></td>` +
        `<td><pre>${escape(JSON.stringify(r.body, null, 2))}</pre></td><td><pre>${escape(JSON.stringify(r.answer))}</pre></td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>Example shop back end</title><style>body{font:14px system-ui;margin:2rem}td{vertical-align:top;border-top:1px solid #ccc;padding:.4rem}pre{margin:0}</style></head>
<body><h1>Example shop back end</h1><p>What justask sent the logistics and mailing platforms (signatures checked; newest first).
Bookings per slot: ${escape(JSON.stringify(Object.fromEntries(bookings)))} (capacity ${SLOT_CAPACITY}).</p>
<table><thead><tr><th>at</th><th>system</th><th>path</th><th>webhook-id</th><th>body</th><th>answer</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

const server = createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page());
    }
    if (req.method === 'GET' && req.url === '/received.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(received));
    }
    const m = /^\/(logistics|mailer)(\/.*)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end('{"error":"no such route"}');
    }
    const [, system, path] = m;
    const id = req.headers['webhook-id'] ?? '';
    if (!verify(SECRETS[system], req.headers, raw)) {
      console.log(`refused ${system}${path}: bad or missing signature`);
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end('{"error":"bad signature"}');
    }
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      return res.end('{"error":"not JSON"}');
    }
    const { status, answer } = handle(system, path, id, body);
    received.push({ at: new Date().toISOString(), system, path, id, body, answer });
    // Ids, types and item names only: never a value.
    const what =
      path === '/events'
        ? `${body.type} ${body.item} for ${body.purpose}`
        : `items: ${Object.keys(body.data ?? {}).join(', ') || 'none'}`;
    console.log(`${system}${path} ${id} ${what} → ${status} ${JSON.stringify(answer.outcome ?? '')}`);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(`example shop back end on http://${HOST}:${port}/ — set in .env:`);
  console.log(`  LOGISTICS_URL=http://${HOST}:${port}/logistics`);
  console.log(`  MAILER_URL=http://${HOST}:${port}/mailer`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
