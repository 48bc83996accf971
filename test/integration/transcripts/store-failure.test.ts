import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateNotSavedError, StoreUnavailableError, type Store } from '../../../src/storage/index.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';
import { createHarness } from '../../helpers/harness.ts';

/** The real SQLite store, with writes of held items failing as a full disk or a lost primary would. */
function storeWithFailingWrites(): { store: Store; heal: () => void } {
  const real = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'justask-fail-')), 'j.db'));
  let failing = true;
  // A turn's writes are one batch: the batch that stores an item fails as a whole.
  const store: Store = {
    ...real,
    turns: {
      ...real.turns,
      apply: (batch) =>
        failing && batch.items.some((c) => c.kind === 'put')
          ? Promise.reject(new StoreUnavailableError('save the turn'))
          : real.turns.apply(batch),
    },
  };
  return { store, heal: () => void (failing = false) };
}

let h: ReturnType<typeof createHarness> | undefined;
afterEach(() => h?.close());

describe('when the store cannot save', () => {
  it('says nothing was stored, keeps asking, and saves on the retry once the store is back', async () => {
    const { store, heal } = storeWithFailingWrites();
    h = createHarness({ store });
    const c = h.conversation('kim', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    const failed = await c.send({ type: 'message', text: '07911 123456' });
    expect(failed.map((a) => a.text)).toEqual([
      "I couldn't save that — nothing was stored; please try again.",
    ]);
    expect(await h.consent.held(c.subject)).toEqual([]);
    expect((await h.consent.ledger(c.subject)).map((r) => r.event)).toEqual(['asked']);
    heal();
    const saved = await c.say('07911 123456');
    expect(saved[0]).toBe(
      "Thanks, I've saved your mobile number (•••• 456) for text message confirmations of your deliveries.",
    );
    expect(await h.consent.held(c.subject)).toHaveLength(1);
  });

  it('apologises in the customer’s language when the whole store is down, without claiming a save', async () => {
    h = createHarness();
    const c = h.conversation('lea', 'fr-FR');
    await c.say('livraison');
    await h.store.close();
    const replies = await c.say('Matin');
    expect(replies).toEqual([h.texts.t('fr', 'error.turn')]);
  });

  it('says what was saved when the turn fails after storing the value', async () => {
    const real = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'justask-fail-')), 'j.db'));
    let failState = false;
    // The state is written last in the turn's batch; here it fails after the effects were saved,
    // as on MongoDB (no multi-document transactions) when the state write is refused.
    const store: Store = {
      ...real,
      turns: {
        ...real.turns,
        apply: async (batch) => {
          if (!failState || !batch.state) return real.turns.apply(batch);
          const { state: _state, ...effects } = batch;
          await real.turns.apply(effects);
          throw new StateNotSavedError(new StoreUnavailableError('write bot state'));
        },
      },
    };
    h = createHarness({ store });
    const c = h.conversation('max', 'en-GB');
    await c.say('deliver my order');
    await c.say('Morning');
    failState = true;
    expect(await c.say('07911 123456')).toEqual([
      "Sorry, something went wrong on my side. Your mobile number was saved, but I couldn't finish the rest; please try again.",
    ]);
    expect(await h.consent.held(c.subject)).toHaveLength(1);
  });
});
