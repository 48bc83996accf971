/**
 * The updates of a subject's held-items document on MongoDB (subject-items.mongo.ts): a turn's item
 * changes become the fewest updates that name the document by `_id` alone, and reading skips what
 * is not held and counts a use only for a grant given before it. No server: the updates as data.
 */
import { describe, expect, it } from 'vitest';
import { freshItemsDoc, heldItemsOf, itemWrites } from '../../../src/storage/mongo/subject-items.mongo.ts';
import type { ItemChange } from '../../../src/storage/turn-batch.ts';
import { at, grant, heldItem } from '../../contract/fixtures.ts';

const put = (item: string, purpose = 'sms'): ItemChange => ({
  kind: 'put',
  item: heldItem('s', item),
  grant: grant(purpose),
});
const touch = (item: string, purpose = 'sms'): ItemChange => ({ kind: 'touch', item, purpose, at: at(5) });

const filters = (changes: ItemChange[]) =>
  itemWrites('s', changes).map((op) => ('updateOne' in op ? op.updateOne.filter : op));

describe('itemWrites', () => {
  it.each([
    ['a put', [put('mobile')], 1],
    ['a put and the use of its item', [put('mobile'), touch('mobile')], 1],
    ['puts of two items and a use', [put('mobile'), put('email'), touch('email')], 1],
    ['a delete, then a put of the same item', [{ kind: 'delete', item: 'mobile' }, put('mobile')], 2],
    [
      'a removed grant, then a use of the item',
      [{ kind: 'remove-grant', item: 'mobile', purpose: 'sms' }, touch('mobile')],
      2,
    ],
  ] satisfies [string, ItemChange[], number][])('writes %s as %i update(s) by _id alone', (_, changes, n) => {
    expect(filters(changes)).toEqual(Array.from({ length: n }, () => ({ _id: 's' })));
  });

  it('merges a put and its use into one update, keeping the earliest due time', () => {
    const [op] = itemWrites('s', [put('mobile'), put('email', 'news'), touch('mobile')]);
    const update = op && 'updateOne' in op ? op.updateOne : undefined;
    expect(update?.upsert).toBe(true);
    expect(Object.keys((update?.update as { $set: object }).$set)).toContain('items.email.value');
    expect(update?.update).toMatchObject({
      $max: { 'items.mobile.used.sms': at(5) },
      $min: { dueAt: grant('sms').expiresAt },
    });
  });

  it('applies a grant alone, only to an item that is held', () => {
    const g: ItemChange = { kind: 'grant', item: 'mobile', grant: grant('callback') };
    expect(filters([put('email'), g, touch('email')])).toEqual([
      { _id: 's' },
      { _id: 's', 'items.mobile.value': { $exists: true } },
      { _id: 's' },
    ]);
  });
});

describe('heldItemsOf', () => {
  const { subject: _s, item: _i, ...stored } = heldItem('s');
  const g = { basis: 'contract', grantedAt: at(0), noticeVersion: 'n', expiresAt: at(100), lastUsedAt: null };

  it('skips an entry without a value (a use recorded after its item was deleted)', () => {
    const doc = {
      _id: 's',
      items: { email: { used: { news: at(3) } }, mobile: { ...stored, grants: { sms: g } } },
    };
    expect(heldItemsOf(doc).map((h) => h.item)).toEqual(['mobile']);
  });

  it('counts a use for a grant given before it, and not one from before the grant', () => {
    const later = { ...g, grantedAt: at(10) };
    const doc = {
      _id: 's',
      items: { mobile: { ...stored, grants: { sms: g, news: later }, used: { sms: at(5), news: at(5) } } },
    };
    const grants = heldItemsOf(doc)[0]?.grants ?? [];
    expect(grants.map((x) => [x.purpose, x.lastUsedAt])).toEqual([
      ['news', null],
      ['sms', at(5)],
    ]);
  });
});

describe('freshItemsDoc', () => {
  it('makes, for a subject with no document, what the updates would make on an empty one', () => {
    const { subject: _s, item: _i, ...stored } = heldItem('s');
    const { purpose: _p, ...g } = grant('sms');
    expect(freshItemsDoc('s', [put('mobile'), touch('mobile')])).toEqual({
      _id: 's',
      items: { mobile: { ...stored, grants: { sms: g }, dueAt: g.expiresAt, used: { sms: at(5) } } },
      dueAt: g.expiresAt,
    });
  });

  it('leaves to the updates anything but puts and their uses', () => {
    expect(freshItemsDoc('s', [put('mobile'), { kind: 'delete', item: 'mobile' }])).toBeUndefined();
    expect(freshItemsDoc('s', [touch('mobile')])).toBeUndefined();
  });
});
