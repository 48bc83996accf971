/**
 * Opt-in counts and waiting asks on MongoDB, written behind the turn: every turn adds to an
 * in-memory batch that is written at most once a second (one bulk write per collection for all
 * the turns since), so a turn costs no round trip for them. They are aggregates and operational
 * markers, never consent data or a value: a crash loses at most the last second of counts, as
 * the old best-effort sink could. Reads through this store (rates, quiet asks) and `close()`
 * write the batch first, so the instance always reads its own counts. A failed write is kept
 * for the next one.
 */
import type { AnyBulkWriteOperation } from 'mongodb';
import { countKeyOf, mergeDeltas, type AskEvent, type CountDelta, type PendingAsk } from '../counters.ts';
import type { TurnBatch } from '../turn-batch.ts';
import { incOp, upsertAll, type PendingAskDoc } from './analytics.mongo.ts';
import type { Collections, Run } from './collections.mongo.ts';

export type WriteBehind = ReturnType<typeof createWriteBehind>;

export function createWriteBehind(c: Collections, run: Run, everyMs = 1_000) {
  let counts: CountDelta[] = [];
  /** The latest waiting ask per key; null: cleared. */
  let pending = new Map<string, PendingAsk | null>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  const pendingOp = (key: string, ask: PendingAsk | null): AnyBulkWriteOperation<PendingAskDoc> => {
    if (!ask) return { deleteOne: { filter: { _id: key } } };
    const { key: _k, ...rest } = ask;
    return { replaceOne: { filter: { _id: key }, replacement: rest, upsert: true } };
  };

  async function write(cs: CountDelta[], ps: Map<string, PendingAsk | null>): Promise<void> {
    const ops = mergeDeltas(cs).map(incOp);
    await run('write counts and waiting asks', async () => {
      if (ops.length > 0) await Promise.all([upsertAll(c.askCounts, ops), upsertAll(c.askRecent, ops)]);
      if (ps.size > 0)
        await c.pendingAsks.bulkWrite(
          [...ps].map(([k, a]) => pendingOp(k, a)),
          { ordered: true },
        );
    });
  }

  /** Writes what is waiting; on failure it stays for the next write (newer asks win). */
  async function flush(): Promise<void> {
    while (writing) await writing.catch(() => undefined);
    if (counts.length === 0 && pending.size === 0) return;
    const [cs, ps] = [counts, pending];
    counts = [];
    pending = new Map();
    writing = write(cs, ps)
      .catch((e: unknown) => {
        counts = [...cs, ...counts];
        pending = new Map([...ps, ...pending]);
        throw e;
      })
      .finally(() => (writing = undefined));
    await writing;
  }

  function schedule(): void {
    timer ??= setTimeout(() => {
      timer = undefined;
      // A failed write is kept and retried with the next turn's.
      flush().catch(() => undefined);
    }, everyMs);
    timer.unref();
  }

  return {
    /** Adds a turn's counts and waiting ask. */
    add(b: Pick<TurnBatch, 'counts' | 'pendingAsk'>): void {
      const events: readonly AskEvent[] = b.counts;
      for (const e of events) counts.push({ key: countKeyOf(e), n: 1 });
      const p = b.pendingAsk;
      if (p) pending.set('set' in p ? p.set.key : p.clear, 'set' in p ? p.set : null);
      if (events.length > 0 || p) schedule();
    },
    flush,
    async close(): Promise<void> {
      clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}
