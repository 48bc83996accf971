import { describe, expect, it } from 'vitest';
import { createActivityLog, type StreamEvent } from '../../../src/channels/directline/activity-log.ts';

const clock = () => {
  let t = 0;
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
};

describe('the Direct Line activity log', () => {
  it('numbers activities and returns those after a watermark', () => {
    const log = createActivityLog({ maxConversations: 10, maxActivities: 10, idleMs: 1000 }, clock().now);
    log.open('c', 'ann', 'en-GB');
    log.append('c', { text: 'a' });
    const b = log.append('c', { text: 'b' });
    expect(b?.id).toBe('c|0000002');
    expect(log.since('c', '1')).toEqual({ activities: [b], watermark: '2' });
    expect(log.since('c')?.activities).toHaveLength(2);
  });

  it('keeps at most maxActivities per conversation, the newest', () => {
    const log = createActivityLog({ maxConversations: 10, maxActivities: 2, idleMs: 1000 }, clock().now);
    log.open('c', 'ann', undefined);
    for (const text of ['a', 'b', 'c']) log.append('c', { text });
    expect(log.since('c')?.activities.map((a) => a.text)).toEqual(['b', 'c']);
  });

  it('forgets the least recently used conversation beyond maxConversations, ending its streams', () => {
    const log = createActivityLog({ maxConversations: 2, maxActivities: 10, idleMs: 1000 }, clock().now);
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
    const log = createActivityLog({ maxConversations: 10, maxActivities: 10, idleMs: 1000 }, c.now);
    log.open('a', 'u', undefined);
    c.advance(999);
    expect(log.get('a')).toBeDefined();
    c.advance(1000);
    expect(log.append('a', { text: 'late' })).toBeUndefined();
    expect(log.size).toBe(0);
  });
});
