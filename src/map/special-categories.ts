/**
 * Special categories of personal data (GDPR Art. 9): health, genetic and biometric data, racial or
 * ethnic origin, political opinions, religious or philosophical beliefs, trade-union membership,
 * sex life and sexual orientation. Listed as fideslang-style category prefixes (and the plain
 * synonyms designers write); an item in one of them, or marked `special: true`, is special.
 */
import type { Item } from './schema.ts';

export const SPECIAL_CATEGORIES: readonly string[] = [
  'user.health',
  'user.health_and_medical',
  'user.medical',
  'user.genetic',
  'user.biometric',
  'user.biometric_health',
  'user.race',
  'user.racial',
  'user.ethnicity',
  'user.demographic.race_ethnicity',
  'user.political_opinion',
  'user.demographic.political_opinion',
  'user.religion',
  'user.religious_belief',
  'user.philosophical_belief',
  'user.demographic.religious_belief',
  'user.trade_union',
  'user.trade_union_membership',
  'user.sex_life',
  'user.sexual_orientation',
  'user.demographic.sexual_orientation',
];

/** Whether a data category is (under) a special category. */
export const isSpecialCategory = (category: string): boolean =>
  SPECIAL_CATEGORIES.some((c) => category === c || category.startsWith(`${c}.`));

/** Whether an item is special-category data: marked so, or in a special category. */
export const isSpecialItem = (item: Pick<Item, 'special' | 'category'>): boolean =>
  item.special || isSpecialCategory(item.category);
