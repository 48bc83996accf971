/** Contract: conversation references, the latest per subject. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/index.ts';
import { at, uid } from './fixtures.ts';

export function refsContract(store: () => Store): void {
  describe('conversation references', () => {
    it('saves a reference, reads it back and overwrites it with the latest', async () => {
      const s = uid('subj');
      // Keys with '.' and '$' must survive: channel data is not ours to shape.
      const first = { channelId: 'webchat', conversation: { id: 'c.1' }, 'a.b': 1, $meta: { x: [1, 'two'] } };
      await store().refs.save(s, first, at(0));
      expect(await store().refs.get(s)).toEqual(first);
      const latest = { channelId: 'webchat', conversation: { id: 'c-2' } };
      await store().refs.save(s, latest, at(1));
      expect(await store().refs.get(s)).toEqual(latest);
    });

    it('has no reference for an unknown subject', async () => {
      expect(await store().refs.get(uid('nobody'))).toBeUndefined();
    });

    it('scans every subject’s reference in subject order, a page at a time', async () => {
      const base = uid('scan');
      for (const x of ['c', 'a', 'b'])
        await store().refs.save(`${base}-${x}`, { conversation: { id: x } }, at(0));
      const first = await store().refs.scan(`${base}-`, 2);
      expect(first).toEqual([
        { subject: `${base}-a`, ref: { conversation: { id: 'a' } } },
        { subject: `${base}-b`, ref: { conversation: { id: 'b' } } },
      ]);
      const next = await store().refs.scan(`${base}-b`, 1);
      expect(next).toEqual([{ subject: `${base}-c`, ref: { conversation: { id: 'c' } } }]);
      const all = await store().refs.scan(undefined, 100_000);
      const ours = all.filter((r) => r.subject.startsWith(base)).map((r) => r.subject);
      expect(ours).toEqual([`${base}-a`, `${base}-b`, `${base}-c`]);
      const subjects = all.map((r) => r.subject);
      expect(subjects).toEqual([...subjects].sort());
    });

    it('replaces a reference only while it is still the one read, keeping newer ones', async () => {
      const s = uid('subj');
      const read = { sealed: { v: 2, kid: 'k1', iv: 'i1', ct: 'c1', tag: 't1' }, 'a.b': { $x: 1 } };
      await store().refs.save(s, read, at(0));
      const readBack = await store().refs.get(s);
      const rotated = { sealed: { v: 2, kid: 'k2', iv: 'i2', ct: 'c2', tag: 't2' } };
      expect(await store().refs.replace(s, readBack ?? {}, rotated)).toBe(true);
      expect(await store().refs.get(s)).toEqual(rotated);
      // A newer turn saved its reference meanwhile: the stale replacement is refused.
      const newer = { sealed: { v: 2, kid: 'k2', iv: 'i3', ct: 'c3', tag: 't3' } };
      await store().refs.save(s, newer, at(1));
      expect(
        await store().refs.replace(s, rotated, { sealed: { kid: 'k2', iv: 'i4', ct: 'c4', tag: 't4' } }),
      ).toBe(false);
      expect(await store().refs.get(s)).toEqual(newer);
      expect(await store().refs.replace(uid('nobody'), newer, rotated)).toBe(false);
    });
  });
}
