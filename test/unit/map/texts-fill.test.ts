/**
 * The fast fill of texts with variables against i18next itself, on every text of every shipped
 * locale: each placeholder given a value (an item's words for `item`), and once with one left out.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fastFill,
  itemWords,
  loadI18n,
  loadTexts,
  NAMESPACES,
  SHIPPED_LOCALES,
  type Locale,
  type Namespace,
} from '../../../src/map/index.ts';

const { inst } = loadI18n(resolve('locales'));
const texts = loadTexts(resolve('locales'));
const fill = fastFill(inst);

/** Every string resource's key under `prefix`. */
function keysOf(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  return Object.entries(node).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

const rootsOf = (template: string): string[] => [
  ...new Set([...template.matchAll(/\{\{\s*-?\s*([A-Za-z_]\w*)/g)].map((m) => m[1] ?? '')),
];

const cases = SHIPPED_LOCALES.flatMap((lng: Locale) =>
  NAMESPACES.flatMap((ns: Namespace) =>
    keysOf(inst.getResourceBundle('en', ns)).map((key) => ({ lng, ns, key })),
  ),
);

describe('the fast fill of texts with variables', () => {
  it('has texts with placeholders to check', () => {
    const withVars = cases.filter((c) => rootsOf(String(inst.getResource('en', c.ns, c.key))).length > 0);
    expect(withVars.length).toBeGreaterThan(100);
  });

  it.each(SHIPPED_LOCALES)('fills every text in %s as i18next does', (lng) => {
    for (const { ns, key } of cases.filter((c) => c.lng === lng)) {
      const template = String(inst.getResource(lng, ns, key) ?? inst.getResource('en', ns, key));
      const roots = rootsOf(template);
      const vars: Record<string, unknown> = { extra: 'unused' };
      for (const r of roots) vars[r] = r === 'item' ? itemWords(texts, lng, 'mobile') : `‹${r}›`;
      const want = inst.t(key, { ...vars, lng, ns });
      expect({ key, got: fill(lng, ns, key, vars) ?? want }).toEqual({ key, got: want });
      if (roots.length === 0) continue;
      const { [roots[0] ?? '']: _left, ...fewer } = vars;
      const wantFewer = inst.t(key, { ...fewer, lng, ns });
      expect({ key, got: fill(lng, ns, key, fewer) ?? wantFewer }).toEqual({ key, got: wantFewer });
    }
  });

  it('leaves plurals, nesting and unknown keys to i18next', () => {
    expect(fill('en', 'bot', 'duration.days', { count: 3 })).toBeUndefined();
    expect(fill('en', 'bot', 'no.such.key', { x: 1 })).toBeUndefined();
    expect(fill('en', 'bot', 'duration', { x: 1 })).toBeUndefined();
    expect(texts.t('en', 'duration.days', { count: 3 })).toBe(
      inst.t('duration.days', { count: 3, lng: 'en' }),
    );
  });
});
