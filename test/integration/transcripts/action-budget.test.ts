/**
 * A turn's actions stay inside the channel's 15 s: each gets what is left of the turn's budget,
 * and a step asking for a third action in the same turn fails without it being sent — the
 * customer hears nothing was booked, never silence past the channel's deadline.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionCaller } from '../../../src/journey/index.ts';
import { ACTION_BUDGET_MS } from '../../../src/journey/runtime.ts';
import { createHarness } from '../../helpers/harness.ts';

/** The sample map where every failed booking falls back to another booking step. */
function chainedDialogs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'justask-budget-'));
  cpSync(resolve('dialogs'), dir, { recursive: true });
  const file = join(dir, 'journeys/order-delivery.yaml');
  const yaml = readFileSync(file, 'utf8')
    .replace(
      '    say: order-delivery.sms-confirmed\n',
      '    onError: no-confirm\n    say: order-delivery.sms-confirmed\n',
    )
    .replace(
      '    say: order-delivery.no-confirm\n',
      '    onError: slot-full\n    say: order-delivery.no-confirm\n',
    )
    .replace(
      '    say: order-delivery-booking.slot-full',
      '    do: { system: logistics, action: book-delivery }\n    say: order-delivery-booking.slot-full',
    );
  writeFileSync(file, yaml);
  return dir;
}

let h: ReturnType<typeof createHarness> | undefined;
afterEach(() => h?.close());

describe('the action budget of a turn', () => {
  it('gives each action what is left, and sends no third one', async () => {
    const calls: { step: string; maxMs: number | undefined }[] = [];
    const failing: ActionCaller = {
      call: (_system, _action, _id, body, maxMs) => {
        calls.push({ step: body.step, maxMs });
        return Promise.resolve({ ok: false, reason: 'status', sent: true });
      },
    };
    h = createHarness({ dialogsDir: chainedDialogs(), actions: failing });
    const c = h.conversation('bo', 'en-GB');
    await c.say('deliver my order');
    await c.say('Evening');
    const replies = await c.say('07911 123456');
    expect(calls.map((x) => x.step)).toEqual(['sms-confirm', 'no-confirm']);
    for (const x of calls) {
      expect(x.maxMs).toBeLessThanOrEqual(ACTION_BUDGET_MS);
      expect(x.maxMs).toBeGreaterThan(ACTION_BUDGET_MS - 5_000);
    }
    expect(replies.at(-1)).toBe("I couldn't finish that — nothing was booked; please try again later.");
    expect(replies.join(' ')).not.toContain('is booked');
  });
});
