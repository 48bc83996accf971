/**
 * How the bot words an ask, its "why" and durations, in the customer's language. Every text
 * comes from the locale files; this module only assembles them.
 */
import { formatDuration, type Catalog, type Locale, type Need, type Texts } from '../map/index.ts';
import type { Suggestion } from './conversation-state.ts';

export { formatDuration };

/** The words of a need: item name, purpose reason and description, retention. */
export function needWords(texts: Texts, lng: Locale, catalog: Catalog, need: Pick<Need, 'item' | 'purpose'>) {
  const purpose = catalog.purposes[need.purpose];
  return {
    item: texts.t(lng, `items.${need.item}.name`, {}, 'map'),
    reason: texts.t(lng, `purposes.${need.purpose}.reason`, {}, 'map'),
    description: texts.t(lng, `purposes.${need.purpose}.description`, {}, 'map'),
    retention: purpose ? formatDuration(texts, lng, purpose.retention) : '',
  };
}

export const button = (texts: Texts, lng: Locale, key: string): Suggestion => {
  const title = texts.t(lng, `buttons.${key}`);
  return { title, value: title };
};

/** The ask: what for, how long it is kept, and that the customer may decline. */
export function askText(texts: Texts, lng: Locale, catalog: Catalog, need: Need): string {
  const w = needWords(texts, lng, catalog, need);
  const tail = texts.t(lng, need.required ? 'ask.may-decline-required' : 'ask.may-decline');
  return `${texts.t(lng, 'ask.question', w)} ${tail}`;
}

/** The ask to reuse a held value for one more purpose. */
export function askReuseText(
  texts: Texts,
  lng: Locale,
  catalog: Catalog,
  need: Need,
  masked: string,
): string {
  const w = needWords(texts, lng, catalog, need);
  return `${texts.t(lng, 'ask.reuse', { ...w, masked })} ${texts.t(lng, 'ask.may-decline')}`;
}

/** The fuller reason behind an ask: purpose, legal basis, retention, recipients, notice link. */
export function whyText(texts: Texts, lng: Locale, catalog: Catalog, need: Need, noticeUrl: string): string {
  const purpose = catalog.purposes[need.purpose];
  if (!purpose) return '';
  const w = needWords(texts, lng, catalog, need);
  const recipients =
    purpose.recipients.length > 0
      ? purpose.recipients.join(', ')
      : texts.t(lng, 'why.no-recipients', { controller: catalog.controller.name });
  return texts.t(lng, 'why.text', {
    ...w,
    basis: texts.t(lng, `basis.${purpose.basis}`),
    giveBack: formatDuration(texts, lng, purpose.giveBackAfter),
    recipients,
    controller: catalog.controller.name,
    notice: noticeUrl,
  });
}
