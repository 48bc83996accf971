/**
 * One signed POST to a system: JSON body, Standard Webhooks headers, a timeout. Never throws:
 * the result says what happened (an answer, a status, a timeout, no route) — never a value.
 */
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

/** The answer's JSON; an empty body reads as `{}`, an unreadable one as undefined. */
async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text.length > MAX_ANSWER_BYTES) return undefined;
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
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
    const res = await fetch(`${system.url}${path}`, {
      method: 'POST',
      headers,
      body: text,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (res.status < 200 || res.status > 299) {
      await res.body?.cancel();
      return { kind: 'status', status: res.status };
    }
    return { kind: 'answered', status: res.status, json: await readJson(res) };
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
    return { kind: 'unreachable', error: (e as Error).message };
  }
}
