/**
 * Phrase lists compiled once per loaded map and texts, not per message: recognition used to fetch
 * and normalise every phrase list from i18next on each turn (28 % of a turn's CPU in the profile).
 * A reloaded map brings new objects, so the caches follow it without being told.
 */
import type { DialogueMap, Texts } from '../map/index.ts';

const byTexts = new WeakMap<Texts, Map<string, unknown>>();
const byMap = new WeakMap<DialogueMap, WeakMap<Texts, Map<string, unknown>>>();

function cached<T>(slot: Map<string, unknown>, key: string, compute: () => T): T {
  const found = slot.get(key);
  if (found !== undefined || slot.has(key)) return found as T;
  const value = compute();
  slot.set(key, value);
  return value;
}

/** `compute()` once per texts and key. */
export function onceFor<T>(texts: Texts, key: string, compute: () => T): T {
  let slot = byTexts.get(texts);
  if (!slot) {
    slot = new Map<string, unknown>();
    byTexts.set(texts, slot);
  }
  return cached(slot, key, compute);
}

/** `compute()` once per map, texts and key. */
export function onceForMap<T>(map: DialogueMap, texts: Texts, key: string, compute: () => T): T {
  let forMap = byMap.get(map);
  if (!forMap) {
    forMap = new WeakMap<Texts, Map<string, unknown>>();
    byMap.set(map, forMap);
  }
  let slot = forMap.get(texts);
  if (!slot) {
    slot = new Map<string, unknown>();
    forMap.set(texts, slot);
  }
  return cached(slot, key, compute);
}
