/**
 * One signed POST to a system: JSON body, Standard Webhooks headers, a timeout. Never throws:
 * the result says what happened (an answer, a status, a timeout, no route) — never a value.
 * Sent with node:http(s) over keep-alive agents: undici's `fetch` cost a turn several times the CPU
 * of a plain request. It behaves as `fetch(…, { redirect: 'error', signal: AbortSignal.timeout() })`
 * did: a redirect is a failure to reach the system, the timeout covers reading the answer too.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ResolvedSystem } from '../map/index.ts';
import { webhookHeaders } from '../shared/webhook-signature.ts';

export type PostResult =
  | { readonly kind: 'answered'; readonly status: number; readonly json: unknown }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'unreachable'; readonly error: string }
  | { readonly kind: 'not-configured' };

/** Answers larger than this are not read (an action's answer is a few fields). */
const MAX_ANSWER_BYTES = 64 * 1024;
/** A UTF-8 byte count above which the text is surely longer than the limit (≤ 3 bytes per UTF-16 unit). */
const MAX_READ_BYTES = 3 * MAX_ANSWER_BYTES;
/** The statuses fetch follows; with `redirect: 'error'` each was a network error. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Idle connections close before the usual 5 s keep-alive of a server, so a request never meets a closing one. */
const IDLE_MS = 4000;
/** The longest delay a timer takes (a longer one would fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

const agents = {
  http: new HttpAgent({ keepAlive: true, timeout: IDLE_MS }),
  https: new HttpsAgent({ keepAlive: true, timeout: IDLE_MS }),
};

/** The answer's JSON; an empty body reads as `{}`, an unreadable one as undefined. */
function readJson(text: string): unknown {
  if (text.length > MAX_ANSWER_BYTES) return undefined;
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** What a response comes to: its status, or its JSON once read (within the limit). */
function onResponse(res: IncomingMessage, finish: (r: PostResult) => void, stop: () => void): void {
  const status = res.statusCode ?? 0;
  if (REDIRECTS.has(status) || status < 200 || status > 299) {
    res.resume();
    finish(
      REDIRECTS.has(status)
        ? { kind: 'unreachable', error: 'unexpected redirect' }
        : { kind: 'status', status },
    );
    return;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  res.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes <= MAX_READ_BYTES) chunks.push(chunk);
    else {
      finish({ kind: 'answered', status, json: undefined });
      stop();
    }
  });
  res.on('end', () =>
    finish({ kind: 'answered', status, json: readJson(Buffer.concat(chunks).toString('utf8')) }),
  );
  res.on('error', (e) => finish({ kind: 'unreachable', error: e.message }));
  res.on('close', () => finish({ kind: 'unreachable', error: 'the answer was cut off' }));
}

/** POSTs `text` to `url` with `headers`; settles once, on the answer, an error or the timeout. */
function send(
  url: URL,
  headers: Record<string, string>,
  text: string,
  timeoutMs: number,
): Promise<PostResult> {
  return new Promise((resolve) => {
    const https = url.protocol === 'https:';
    if (!https && url.protocol !== 'http:') {
      resolve({ kind: 'unreachable', error: `unsupported protocol ${url.protocol}` });
      return;
    }
    let settled = false;
    const finish = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = (https ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(text)) },
      agent: https ? agents.https : agents.http,
    });
    const timer = setTimeout(
      () => {
        finish({ kind: 'timeout' });
        req.destroy();
      },
      Math.min(timeoutMs, MAX_TIMER_MS),
    );
    req.on('error', (e) => finish({ kind: 'unreachable', error: e.message }));
    req.on('response', (res) => onResponse(res, finish, () => req.destroy()));
    req.end(text);
  });
}

/** POSTs `body` to `<system url><path>`, signed with the system's secret, sent at `now`. */
export async function postSigned(
  system: ResolvedSystem | undefined,
  path: string,
  id: string,
  body: unknown,
  now: Date,
  timeoutMs: number,
): Promise<PostResult> {
  if (!system?.url || !system.secret) return { kind: 'not-configured' };
  const text = JSON.stringify(body);
  const headers = { 'content-type': 'application/json', ...webhookHeaders(system.secret, id, now, text) };
  try {
    return await send(new URL(`${system.url}${path}`), headers, text, timeoutMs);
  } catch (e) {
    return { kind: 'unreachable', error: (e as Error).message };
  }
}
