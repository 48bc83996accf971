/** Contract: bot state documents with compare-and-set on eTags. */
import { describe, expect, it } from 'vitest';
import { ETagConflictError, type Store } from '../../src/storage/index.ts';
import { uid } from './fixtures.ts';

export function stateContract(store: () => Store): void {
  describe('bot state', () => {
    it('reads back written documents with their eTags and leaves out keys never written', async () => {
      const [a, b, missing] = [uid('key'), uid('key'), uid('key')];
      const eA = await store().state.write(a, { dialogStack: [{ id: 'ask', 'x.y': 1 }] });
      const eB = await store().state.write(b, { n: 2 });
      const got = await store().state.read([a, b, missing]);
      expect([...got.keys()].sort()).toEqual([a, b].sort());
      expect(got.get(a)).toEqual({ doc: { dialogStack: [{ id: 'ask', 'x.y': 1 }] }, eTag: eA });
      expect(got.get(b)).toEqual({ doc: { n: 2 }, eTag: eB });
      expect((await store().state.read([])).size).toBe(0);
    });

    it('writes unconditionally without an eTag or with "*", with a new eTag each time', async () => {
      const k = uid('key');
      const e1 = await store().state.write(k, { n: 1 });
      const e2 = await store().state.write(k, { n: 2 }, '*');
      const e3 = await store().state.write(k, { n: 3 });
      expect(new Set([e1, e2, e3]).size).toBe(3);
      expect((await store().state.read([k])).get(k)).toEqual({ doc: { n: 3 }, eTag: e3 });
    });

    it('writes over the current eTag and rejects a stale one with ETagConflictError', async () => {
      const k = uid('key');
      const e1 = await store().state.write(k, { n: 1 });
      const e2 = await store().state.write(k, { n: 2 }, e1);
      const stale = store().state.write(k, { n: 3 }, e1);
      await expect(stale).rejects.toBeInstanceOf(ETagConflictError);
      await expect(stale).rejects.toMatchObject({ key: k });
      expect((await store().state.read([k])).get(k)).toEqual({ doc: { n: 2 }, eTag: e2 });
    });

    it('writes a key not stored yet whatever eTag is expected, since nothing can conflict', async () => {
      const k = uid('key');
      const eTag = await store().state.write(k, { n: 1 }, 'an-etag-from-elsewhere');
      expect((await store().state.read([k])).get(k)).toEqual({ doc: { n: 1 }, eTag });
    });

    it('deletes documents, after which their key is new again', async () => {
      const [a, b] = [uid('key'), uid('key')];
      const eA = await store().state.write(a, { n: 1 });
      await store().state.write(b, { n: 2 });
      await store().state.delete([a, b, uid('never-written')]);
      await store().state.delete([]);
      expect((await store().state.read([a, b])).size).toBe(0);
      await store().state.write(a, { n: 3 }, eA);
      expect((await store().state.read([a])).get(a)?.doc).toEqual({ n: 3 });
    });
  });
}
