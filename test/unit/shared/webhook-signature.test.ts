/** Standard Webhooks signing, checked against the specification's published test vector. */
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, webhookHeaders } from '../../../src/shared/webhook-signature.ts';

// The test vector of the Standard Webhooks specification (also used by its reference libraries).
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks signatures', () => {
  it('reproduces the specification’s test vector', () => {
    expect(signWebhook(SECRET, ID, TS, BODY)).toBe(SIGNATURE);
  });

  it('builds the three headers from the send time', () => {
    expect(webhookHeaders(SECRET, ID, new Date(TS * 1000 + 999), BODY)).toEqual({
      'webhook-id': ID,
      'webhook-timestamp': String(TS),
      'webhook-signature': SIGNATURE,
    });
  });

  it('verifies the vector, one of several signatures, and refuses changes and stale times', () => {
    const h = { id: ID, timestamp: String(TS), signature: SIGNATURE };
    expect(verifyWebhook(SECRET, h, BODY, TS + 10)).toBe(true);
    expect(verifyWebhook(SECRET, { ...h, signature: `v1,AAAA ${SIGNATURE}` }, BODY, TS)).toBe(true);
    expect(verifyWebhook(SECRET, h, '{"test": 2432232315}', TS)).toBe(false);
    expect(verifyWebhook(SECRET, { ...h, id: 'msg_other' }, BODY, TS)).toBe(false);
    expect(verifyWebhook(SECRET, h, BODY, TS + 301)).toBe(false);
    expect(verifyWebhook('whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=', h, BODY, TS)).toBe(false);
  });
});
