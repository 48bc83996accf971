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
  });
}
