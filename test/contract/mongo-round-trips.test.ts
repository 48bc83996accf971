/**
 * Round trips per customer turn on MongoDB, counted with the driver's command monitoring over a
 * whole order-delivery conversation (the real bot through TestAdapter, analytics on as the
 * server wires it, on the server at MONGODB_URI).
 */
import { describe, expect, it } from 'vitest';
import { dropMongoStoreDatabase, openMongoStore } from '../../src/storage/mongo/index.ts';
import { createHarness } from '../helpers/harness.ts';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';

const uri = process.env.MONGODB_URI;
const dbName = `justask_trips_${process.pid}_${Date.now().toString(36)}`;

if (uri) {
  describe('MongoDB round trips per turn', () => {
    it('reads state and facts in 3 finds and writes once; a consent write adds its ledger append and summary', async () => {
      const commands: string[] = [];
      const store = await openMongoStore(uri, dbName, {
        serverSelectionTimeoutMS: 5_000,
        onCommand: (name, collection) => commands.push(`${name} ${collection ?? ''}`.trim()),
      });
      const h = createHarness({ store, analytics: true });
      try {
        const c = h.conversation('rita', 'en-GB');
        // A subject's first turn also stores its (empty) ask-history summary.
        await c.say('hello');
        const turn = async (text: string) => {
          commands.length = 0;
          await c.say(text);
          return [...commands];
        };
        const perTurn = {
          help: await turn('help'),
          start: await turn('deliver my order'),
          ask: await turn('Evening'),
          invalid: await turn('0123'),
          store: await turn('07911 123456'),
        };
        console.info('MongoDB commands per turn:', JSON.stringify(perTurn, null, 1));
        const reads = ['find bot_state', 'find held_items', 'find ask_summaries'];
        // Nothing stored: state read, facts (held items + summary, sent together), state write.
        expect(perTurn.help).toEqual([...reads, 'update bot_state']);
        expect(perTurn.start).toEqual([...reads, 'update bot_state']);
        expect(perTurn.invalid).toEqual([...reads, 'update bot_state']);
        // An ask: + the ledger append and its summary update.
        expect(perTurn.ask).toEqual([...reads, 'insert ledger', 'update ask_summaries', 'update bot_state']);
        // A value stored: + the item write and the events for the systems receiving its purpose
        // (older values still waiting dropped, the new event added). The step then books through
        // the logistics platform: its grant is durable before the value leaves, the held items are
        // read again once, and the use and the state are written after the answer.
        expect(perTurn.store).toEqual([
          ...reads,
          'update held_items',
          'update outbox',
          'insert outbox',
          'insert ledger',
          'update ask_summaries',
          'find held_items',
          'update held_items',
          'update bot_state',
        ]);
        // The counts and the waiting ask were written behind the turns, and are there.
        expect(
          (await store.analytics.query({ from: '2026-06-01', to: '2026-06-01', groupBy: ['journey'] })).map(
            (r) => r.type,
          ),
        ).toContain('granted');
      } finally {
        await dropMongoStoreDatabase(store);
        await h.close();
      }
    });
  });
} else {
  skipOrFailWithoutServer('MongoDB round trips per turn', 'MONGODB_URI is not set');
}
