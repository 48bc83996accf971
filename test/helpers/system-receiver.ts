/**
 * A business system for tests: a real HTTP server that receives the bot's actions and events,
 * checks each Standard Webhooks signature, keeps what it received, and answers what the test
 * says (a status, a JSON body, after a delay).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { verifyWebhook } from '../../src/shared/webhook-signature.ts';

export interface Received {
  readonly path: string;
  readonly id: string;
  readonly signed: boolean;
  /** The three Standard Webhooks headers as sent. */
  readonly headers: { readonly timestamp?: string; readonly signature?: string };
  readonly body: unknown;
  readonly raw: string;
}

export interface Answer {
  readonly status?: number;
  /** A JSON value, or a string sent as it is. */
  readonly body?: unknown;
  readonly delayMs?: number;
}

export interface SystemReceiver {
  readonly url: string;
  readonly secret: string;
  readonly received: Received[];
  /** How the next requests are answered (default 200 `{}`). */
  answer: (r: Received) => Answer;
  close(): Promise<void>;
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export async function startSystemReceiver(
  secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
): Promise<SystemReceiver> {
  const sockets = new Set<import('node:net').Socket>();
  const r: SystemReceiver = {
    url: '',
    secret,
    received: [],
    answer: () => ({}),
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const id = header(req, 'webhook-id') ?? '';
      const signed = verifyWebhook(
        secret,
        { id, timestamp: header(req, 'webhook-timestamp'), signature: header(req, 'webhook-signature') },
        raw,
        Math.floor(Date.now() / 1000),
      );
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const headers = {
        ...(header(req, 'webhook-timestamp') ? { timestamp: header(req, 'webhook-timestamp') } : {}),
        ...(header(req, 'webhook-signature') ? { signature: header(req, 'webhook-signature') } : {}),
      };
      const rec = { path: req.url ?? '', id, signed, headers, body, raw };
      r.received.push(rec);
      const a = r.answer(rec);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
        res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? {}));
      };
      if (a.delayMs) setTimeout(send, a.delayMs).unref();
      else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return Object.assign(r, { url: `http://127.0.0.1:${port}` });
}
