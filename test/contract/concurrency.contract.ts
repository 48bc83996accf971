/**
 * Contract: atomicity under concurrency, where idempotency and locking come from the store
 * (conditional single-document writes, unique keys), never from read-then-write.
 */
import { describe, expect, it } from 'vitest';
import { ETagConflictError, type Store } from '../../src/storage/index.ts';
import { at, uid } from './fixtures.ts';

/** Why these tests cannot run on this server, if they cannot. */
export type SkipReason = () => string | undefined;

const fulfilled = <T>(outcomes: PromiseSettledResult<T>[]) =>
  outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [{ i, value: o.value }] : []));
const rejections = <T>(outcomes: PromiseSettledResult<T>[]) =>
  outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));

export function concurrencyContract(store: () => Store, skipReason: SkipReason): void {
  describe('atomicity under concurrency', () => {
    it('lets exactly one of 20 concurrent writes with the same eTag win; the others conflict', async (ctx) => {
      ctx.skip(skipReason() !== undefined, skipReason());
      const k = uid('key');
      const eTag = await store().state.write(k, { writer: -1 });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store().state.write(k, { writer: i }, eTag)),
      );
      const won = fulfilled(outcomes);
      expect(won).toHaveLength(1);
      expect(rejections(outcomes).every((e) => e instanceof ETagConflictError)).toBe(true);
      const stored = (await store().state.read([k])).get(k);
      expect(stored).toEqual({ doc: { writer: won[0]?.i }, eTag: won[0]?.value });
    });

    it('lets exactly one of 20 concurrent first writes of a key with an expected eTag win', async (ctx) => {
      ctx.skip(skipReason() !== undefined, skipReason());
      const k = uid('key');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store().state.write(k, { writer: i }, 'seen-elsewhere')),
      );
      expect(fulfilled(outcomes)).toHaveLength(1);
      expect(rejections(outcomes).every((e) => e instanceof ETagConflictError)).toBe(true);
    });

    it('gives a free lease to exactly one of 10 holders asking at once', async (ctx) => {
      ctx.skip(skipReason() !== undefined, skipReason());
      const name = uid('sweep');
      const holders = Array.from({ length: 10 }, (_, i) => `holder-${i}`);
      const got = await Promise.all(holders.map((h) => store().leases.acquire(name, h, at(0), at(5))));
      expect(got.filter(Boolean)).toHaveLength(1);
      const winner = holders[got.indexOf(true)] ?? '';
      expect(await store().leases.acquire(name, winner, at(1), at(6))).toBe(true);
    });
  });
}
