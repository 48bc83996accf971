import { describe, expect, it } from 'vitest';
import {
  createActivityLog,
  DEFAULT_LIMITS,
  type StreamEvent,
} from '../../../src/channels/directline/activity-log.ts';

const clock = () => {
  let t = 0;
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
};

describe('the Direct Line activity log', () => {
  it('numbers activities and returns those after a watermark', () => {
    const log = createActivityLog(
      { ...DEFAULT_LIMITS, maxConversations: 10, maxActivities: 10, idleMs: 1000 },
      clock().now,
    );
    log.open('c', 'ann', 'en-GB');
    log.append('c', { text: 'a' });
    const b = log.append('c', { text: 'b' });
    expect(b?.id).toBe('c|0000002');
    expect(log.since('c', '1')).toEqual({ activities: [b], watermark: '2' });
    expect(log.since('c')?.activities).toHaveLength(2);
  });

  it('keeps at most maxActivities per conversation, the newest', () => {
    const log = createActivityLog(
      { ...DEFAULT_LIMITS, maxConversations: 10, maxActivities: 2, idleMs: 1000 },
      clock().now,
    );
    log.open('c', 'ann', undefined);
    for (const text of ['a', 'b', 'c']) log.append('c', { text });
    expect(log.since('c')?.activities.map((a) => a.text)).toEqual(['b', 'c']);
  });

  it('forgets the least recently used conversation beyond maxConversations, ending its streams', () => {
    const log = createActivityLog(
      { ...DEFAULT_LIMITS, maxConversations: 2, maxActivities: 10, idleMs: 1000 },
      clock().now,
    );
    const events: StreamEvent[] = [];
    log.open('a', 'u', undefined);
    log.subscribe('a', (e) => events.push(e));
    log.open('b', 'u', undefined);
    log.get('a');
    log.open('c', 'u', undefined);
    expect([log.get('a'), log.get('b'), log.get('c')].map(Boolean)).toEqual([true, false, true]);
    log.open('d', 'u', undefined);
    expect(log.get('a')).toBeUndefined();
    expect(events).toEqual([{ kind: 'end' }]);
  });

  it('forgets a conversation idle for idleMs', () => {
    const c = clock();
    const log = createActivityLog(
      { ...DEFAULT_LIMITS, maxConversations: 10, maxActivities: 10, idleMs: 1000 },
      c.now,
    );
    log.open('a', 'u', undefined);
    c.advance(999);
    expect(log.get('a')).toBeDefined();
    c.advance(1000);
    expect(log.append('a', { text: 'late' })).toBeUndefined();
    expect(log.size).toBe(0);
  });

  it('holds at most maxBytes of activities in all, forgetting least recently used conversations', () => {
    const log = createActivityLog({ ...DEFAULT_LIMITS, maxBytes: 10_000 }, clock().now);
    const text = 'x'.repeat(900);
    for (let c = 0; c < 30; c++) {
      log.open(`c${c}`, 'u', undefined);
      for (let i = 0; i < 5; i++) log.append(`c${c}`, { text });
      expect(log.bytes).toBeLessThanOrEqual(10_000);
    }
    expect(log.size).toBeLessThan(30);
    expect(log.get('c29')).toBeDefined();
    expect(log.get('c0')).toBeUndefined();
  });

  it('keeps a conversation within maxActivities however much is appended', () => {
    const log = createActivityLog({ ...DEFAULT_LIMITS, maxActivities: 200 }, clock().now);
    log.open('c', 'u', undefined);
    for (let i = 0; i < 5000; i++) log.append('c', { text: String(i) });
    const kept = log.since('c')?.activities ?? [];
    expect(kept).toHaveLength(200);
    expect(kept[0]?.text).toBe('4800');
    expect(log.bytes).toBe(kept.reduce((n, a) => n + Buffer.byteLength(JSON.stringify(a)), 0));
  });

  it('refuses a stream beyond maxStreams per conversation until one closes', () => {
    const log = createActivityLog({ ...DEFAULT_LIMITS, maxStreams: 2 }, clock().now);
    log.open('c', 'u', undefined);
    const first = log.subscribe('c', () => {});
    expect(typeof log.subscribe('c', () => {})).toBe('function');
    expect(log.subscribe('c', () => {})).toBe('full');
    if (typeof first === 'function') first();
    expect(typeof log.subscribe('c', () => {})).toBe('function');
  });
});
