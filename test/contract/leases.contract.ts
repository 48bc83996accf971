/** Contract: named leases, one holder at a time until expiry. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/index.ts';
import { at, uid } from './fixtures.ts';

export function leasesContract(store: () => Store): void {
  describe('leases', () => {
    it('takes a free lease and renews it for the same holder', async () => {
      const name = uid('sweep');
      expect(await store().leases.acquire(name, 'a', at(0), at(5))).toBe(true);
      expect(await store().leases.acquire(name, 'a', at(1), at(6))).toBe(true);
      expect(await store().leases.acquire(name, 'b', at(5), at(10))).toBe(false);
    });

    it('refuses another holder until the lease expires, then gives it to them', async () => {
      const name = uid('sweep');
      expect(await store().leases.acquire(name, 'a', at(0), at(5))).toBe(true);
      expect(await store().leases.acquire(name, 'b', at(4), at(9))).toBe(false);
      expect(await store().leases.acquire(name, 'b', at(5), at(10))).toBe(true);
      expect(await store().leases.acquire(name, 'a', at(6), at(11))).toBe(false);
    });

    it('frees the lease when its holder releases it, and only then', async () => {
      const name = uid('sweep');
      await store().leases.acquire(name, 'a', at(0), at(5));
      await store().leases.release(name, 'b');
      expect(await store().leases.acquire(name, 'b', at(1), at(6))).toBe(false);
      await store().leases.release(name, 'a');
      expect(await store().leases.acquire(name, 'b', at(1), at(6))).toBe(true);
      await store().leases.release(uid('never-taken'), 'a');
    });

    it('keeps leases of different names apart', async () => {
      const [one, two] = [uid('sweep'), uid('sweep')];
      expect(await store().leases.acquire(one, 'a', at(0), at(5))).toBe(true);
      expect(await store().leases.acquire(two, 'b', at(0), at(5))).toBe(true);
    });
  });
}
