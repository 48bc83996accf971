import { describe, expect, it } from 'vitest';
import { createAskEventSink, type AskEvent } from '../../../src/analytics/index.ts';

const event: AskEvent = {
  type: 'asked',
  item: 'mobile',
  purpose: 'delivery-sms',
  journey: 'order-delivery',
  step: 'sms-confirm',
  locale: 'en',
  channel: 'webchat',
  at: new Date('2026-06-01T10:00:00Z'),
};

const logger = () => {
  const lines: { obj: object; msg: string }[] = [];
  return { lines, warn: (obj: object, msg: string) => void lines.push({ obj, msg }) };
};

describe('ask-event sink', () => {
  it('never fails the turn when the store fails: it logs ids only and goes on', async () => {
    const log = logger();
    const sink = createAskEventSink({ store: { record: () => Promise.reject(new Error('down')) }, log });
    await expect(sink.record(event)).resolves.toBeUndefined();
    await sink.flush();
    expect(log.lines).toEqual([
      {
        obj: {
          type: 'asked',
          item: 'mobile',
          purpose: 'delivery-sms',
          journey: 'order-delivery',
          err: { name: 'Error', message: 'down' },
        },
        msg: 'counting an ask event failed',
      },
    ]);
  });

  it('waits only briefly for a slow store; the write finishes in the background', async () => {
    let done = false;
    const store = { record: () => new Promise<void>((ok) => setTimeout(() => ((done = true), ok()), 300)) };
    const sink = createAskEventSink({ store, log: logger(), waitMs: 20 });
    const t0 = performance.now();
    await sink.record(event);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(done).toBe(false);
    await sink.flush();
    expect(done).toBe(true);
  });
});
