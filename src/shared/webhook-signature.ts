/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-signature` is
 * `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the base64-decoded part of
 * the `whsec_…` secret. Signing for what the bot sends; verifying for receivers and tests.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The key of a `whsec_…` secret (a bare base64 secret is accepted too). */
export const webhookKey = (secret: string): Buffer =>
  Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');

/** The `webhook-signature` value of a message. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', webhookKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** The three headers of a signed message sent at `at`. */
export function webhookHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const ts = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': signWebhook(secret, id, ts, body),
  };
}

/** How far a message's timestamp may be from the receiver's clock (the spec's replay window). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/**
 * Whether headers sign `body` with `secret`: one of the space-separated `v1,` signatures matches
 * (compared in constant time) and the timestamp is within the tolerance of `nowSeconds`.
 */
export function verifyWebhook(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: string,
  nowSeconds: number,
): boolean {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const ts = Number(timestamp);
  if (Math.abs(nowSeconds - ts) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const want = Buffer.from(signWebhook(secret, id, ts, body));
  return signature.split(' ').some((s) => {
    const got = Buffer.from(s);
    return got.length === want.length && timingSafeEqual(got, want);
  });
}
