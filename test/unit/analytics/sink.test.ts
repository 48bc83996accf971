import { describe, expect, it, vi } from 'vitest';
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
    vi.useFakeTimers();
    try {
      let finish = () => {};
      let done = false;
      const store = {
        record: () =>
          new Promise<void>((ok) => {
            finish = () => ((done = true), ok());
          }),
      };
      const sink = createAskEventSink({ store, log: logger(), waitMs: 20 });
      let returned = false;
      const recorded = sink.record(event).then(() => void (returned = true));
      await vi.advanceTimersByTimeAsync(19);
      expect(returned).toBe(false);
      // At waitMs the turn goes on, with the write still running.
      await vi.advanceTimersByTimeAsync(1);
      await recorded;
      expect([returned, done]).toEqual([true, false]);
      let flushed = false;
      const flushing = sink.flush().then(() => void (flushed = true));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(flushed).toBe(false);
      finish();
      await flushing;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
