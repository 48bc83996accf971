/** Contract: bot state documents with compare-and-set on eTags. */
import { describe, expect, it } from 'vitest';
import { ETagConflictError, type Store } from '../../src/storage/index.ts';
import { uid } from './fixtures.ts';

/** Times far before any other test's writes, so an idle sweep here touches only these documents. */
const long = (day: number) => new Date(Date.UTC(2001, 0, day));
const docOf = async (s: Store, k: string) => (await s.state.read([k])).get(k)?.doc;

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

  describe('bot state of a subject (erasure) and idle state (expiry)', () => {
    it("deletes every document a subject's turns wrote, in every conversation, and nothing else", async () => {
      const [ann, bob] = [uid('subj'), uid('subj')];
      const [a1, a2, shared, b1, anon] = ['a1', 'a2', 'sh', 'b1', 'an'].map((p) => uid(p)) as [
        string,
        string,
        string,
        string,
        string,
      ];
      const now = new Date();
      const e1 = await store().state.write(a1, { n: 1 }, undefined, { subject: ann, at: now });
      await store().state.write(a1, { n: 2 }, e1, { subject: ann, at: now });
      await store().state.write(a2, { n: 1 }, 'never-stored', { subject: ann, at: now });
      await store().state.write(shared, { n: 1 }, '*', { subject: ann, at: now });
      await store().state.write(shared, { n: 2 }, '*', { subject: bob, at: now });
      await store().state.write(b1, { n: 1 }, undefined, { subject: bob, at: now });
      await store().state.write(anon, { n: 1 });

      expect(await store().state.deleteSubject(ann)).toBe(3);
      expect([...(await store().state.read([a1, a2, shared, b1, anon])).keys()].sort()).toEqual(
        [anon, b1].sort(),
      );
      expect(await store().state.deleteSubject(ann)).toBe(0);
      expect(await store().state.deleteSubject(bob)).toBe(1);
      expect(await docOf(store(), anon)).toEqual({ n: 1 });
    });

    it('forgets who wrote a deleted document: a new document under its key is not the old subject’s', async () => {
      const [ann, bob, k] = [uid('subj'), uid('subj'), uid('key')];
      await store().state.write(k, { n: 1 }, undefined, { subject: ann, at: new Date() });
      await store().state.delete([k]);
      await store().state.write(k, { n: 2 }, undefined, { subject: bob, at: new Date() });
      expect(await store().state.deleteSubject(ann)).toBe(0);
      expect(await docOf(store(), k)).toEqual({ n: 2 });
    });

    it('deletes documents idle since before a time, oldest first and at most `limit` at a time', async () => {
      const [k1, k2, k3, fresh, rewritten] = ['i1', 'i2', 'i3', 'fr', 'rw'].map((p) => uid(p)) as [
        string,
        string,
        string,
        string,
        string,
      ];
      const subject = uid('subj');
      await store().state.write(k3, { n: 3 }, undefined, { subject, at: long(3) });
      await store().state.write(k1, { n: 1 }, undefined, { subject, at: long(1) });
      await store().state.write(k2, { n: 2 }, undefined, { at: long(2) });
      await store().state.write(fresh, { n: 4 }, undefined, { at: long(20) });
      const e = await store().state.write(rewritten, { n: 5 }, undefined, { at: long(1) });
      await store().state.write(rewritten, { n: 6 }, e, { at: long(15) });

      expect(await store().state.deleteIdle(long(10), 2)).toBe(2);
      expect([...(await store().state.read([k1, k2, k3])).keys()]).toEqual([k3]);
      expect(await store().state.deleteIdle(long(10), 10)).toBe(1);
      expect(await store().state.deleteIdle(long(10), 10)).toBe(0);
      expect(await docOf(store(), rewritten)).toEqual({ n: 6 });
      expect(await docOf(store(), fresh)).toEqual({ n: 4 });
      expect(await store().state.deleteSubject(subject)).toBe(0);
      expect(await store().state.deleteIdle(long(21), 10)).toBe(2);
    });

    it('keeps the last-write time of documents written without one at now', async () => {
      const k = uid('key');
      await store().state.write(k, { n: 1 });
      expect(await store().state.deleteIdle(new Date(Date.now() - 60_000), 1000)).toBe(0);
      expect(await docOf(store(), k)).toEqual({ n: 1 });
    });

    it('scans every document in key order, a page at a time, with its eTag and last-write time', async () => {
      const prefix = uid('scan');
      const keys = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
      const eTags: string[] = [];
      for (const [i, k] of keys.entries())
        eTags.push(await store().state.write(k, { i }, '*', { at: long(i + 1) }));
      const seen: { key: string; doc: unknown; eTag: string; at: Date }[] = [];
      let after: string | undefined = `${prefix}-`;
      for (;;) {
        const page = await store().state.scan(after, 2);
        seen.push(
          ...page.filter((r) => r.key.startsWith(prefix)).map((r) => ({ key: r.key, ...r.entry, at: r.at })),
        );
        if (page.length < 2 || !page.at(-1)?.key.startsWith(prefix)) break;
        after = page.at(-1)?.key;
      }
      expect(seen).toEqual(keys.map((key, i) => ({ key, doc: { i }, eTag: eTags[i], at: long(i + 1) })));
    });

    it('scrubs without losing what is stored', async () => {
      const k = uid('key');
      await store().state.write(k, { n: 1 });
      await store().scrub();
      expect(await docOf(store(), k)).toEqual({ n: 1 });
    });
  });
}
