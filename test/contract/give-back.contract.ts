/** Contract: what erasure and the give-back sweeper need from held items and references. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/index.ts';
import { grant, heldItem, uid } from './fixtures.ts';

/** Times long before any other test's data, so `due` sees only this test's items. */
const y2000 = (days: number) => new Date(Date.UTC(2000, 0, 1) + days * 86_400_000);

export function giveBackContract(store: () => Store): void {
  describe('give-back and erasure', () => {
    it('finds items with a grant past its expiry or unused past give-back-after, soonest first', async () => {
      const s = uid('due');
      const base = { grantedAt: y2000(0), noticeVersion: 'n', lastUsedAt: null };
      await store().items.put(heldItem(s, 'email'), grant('news', { ...base, expiresAt: y2000(20) }));
      await store().items.put(
        heldItem(s, 'mobile'),
        grant('sms', { ...base, expiresAt: y2000(400), giveBackAfter: 'P10D' }),
      );
      await store().items.put(
        heldItem(s, 'birthday'),
        grant('treat', { ...base, expiresAt: y2000(400), giveBackAfter: 'P1Y' }),
      );
      const due = (days: number) =>
        store()
          .items.due(y2000(days), 100)
          .then((xs) => xs.filter((x) => x.subject === s).map((x) => x.item));
      expect(await due(5)).toEqual([]);
      expect(await due(11)).toEqual(['mobile']);
      expect(await due(25)).toEqual(['mobile', 'email']);
      expect(await due(370)).toEqual(['mobile', 'email', 'birthday']);
    });

    it('stops finding an item once the sweeper records a later due time', async () => {
      const s = uid('due');
      await store().items.put(
        heldItem(s),
        grant('sms', { grantedAt: y2000(0), expiresAt: y2000(400), giveBackAfter: 'P10D' }),
      );
      await store().items.touch(s, 'mobile', 'sms', y2000(9));
      await store().items.setDueAt(s, 'mobile', y2000(19));
      expect((await store().items.due(y2000(15), 100)).filter((x) => x.subject === s)).toEqual([]);
      expect((await store().items.due(y2000(20), 100)).filter((x) => x.subject === s)).toHaveLength(1);
    });

    it('removes one grant and says how many remain', async () => {
      const s = uid('grant');
      await store().items.put(heldItem(s), grant('sms'));
      await store().items.addGrant(s, 'mobile', grant('callback'));
      expect(await store().items.removeGrant(s, 'mobile', 'sms')).toBe(1);
      expect((await store().items.forSubject(s))[0]?.grants.map((g) => g.purpose)).toEqual(['callback']);
      expect(await store().items.removeGrant(s, 'mobile', 'callback')).toBe(0);
      expect(await store().items.removeGrant(s, 'email', 'news')).toBeUndefined();
    });

    it('keeps a grant’s give-back terms', async () => {
      const s = uid('terms');
      const g = grant('sms', { giveBackAfter: 'P30D' });
      await store().items.put(heldItem(s), g);
      expect((await store().items.forSubject(s))[0]?.grants).toEqual([g]);
    });

    it('erases every item of one subject and nobody else’s', async () => {
      const [a, b] = [uid('erase'), uid('keep')];
      await store().items.put(heldItem(a, 'mobile'), grant('sms'));
      await store().items.put(heldItem(a, 'email'), grant('news'));
      await store().items.put(heldItem(b, 'mobile'), grant('sms'));
      expect(await store().items.deleteSubject(a)).toBe(2);
      expect(await store().items.forSubject(a)).toEqual([]);
      expect(await store().items.forSubject(b)).toHaveLength(1);
    });

    it('scans every held item page by page, each once, and replaces a value only', async () => {
      const s = uid('scan');
      for (const item of ['a', 'b', 'c']) await store().items.put(heldItem(s, item), grant('p'));
      const seen: string[] = [];
      let after: { subject: string; item: string } | undefined;
      for (;;) {
        const page = await store().items.scan(after, 2);
        if (page.length === 0) break;
        seen.push(...page.filter((h) => h.subject === s).map((h) => h.item));
        const last = page.at(-1);
        after = last && { subject: last.subject, item: last.item };
      }
      expect(seen).toEqual(['a', 'b', 'c']);
      const value = { kid: 'k2', iv: 'iv-2', ct: 'new', tag: 'tag-2' };
      expect(await store().items.setValue(s, 'b', value)).toBe(true);
      const b = (await store().items.forSubject(s)).find((h) => h.item === 'b');
      expect(b?.value).toEqual(value);
      expect(b?.grants).toEqual([grant('p')]);
      expect(await store().items.setValue(s, 'zz', value)).toBe(false);
    });

    it('replaces a value only while it is still the one read (a newer value wins over re-encryption)', async () => {
      const s = uid('cas');
      await store().items.put(heldItem(s, 'mobile', 'first'), grant('p'));
      const [read] = await store().items.forSubject(s);
      const bound = { v: 2 as const, kid: 'k2', iv: 'iv-2', ct: 'rotated', tag: 'tag-2' };
      expect(read && (await store().items.setValue(s, 'mobile', bound, read.value))).toBe(true);
      expect((await store().items.forSubject(s))[0]?.value).toEqual(bound);
      // The customer corrects the value meanwhile: a stale re-encryption must not bring the old one back.
      await store().items.put(
        { ...heldItem(s, 'mobile', 'corrected'), value: { ...bound, iv: 'iv-3', ct: 'corrected' } },
        grant('p'),
      );
      const stale = { v: 2 as const, kid: 'k2', iv: 'iv-4', ct: 'stale', tag: 'tag-4' };
      expect(await store().items.setValue(s, 'mobile', stale, bound)).toBe(false);
      expect((await store().items.forSubject(s))[0]?.value.ct).toBe('corrected');
      expect(await store().items.setValue(uid('nobody'), 'mobile', stale, bound)).toBe(false);
    });

    it('deletes a conversation reference', async () => {
      const s = uid('ref');
      await store().refs.save(s, { conversation: { id: 'c1' } }, y2000(0));
      await store().refs.delete(s);
      expect(await store().refs.get(s)).toBeUndefined();
    });
  });
}
