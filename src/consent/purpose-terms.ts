/**
 * A purpose's material terms — the items it covers, its legal basis and its retention — stored
 * with each grant, so a grant given under other terms is asked again at its next use. A change
 * is material when the purpose covers a new item, rests on another basis or keeps data longer.
 */
import { itemsOfPurpose, type MapContent } from '../map/index.ts';
import { durationDays } from '../shared/duration.ts';
import type { PurposeTerms } from '../storage/index.ts';

const cache = new WeakMap<MapContent, Map<string, PurposeTerms | undefined>>();

/** The current terms of `purpose` in `map` (undefined for a purpose the map no longer has). */
export function termsOf(map: MapContent, purpose: string): PurposeTerms | undefined {
  let byPurpose = cache.get(map);
  if (!byPurpose) cache.set(map, (byPurpose = new Map<string, PurposeTerms | undefined>()));
  if (byPurpose.has(purpose)) return byPurpose.get(purpose);
  const p = map.catalog.purposes[purpose];
  const terms = p && { items: itemsOfPurpose(map, purpose), basis: p.basis, retention: p.retention };
  byPurpose.set(purpose, terms);
  return terms;
}

/**
 * Whether terms changed materially since a grant. A grant stored before terms were recorded
 * (`granted` undefined) is not re-asked; a purpose that disappeared cannot be used anyway.
 */
export function materiallyChanged(
  granted: PurposeTerms | undefined,
  current: PurposeTerms | undefined,
): boolean {
  if (!granted || !current) return false;
  if (current.basis !== granted.basis) return true;
  if (current.items.some((i) => !granted.items.includes(i))) return true;
  return durationDays(current.retention) > durationDays(granted.retention);
}
