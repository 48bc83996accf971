import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { materiallyChanged, termsOf } from '../../../src/consent/index.ts';
import { loadMapOrThrow } from '../../../src/map/index.ts';

const granted = { items: ['email'], basis: 'consent', retention: 'P1Y' };

describe('material change of a purpose', () => {
  it.each([
    { name: 'the same terms', now: granted, want: false },
    { name: 'a shorter retention', now: { ...granted, retention: 'P6M' }, want: false },
    { name: 'the same retention written otherwise', now: { ...granted, retention: 'P12M' }, want: false },
    { name: 'an item less', now: { ...granted, items: [] }, want: false },
    { name: 'a longer retention', now: { ...granted, retention: 'P2Y' }, want: true },
    { name: 'a new item', now: { ...granted, items: ['birthday', 'email'] }, want: true },
    { name: 'another basis', now: { ...granted, basis: 'legitimate_interests' }, want: true },
  ])('$name → changed: $want', ({ now, want }) => {
    expect(materiallyChanged(granted, now)).toBe(want);
  });

  it('does not re-ask grants stored before terms were recorded', () => {
    expect(materiallyChanged(undefined, granted)).toBe(false);
  });

  it('reads the current terms of a purpose from the map', () => {
    const { map } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });
    expect(termsOf(map, 'newsletter')).toEqual({ items: ['email'], basis: 'consent', retention: 'P2Y' });
    expect(termsOf(map, 'delivery-sms')).toEqual({ items: ['mobile'], basis: 'consent', retention: 'P30D' });
    expect(termsOf(map, 'gone')).toBeUndefined();
  });
});
