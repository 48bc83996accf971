/**
 * Request bodies, read by us rather than restify's bodyParser: every route takes JSON only.
 * `content-encoding` identity, gzip, deflate and br are decoded as a stream and the size limit
 * counts the decoded bytes, so a small compressed body that inflates to gigabytes stops at the
 * limit (413) instead of being held in memory. A body that does not decode is a 400, an encoding
 * or media type we do not take a 415, bad JSON a 400 — each with a reason, never a crash.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Next, Request, Response } from 'restify';

export interface BodyRefusal {
  readonly status: 400 | 413 | 415;
  readonly error: string;
}
export type BodyResult =
  { readonly ok: true; readonly body: unknown } | ({ readonly ok: false } & BodyRefusal);

// A Map, not an object literal: a header naming `__proto__` or `constructor` must not find a decoder.
const DECODERS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/** Whether the request carries a body at all (a length above 0, or a chunked one). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length.trim() !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/** The decoder for `content-encoding`, null for identity, or a refusal (415). */
function decoderFor(header: string | undefined): Transform | null | BodyRefusal {
  const encoding = (header ?? 'identity').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return null;
  const make = DECODERS.get(encoding);
  if (make) return make();
  return { status: 415, error: 'unsupported content-encoding: use identity, gzip, deflate or br' };
}

/** Whether `header` names JSON (application/json or a +json type) in UTF-8, the only media type we take. */
function isJson(header: string | undefined): boolean {
  const [type = '', ...params] = (header ?? '').toLowerCase().split(';');
  const media = type.trim();
  if (media !== 'application/json' && !/^application\/[a-z0-9.!#$&^_-]+\+json$/.test(media)) return false;
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith('charset='));
  return charset === undefined || /^charset="?utf-?8"?$/.test(charset);
}

/**
 * Reads the request's body (through `decoder` when there is one) up to `maxBytes` decoded bytes. Past
 * the limit, or on a decoding error, it stops decoding at once and lets the rest of the request drain.
 */
function collect(
  req: IncomingMessage,
  decoder: Transform | null,
  maxBytes: number,
): Promise<Buffer | BodyRefusal> {
  return new Promise((resolve) => {
    const out: Readable = decoder ?? req;
    const chunks: Buffer[] = [];
    let size = 0;
    let wire = 0;
    let settled = false;
    const finish = (r: Buffer | BodyRefusal) => {
      if (settled) return;
      settled = true;
      out.removeAllListeners('data');
      if (decoder) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      if (!Buffer.isBuffer(r)) req.resume();
      resolve(r);
    };
    const tooLarge = { status: 413, error: `the body is larger than ${maxBytes} bytes` } as const;
    out.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish(tooLarge);
      else chunks.push(chunk);
    });
    out.on('end', () => finish(Buffer.concat(chunks, size)));
    const cutOff = { status: 400, error: 'the request body was cut off' } as const;
    req.on('error', () => finish(cutOff));
    req.on('close', () => {
      if (!req.complete) finish(cutOff);
    });
    if (decoder) {
      // The wire bytes are limited too: a compressed body is never larger than what it decodes to
      // by more than a few bytes, so one larger than the limit is refused without decoding it all.
      req.on('data', (chunk: Buffer) => {
        wire += chunk.length;
        if (wire > maxBytes + 1024) finish(tooLarge);
      });
      decoder.on('error', (e: Error) =>
        finish({
          status: 400,
          error: `the body is not valid ${req.headers['content-encoding']}: ${e.message}`,
        }),
      );
      req.pipe(decoder);
    }
  });
}

/** Refuses the body without reading it: the rest of the request is discarded as it arrives. */
function drain(req: IncomingMessage, refusal: BodyRefusal): BodyResult {
  req.resume();
  return { ok: false, ...refusal };
}

/** Reads and parses a JSON request body with `content-encoding` decoded and the limit on decoded bytes. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const decoder = decoderFor(req.headers['content-encoding']);
  if (decoder !== null && !('pipe' in decoder)) return drain(req, decoder);
  if (!isJson(req.headers['content-type'])) {
    decoder?.destroy();
    return drain(req, { status: 415, error: 'the body must be application/json (UTF-8)' });
  }
  if (decoder === null && Number(req.headers['content-length'] ?? 0) > maxBytes)
    return drain(req, { status: 413, error: `the body is larger than ${maxBytes} bytes` });
  const raw = await collect(req, decoder, maxBytes);
  if (!Buffer.isBuffer(raw)) return { ok: false, ...raw };
  if (raw.length === 0) return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (e) {
    return { ok: false, status: 400, error: `the body is not valid JSON: ${(e as Error).message}` };
  }
}

export interface BodyReaderOptions {
  /** The most decoded bytes a body may have. */
  readonly maxBytes: number;
}

/**
 * restify middleware: parses the JSON body of every request that carries one (whatever its
 * method, a GET included) into `req.body`, or answers the refusal itself. Requests without a
 * body pass untouched.
 */
export function bodyReader(opts: BodyReaderOptions) {
  return (req: Request, res: Response, next: Next): void => {
    if (!hasBody(req)) return next();
    readJsonBody(req, opts.maxBytes).then(
      (r) => {
        if (r.ok) {
          req.body = r.body;
          return next();
        }
        if (r.status === 413) res.header('Connection', 'close');
        res.send(r.status, { error: r.error });
        next(false);
      },
      (e: unknown) => next(e),
    );
  };
}
