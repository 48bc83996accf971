/** Contract: held items and their purpose grants. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/index.ts';
import { at, byPurpose, grant, heldItem, uid } from './fixtures.ts';

export function heldItemsContract(store: () => Store): void {
  describe('held items', () => {
    it('holds nothing for an unknown subject', async () => {
      expect(await store().items.forSubject(uid('nobody'))).toEqual([]);
    });

    it('stores an item with its grant and reads both back unchanged', async () => {
      const s = uid('subj');
      await store().items.put(heldItem(s), grant('delivery-sms'));
      expect(await store().items.forSubject(s)).toStrictEqual([
        { ...heldItem(s), grants: [grant('delivery-sms')] },
      ]);
    });

    it('replaces the value and the grant of its purpose but keeps other purposes’ grants', async () => {
      const s = uid('subj');
      await store().items.put(heldItem(s, 'mobile', 'old'), grant('delivery-sms'));
      await store().items.put(heldItem(s, 'mobile', 'older'), grant('callback', { basis: 'consent' }));
      const renewed = grant('delivery-sms', { noticeVersion: 'notice-2', grantedAt: at(5) });
      await store().items.put({ ...heldItem(s, 'mobile', 'new'), collectedAt: at(5) }, renewed);
      const [held] = await store().items.forSubject(s);
      expect(held?.value.ct).toBe('new');
      expect(held?.collectedAt).toEqual(at(5));
      expect(byPurpose(held?.grants ?? [])).toEqual([grant('callback', { basis: 'consent' }), renewed]);
    });

    it('adds a grant to a held item and replaces an existing grant of the same purpose', async () => {
      const s = uid('subj');
      await store().items.put(heldItem(s), grant('delivery-sms'));
      expect(await store().items.addGrant(s, 'mobile', grant('newsletter-sms', { basis: 'consent' }))).toBe(
        true,
      );
      const replaced = grant('delivery-sms', { expiresAt: at(99) });
      expect(await store().items.addGrant(s, 'mobile', replaced)).toBe(true);
      const [held] = await store().items.forSubject(s);
      expect(held?.value.ct).toBe('cipher-1');
      expect(byPurpose(held?.grants ?? [])).toEqual([
        replaced,
        grant('newsletter-sms', { basis: 'consent' }),
      ]);
    });

    it('refuses a grant for an item that is not held and stores nothing', async () => {
      const s = uid('subj');
      expect(await store().items.addGrant(s, 'mobile', grant('delivery-sms'))).toBe(false);
      expect(await store().items.forSubject(s)).toEqual([]);
    });

    it('records the last use of one purpose and leaves the others alone', async () => {
      const s = uid('subj');
      await store().items.put(heldItem(s), grant('delivery-sms'));
      await store().items.addGrant(s, 'mobile', grant('callback'));
      await store().items.touch(s, 'mobile', 'delivery-sms', at(10));
      const [held] = await store().items.forSubject(s);
      expect(byPurpose(held?.grants ?? [])).toEqual([
        grant('callback'),
        grant('delivery-sms', { lastUsedAt: at(10) }),
      ]);
    });

    it('ignores a use by a purpose without a grant or of an item not held', async () => {
      const s = uid('subj');
      await store().items.put(heldItem(s), grant('delivery-sms'));
      await store().items.touch(s, 'mobile', 'newsletter-sms', at(10));
      await store().items.touch(s, 'email', 'delivery-sms', at(10));
      expect(await store().items.forSubject(s)).toStrictEqual([
        { ...heldItem(s), grants: [grant('delivery-sms')] },
      ]);
    });

    it('deletes an item with its grants and says whether it was held', async () => {
      const s = uid('subj');
      await store().items.put(heldItem(s, 'mobile'), grant('delivery-sms'));
      await store().items.put(heldItem(s, 'email'), grant('delivery-sms'));
      expect(await store().items.delete(s, 'mobile')).toBe(true);
      expect(await store().items.delete(s, 'mobile')).toBe(false);
      expect((await store().items.forSubject(s)).map((h) => h.item)).toEqual(['email']);
      await store().items.put(heldItem(s, 'mobile', 'again'), grant('callback'));
      const again = (await store().items.forSubject(s)).find((h) => h.item === 'mobile');
      expect(again?.grants).toEqual([grant('callback')]);
    });

    it('lists only the subject’s own items, in item order', async () => {
      const [s, other] = [uid('subj'), uid('subj')];
      for (const item of ['postcode', 'birthday', 'mobile'])
        await store().items.put(heldItem(s, item), grant('p'));
      await store().items.put(heldItem(other, 'email'), grant('p'));
      expect((await store().items.forSubject(s)).map((h) => h.item)).toEqual([
        'birthday',
        'mobile',
        'postcode',
      ]);
    });
  });
}
