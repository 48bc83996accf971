/**
 * HTTP as an attacker sends it: any method with any body and any headers (fetch refuses a GET
 * with a body), raw bytes on a TCP socket, and the RSS of a server process read from /proc.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { createGzip } from 'node:zlib';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** Sends one request; resolves with the status and body, or rejects when the connection breaks. */
export function send(
  base: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    // A GET body is not chunked by node: say its length, or it would be read as the next request.
    const length = opts.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(opts.body)) };
    const headers = { ...length, ...opts.headers };
    const req = request(`${base}${opts.path}`, { method: opts.method ?? 'POST', headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
      res.on('error', fail);
    });
    // A server that answers early (413) may close while we still write: the answer still counts.
    req.on('error', fail);
    req.end(opts.body);
  });
}

/** Writes `raw` on a TCP connection and resolves with everything the server sent before closing. */
export function rawExchange(host: string, port: number, raw: string, timeoutMs = 5000): Promise<string> {
  return new Promise((ok, fail) => {
    const socket = connect(port, host);
    let out = '';
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`no close within ${timeoutMs} ms; got: ${out}`));
    }, timeoutMs);
    socket.on('data', (b: Buffer) => (out += b.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      ok(out);
    });
    socket.on('error', () => undefined);
    socket.write(raw);
  });
}

/** A gzip body of `inflatedMb` megabytes of zeros (about 1 KB of gzip per MB). */
export async function gzipBomb(inflatedMb: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gz.on('data', (c: Buffer) => chunks.push(c));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < inflatedMb; i++) {
    if (!gz.write(zeros)) await new Promise((r) => gz.once('drain', r));
  }
  const ended = new Promise((r) => gz.once('end', r));
  gz.end();
  await ended;
  return Buffer.concat(chunks);
}

/** Current and peak resident set size of process `pid`, in MB (Linux /proc). */
export function rssOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}
