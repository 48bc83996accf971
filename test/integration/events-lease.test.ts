/**
 * Several instances, one outbox: the worker delivers under a lease, so two instances running at
 * once send each event once, and the other instance waits for its turn.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock, systemClock } from '../../src/shared/clock.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { createOutboxWorker } from '../../src/systems/index.ts';
import { startSystemReceiver } from '../helpers/system-receiver.ts';

const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'justask-lease-')), 'j.db'));
afterAll(() => store.close());

describe('the events worker on several instances', () => {
  it('delivers each event once while another instance holds the lease', async () => {
    const receiver = await startSystemReceiver();
    receiver.answer = () => ({ delayMs: 200 });
    const clock = manualClock(new Date('2026-06-01T09:00:00Z'));
    const systems = () =>
      new Map([
        [
          'logistics',
          {
            id: 'logistics',
            name: 'L',
            role: 'processor' as const,
            url: receiver.url,
            secret: receiver.secret,
            timeoutMs: 2000,
          },
        ],
      ]);
    const worker = (holder: string) =>
      createOutboxWorker({
        store,
        systems,
        reveal: () => '',
        clock,
        wallClock: systemClock,
        holder,
        log: pino({ level: 'silent' }),
      });
    await store.outbox.write({
      add: ['a', 'b'].map((n) => ({
        id: `evt_lease_${n}`,
        system: 'logistics',
        type: 'item.erased' as const,
        subject: 's-lease',
        item: 'mobile',
        purpose: 'delivery-sms',
        at: clock.now(),
        attempts: 0,
        nextAt: clock.now(),
      })),
      strip: [],
    });
    const [one, two] = await Promise.all([worker('instance-1').run(), worker('instance-2').run()]);
    expect([one.ran, two.ran].sort()).toEqual([false, true]);
    expect(one.delivered + two.delivered).toBe(2);
    expect(receiver.received.map((r) => r.id).sort()).toEqual(['evt_lease_a', 'evt_lease_b']);
    expect(await worker('instance-2').run()).toEqual({ ran: true, delivered: 0, retried: 0, failed: 0 });
    await receiver.close();
  });
});
