/**
 * The notice version: a short hash of everything the privacy notice says (controller, items,
 * purposes and their texts in every shipped locale). Each consent record stores it.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from './schema.ts';
import { SHIPPED_LOCALES, type Texts } from './texts.ts';

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function noticeVersionOf(catalog: Catalog, texts: Texts): string {
  const words = SHIPPED_LOCALES.map((lng) =>
    Object.keys(catalog.purposes).map((p) => [
      texts.t(lng, `purposes.${p}.reason`, {}, 'map'),
      texts.t(lng, `purposes.${p}.description`, {}, 'map'),
    ]),
  );
  const digest = createHash('sha256').update(canonical({ catalog, words })).digest('hex');
  return `n-${digest.slice(0, 12)}`;
}

/** Hash of the exact text shown to a customer, stored in the consent ledger. */
export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex');
