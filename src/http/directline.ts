/**
 * HTTP and WebSocket routes of the local Direct Line 3.0 endpoint under `/v3/directline`:
 * tokens, conversations, activities, the activity stream (WebSocket, as Web Chat uses by default)
 * and the Bot Connector–compatible endpoint the bot's replies come back to. The logic lives in
 * the channels' Direct Line service; these routes only translate HTTP to it and back.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DirectLineService, LocalConnector, Result, StreamEvent } from '../channels/index.ts';

export const DIRECTLINE_PATH = '/v3/directline';
const CONNECTOR_PATH = `${DIRECTLINE_PATH}/connector`;
const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const PING_MS = 30_000;

export interface DirectLineRoutesOptions {
  readonly service: DirectLineService;
  readonly connector: LocalConnector;
  /** PUBLIC_URL: when set, stream URLs are built from it instead of the request's host. */
  readonly publicUrl?: string;
  /** Abuse limits (429) in front of the client routes; the bot's connector endpoint has none. */
  readonly limit?: RequestHandler;
}

type Query = Record<string, string | undefined>;
const query = (req: Request) => (req.query ?? {}) as Query;
const param = (req: Request, name: string) => (req.params as Record<string, string>)[name] ?? '';

/** ws(s)://host/v3/directline as the page reaches this server. */
function streamBase(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '').replace(/^http/, 'ws') + DIRECTLINE_PATH;
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim();
  const secure = forwarded ? forwarded === 'https' : req.isSecure();
  return `${secure ? 'wss' : 'ws'}://${req.headers.host ?? 'localhost'}${DIRECTLINE_PATH}`;
}

/** The connector's serviceUrl: this server's own listening address, loopback for a wildcard. */
function connectorUrl(addr: Pick<AddressInfo, 'address' | 'family' | 'port'>): string {
  const wildcard = addr.address === '0.0.0.0' || addr.address === '::';
  const host = wildcard ? '127.0.0.1' : addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `http://${host}:${addr.port}${CONNECTOR_PATH}`;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** Answers an upgrade request with `status` and closes the socket. */
function refuse(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Forbidden'}\r\nConnection: close\r\n\r\n`, () =>
    socket.destroy(),
  );
}

/** The stream's conversation id and query from an upgrade request's URL, or undefined when it is not one. */
function parseStreamUrl(raw: string): { id: string; url: URL } | 'malformed' | undefined {
  let url: URL;
  try {
    url = new URL(raw, 'http://local');
  } catch {
    return 'malformed';
  }
  const m = STREAM_PATH.exec(url.pathname);
  if (!m?.[1]) return undefined;
  try {
    return { id: decodeURIComponent(m[1]), url };
  } catch {
    return 'malformed';
  }
}

/** Refuses an upgrade with the service's status and JSON reason (and Retry-After on 429). */
function refuseWith(socket: Duplex, r: Result): void {
  const body = JSON.stringify(r.body);
  const retry = r.retryAfter === undefined ? '' : `Retry-After: ${r.retryAfter}\r\n`;
  socket.end(
    `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? 'Error'}\r\nConnection: close\r\n${retry}` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function deliver(ws: WebSocket, e: StreamEvent): void {
  if (e.kind === 'end') ws.close(1000, 'conversation ended');
  else if (e.activities.length > 0)
    ws.send(JSON.stringify({ activities: e.activities, watermark: e.watermark }));
}

/** Serves `streamUrl`: checks the stream token before upgrading, then pushes activity sets. */
function mountStream(server: Server, service: DirectLineService): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const parsed = parseStreamUrl(req.url ?? '/');
    if (parsed === 'malformed') return refuse(socket, 400);
    if (!parsed) {
      if (server.server.listenerCount('upgrade') === 1) refuse(socket, 404);
      return;
    }
    const { id, url } = parsed;
    let ws: WebSocket | undefined;
    const early: StreamEvent[] = [];
    const stream = service.openStream(
      url.searchParams.get('t') ?? '',
      id,
      url.searchParams.get('watermark') ?? undefined,
      (e) => (ws ? deliver(ws, e) : early.push(e)),
    );
    if ('status' in stream) return refuseWith(socket, stream);
    wss.handleUpgrade(req, socket, head, (client) => {
      ws = client;
      const ping = setInterval(() => client.ping(), PING_MS);
      ping.unref();
      client.on('close', () => {
        clearInterval(ping);
        stream.close();
      });
      client.on('error', () => client.terminate());
      deliver(client, stream.backlog);
      for (const e of early.splice(0)) deliver(client, e);
    });
  };
  // An upgrade runs outside restify's error sink: a throw here would end the process.
  server.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      upgrade(req, socket, head);
    } catch {
      refuse(socket, 500);
    }
  });
  return () => {
    for (const c of wss.clients) c.terminate();
  };
}

/** Mounts the local Direct Line on `server` (call only when it is enabled). */
export function mountDirectLine(opts: DirectLineRoutesOptions): (server: Server) => void {
  const { service } = opts;
  const reply = (res: Response, r: Result) => {
    res.header('Cache-Control', 'no-store');
    if (r.retryAfter !== undefined) res.header('Retry-After', String(r.retryAfter));
    res.send(r.status, r.body);
  };
  const auth = (req: Request) => req.headers.authorization;
  const limit = opts.limit ?? ((_req: Request, _res: Response, next: Next) => next());
  return (server) => {
    server.server.on('listening', () => opts.connector.setUrl(connectorUrl(server.address())));
    const stopStreams = mountStream(server, service);
    // Open streams would keep server.close() waiting for ever: end them when the server closes.
    const close = server.close.bind(server);
    server.close = (callback?: () => unknown): unknown => {
      stopStreams();
      return close(callback);
    };

    server.post(`${DIRECTLINE_PATH}/tokens/generate`, limit, async (req: Request, res: Response) => {
      reply(res, service.generateToken(auth(req), req.body));
      return Promise.resolve();
    });
    server.post(`${DIRECTLINE_PATH}/tokens/refresh`, limit, async (req: Request, res: Response) => {
      reply(res, service.refreshToken(auth(req)));
      return Promise.resolve();
    });
    server.post(`${DIRECTLINE_PATH}/conversations`, limit, async (req: Request, res: Response) => {
      reply(res, await service.startConversation(auth(req), req.body, streamBase(req, opts.publicUrl)));
    });
    server.get(`${DIRECTLINE_PATH}/conversations/:id`, limit, async (req: Request, res: Response) => {
      const base = streamBase(req, opts.publicUrl);
      reply(res, service.reconnect(auth(req), param(req, 'id'), query(req).watermark, base));
      return Promise.resolve();
    });
    server.post(
      `${DIRECTLINE_PATH}/conversations/:id/activities`,
      limit,
      async (req: Request, res: Response) => {
        reply(res, await service.postActivity(auth(req), param(req, 'id'), req.body));
      },
    );
    server.get(
      `${DIRECTLINE_PATH}/conversations/:id/activities`,
      limit,
      async (req: Request, res: Response) => {
        reply(res, service.getActivities(auth(req), param(req, 'id'), query(req).watermark));
        return Promise.resolve();
      },
    );
    const fromBot = async (req: Request, res: Response) => {
      reply(res, service.receiveFromBot(auth(req), param(req, 'id'), req.body));
      return Promise.resolve();
    };
    server.post(`${CONNECTOR_PATH}/v3/conversations/:id/activities`, fromBot);
    server.post(`${CONNECTOR_PATH}/v3/conversations/:id/activities/:replyToId`, fromBot);
  };
}
