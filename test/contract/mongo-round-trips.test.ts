/**
 * Round trips per customer turn on MongoDB, counted with the driver's command monitoring over
 * whole conversations (the real bot through TestAdapter, analytics on as the server wires it, on
 * the server at MONGODB_URI): every turn kind — nothing stored, an ask, an answer stored with its
 * grant, a held value used again, a reuse confirmed — takes at most 4 round trips. A round trip is
 * a wait for the server: commands in flight together (sent before the others were answered)
 * share one. The commands themselves are listed too, so a new one shows in the diff.
 */
import { describe, expect, it } from 'vitest';
import { dropMongoStoreDatabase, isFerretDb, openMongoStore } from '../../src/storage/mongo/index.ts';
import { createHarness } from '../helpers/harness.ts';
import { skipOrFailWithoutServer } from '../helpers/needs-server.ts';

const uri = process.env.MONGODB_URI;
const dbName = `justask_trips_${process.pid}_${Date.now().toString(36)}`;

interface Sent {
  readonly command: string;
  /** The filters it names (find, update, findAndModify, delete), as JSON. */
  readonly filters: readonly string[];
  readonly id: number;
  /** How many commands were answered before this one was sent. */
  readonly answeredBefore: number;
}

/** The filters a command names: what a server must look documents up by. */
function filtersOf(c: Readonly<Record<string, unknown>> = {}): unknown[] {
  const statements = (key: string) => (Array.isArray(c[key]) ? (c[key] as { q?: unknown }[]) : []);
  if ('find' in c) return [c.filter ?? {}];
  if ('findAndModify' in c) return [c.query ?? {}];
  return [...statements('updates'), ...statements('deletes')].map((s) => s.q ?? {});
}

/** Whether a filter is exactly one `_id` equality: what FerretDB 1.x serves without decoding a collection. */
const idOnly = (f: unknown) =>
  typeof f === 'object' &&
  f !== null &&
  Object.keys(f).length === 1 &&
  typeof (f as { _id?: unknown })._id === 'string';

/** Round trips of a turn: a command starts a new one unless it was sent while another was in flight. */
function roundTrips(sent: readonly Sent[], answeredAt: ReadonlyMap<number, number>): number {
  let trips = 0;
  let tripEnds = -1;
  for (const s of sent) {
    if (s.answeredBefore > tripEnds) {
      trips += 1;
      tripEnds = s.answeredBefore;
    }
    // Commands of one trip: the trip lasts until the last of them is answered.
    tripEnds = Math.max(tripEnds, (answeredAt.get(s.id) ?? Infinity) - 1);
  }
  return trips;
}

if (uri) {
  describe('MongoDB round trips per turn', () => {
    it('takes at most 4 round trips for every turn kind', async () => {
      let sent: Sent[] = [];
      let answered = 0;
      const answeredAt = new Map<number, number>();
      const store = await openMongoStore(uri, dbName, {
        serverSelectionTimeoutMS: 5_000,
        onCommand: (name, collection, id = -1, command) =>
          sent.push({
            command: `${name} ${collection ?? ''}`.trim(),
            filters: filtersOf(command)
              .filter((f) => !idOnly(f))
              .map((f) => JSON.stringify(f)),
            id,
            answeredBefore: answered,
          }),
        onCommandEnd: (id) => answeredAt.set(id, ++answered),
      });
      const h = createHarness({ store, analytics: true });
      try {
        const c = h.conversation('rita', 'en-GB');
        const turn = async (text: string, conversation = c) => {
          sent = [];
          await conversation.say(text);
          const trips = roundTrips(sent, answeredAt);
          const scans = sent.flatMap((s) => s.filters.map((f) => `${s.command} ${f}`));
          return { trips, commands: sent.map((s) => s.command), scans };
        };
        // The store's first turn also learns once whether the database is summarised from its start.
        await h.conversation('warm-up', 'en-GB').say('hello');
        const perTurn = {
          // A subject's first turn also stores its (empty) ask-history summary and its reference.
          first: await turn('hello'),
          help: await turn('help'),
          start: await turn('deliver my order'),
          ask: await turn('Evening'),
          invalid: await turn('0123'),
          // The mobile number lets the step book through the logistics platform (an action).
          'answer+grant+action': await turn('07911 123456'),
          again: await turn('deliver my order'),
          'use+action': await turn('Afternoon'),
          'ask-reuse': await (async () => {
            await c.say('call me back');
            return turn('Billing');
          })(),
          confirmation: await turn('Yes'),
          'newsletter-ask': await turn('subscribe me to the newsletter'),
          // A value stored with its grant, and the event for the mailer (no action).
          'answer+grant': await turn('rita@example.org'),
        };
        console.info('MongoDB round trips and commands per turn:', JSON.stringify(perTurn, null, 1));
        for (const [kind, t] of Object.entries(perTurn))
          expect([kind, t.trips]).toEqual([kind, expect.any(Number)]);
        // A turn that books through a business system first makes its grant durable (a value never
        // leaves before it is stored), then posts, then writes the use and the state: those turns
        // have their own bound; every other turn at most 4.
        const acting = new Set(['answer+grant+action', 'use+action']);
        expect(Object.entries(perTurn).filter(([k, t]) => !acting.has(k) && t.trips > 4)).toEqual([]);
        expect(Object.entries(perTurn).filter(([k, t]) => acting.has(k) && t.trips > 7)).toEqual([]);
        const reads = ['find subject_items', 'find ask_summaries', 'find bot_state'];
        // FerretDB scans for a filter other than one `_id`: there the state's eTag is checked on the
        // document an `_id`-only findAndModify replaced.
        const ferret = await isFerretDb(store);
        const stateWrite = ferret ? 'findAndModify bot_state' : 'update bot_state';
        const sorted = (t: { commands: string[] }) => [...t.commands].sort();
        // Every document a turn reads or writes is named by one `_id` alone (FerretDB 1.x decodes the
        // whole collection for any other filter), but for a grant added to an item, which must be held.
        const scans = Object.entries(perTurn).filter(([, t]) => t.scans.length > 0);
        console.info('filters other than one _id:', JSON.stringify(scans));
        if (ferret)
          expect(scans).toEqual([
            [
              'confirmation',
              expect.objectContaining({ scans: [expect.stringMatching(/^update subject_items .*\$exists/)] }),
            ],
          ]);
        // A new subject and conversation: its documents inserted (no server reads a table to insert).
        expect(sorted(perTurn.first)).toEqual(
          [
            ...reads,
            'find suppressions',
            'insert ask_summaries',
            'insert conversation_refs',
            'insert bot_state',
          ].sort(),
        );
        // Nothing stored: the state and the facts read together, the state written.
        expect(perTurn.help).toMatchObject({ trips: 2, commands: [...reads, stateWrite] });
        expect(sorted(perTurn.invalid)).toEqual([...reads, stateWrite].sort());
        // An ask: + the ledger append, then its summary update.
        expect(sorted(perTurn.ask)).toEqual(
          [...reads, 'insert ledger', 'update ask_summaries', stateWrite].sort(),
        );
        // A value stored with its grant: + the item write, sent with the ledger append, and the
        // event; older values of the item are dropped from pending events, a step FerretDB (where
        // it scans the outbox) skips for an item that was not held.
        expect(sorted(perTurn['answer+grant'])).toEqual(
          [
            ...reads,
            'update subject_items',
            ...(ferret ? [] : ['update outbox']),
            'insert outbox',
            'insert ledger',
            'update ask_summaries',
            stateWrite,
          ].sort(),
        );
        expect(perTurn['answer+grant'].trips).toBe(4);
        expect(perTurn.confirmation.trips).toBeLessThanOrEqual(4);
        expect(perTurn.confirmation.commands).toContain('update subject_items');
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
