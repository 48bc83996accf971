/**
 * Names that may differ per language. A proper name ("Example Shop B.V.") is written once, as a
 * string, and shown as is in every language; a name that is a description ("Order system",
 * "Customer support") is written per shipped locale, and the validator then wants all of them:
 *
 *     name: { en: Order system, nl: Bestelsysteem, fr: Système de commande, de: Bestellsystem }
 *
 * Any catalog field that names something customers read can use `LocalName` and `nameIn`.
 */
import { z } from 'zod';
import { SHIPPED_LOCALES, type Locale } from './texts.ts';

const perLocale = Object.fromEntries(SHIPPED_LOCALES.map((l) => [l, z.string().min(1)])) as Record<
  Locale,
  z.ZodString
>;

/** A name: one string for every language, or one per shipped locale (all of them). */
export const LocalName = z.union([z.string().min(1), z.strictObject(perLocale)], {
  error: () => `a name, or one per language: { ${SHIPPED_LOCALES.map((l) => `${l}: …`).join(', ')} }`,
});
export type LocalName = z.infer<typeof LocalName>;

/** A name as shown in `lng`. */
export const nameIn = (name: LocalName, lng: Locale): string => (typeof name === 'string' ? name : name[lng]);

/** Whether the name is written per language (so nl/fr/de must not show the English one). */
export const isTranslated = (name: LocalName): name is Record<Locale, string> => typeof name !== 'string';
