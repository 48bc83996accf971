/**
 * How the bot words an ask, its "why" and its confirmations, in the customer's language. The map
 * owns this wording because the notice version hashes it and the notice archive keeps it: a
 * ledger `textHash` can then be traced back to the exact text a customer was shown.
 */
import { formatDuration } from './format-duration.ts';
import { itemWords, type ItemWords } from './item-words.ts';
import { nameIn } from './local-name.ts';
import { memoBy, type Memo } from './memo.ts';
import type { Catalog, Need } from './schema.ts';
import type { Locale, Texts } from './texts.ts';

/** Services that carry or keep every conversation, so every purpose's data passes through them. */
const EVERY_CHAT: readonly string[] = ['channel', 'hosting', 'database'];

/** Ids of the providers that receive a purpose's data: its own recipients, then those of every chat. */
export function recipientsOf(catalog: Catalog, purposeId: string): string[] {
  const own = catalog.purposes[purposeId]?.recipients ?? [];
  const everyChat = Object.entries(catalog.providers)
    .filter(([, p]) => EVERY_CHAT.includes(p.service))
    .map(([id]) => id);
  return [...new Set([...own, ...everyChat])];
}

/** A recipient's name as shown in `lng`: a provider's, else a system's (a system may share a provider's id); its id when neither declares it. */
export const recipientName = (catalog: Catalog, id: string, lng: Locale): string => {
  const named = catalog.providers[id] ?? catalog.systems[id];
  return named ? nameIn(named.name, lng) : id;
};

/** Ids of the providers that carry or keep every conversation (channel, hosting, database). */
export const chatProviders = (catalog: Catalog): string[] =>
  Object.entries(catalog.providers)
    .filter(([, p]) => EVERY_CHAT.includes(p.service))
    .map(([id]) => id);

/** The words of a need (see needWords). */
export type NeedWords = {
  readonly item: ItemWords;
  readonly reason: string;
  readonly description: string;
  readonly retention: string;
};

const byTexts = new WeakMap<Texts, Memo<Catalog, NeedWords>>();
const askTexts = new WeakMap<Texts, Memo<Catalog, string>>();

/** The words of a need: item name, purpose reason and description, retention (made once per map). */
export function needWords(
  texts: Texts,
  lng: Locale,
  catalog: Catalog,
  need: Pick<Need, 'item' | 'purpose'>,
): NeedWords {
  let memo = byTexts.get(texts);
  if (!memo) byTexts.set(texts, (memo = memoBy<Catalog, NeedWords>()));
  return memo(catalog, `${lng}\0${need.item}\0${need.purpose}`, () => {
    const purpose = catalog.purposes[need.purpose];
    return Object.freeze({
      item: itemWords(texts, lng, need.item),
      reason: texts.t(lng, `purposes.${need.purpose}.reason`, {}, 'map'),
      description: texts.t(lng, `purposes.${need.purpose}.description`, {}, 'map'),
      retention: purpose ? formatDuration(texts, lng, purpose.retention) : '',
    });
  });
}

/**
 * The ask: what for, a question the value answers ("what's your mobile number?", not "may I have
 * it?", which invites a bare yes), how long it is kept, and that the customer may decline.
 */
export function askText(texts: Texts, lng: Locale, catalog: Catalog, need: Need): string {
  let memo = askTexts.get(texts);
  if (!memo) askTexts.set(texts, (memo = memoBy<Catalog, string>()));
  return memo(catalog, `${lng}\0${need.item}\0${need.purpose}\0${need.required}`, () => {
    const w = needWords(texts, lng, catalog, need);
    const tail = texts.t(lng, need.required ? 'ask.may-decline-required' : 'ask.may-decline', w);
    return `${texts.t(lng, 'ask.question', w)} ${tail}`;
  });
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
  return `${texts.t(lng, 'ask.reuse', { ...w, masked })} ${texts.t(lng, 'ask.may-decline', w)}`;
}

/** The offer of the number a customer writes from (SMS, WhatsApp), `masked` as shown. */
export function knownPhoneText(
  texts: Texts,
  lng: Locale,
  catalog: Catalog,
  need: Need,
  masked: string,
): string {
  return texts.t(lng, 'values.known-phone', { ...needWords(texts, lng, catalog, need), masked });
}

/**
 * A purpose's legal basis in words; on legitimate interests with the interest pursued, as the
 * catalog states it (Art. 13(1)(d)), so the customer knows what they may object to.
 */
export function basisText(texts: Texts, lng: Locale, catalog: Catalog, purposeId: string): string {
  const purpose = catalog.purposes[purposeId];
  if (!purpose) return '';
  const basis = texts.t(lng, `basis.${purpose.basis}`);
  if (purpose.basis !== 'legitimate_interests' || !purpose.interest) return basis;
  return texts.t(lng, 'interest.stated', { basis, interest: texts.t(lng, purpose.interest, {}, 'map') });
}

/** The fuller reason behind an ask: purpose, legal basis, retention, recipients, notice link. */
export function whyText(texts: Texts, lng: Locale, catalog: Catalog, need: Need, noticeUrl: string): string {
  const purpose = catalog.purposes[need.purpose];
  if (!purpose) return '';
  const w = needWords(texts, lng, catalog, need);
  const controller = nameIn(catalog.controller.name, lng);
  const names = recipientsOf(catalog, need.purpose).map((id) => recipientName(catalog, id, lng));
  const recipients = names.length > 0 ? names.join(', ') : texts.t(lng, 'why.no-recipients', { controller });
  return texts.t(lng, 'why.text', {
    ...w,
    basis: basisText(texts, lng, catalog, need.purpose),
    giveBack: formatDuration(texts, lng, purpose.giveBackAfter),
    recipients,
    controller,
    notice: noticeUrl,
  });
}

/** What the bot says once a value is saved for a purpose. */
export const providedText = (texts: Texts, lng: Locale, catalog: Catalog, need: Need, masked: string) =>
  texts.t(lng, 'provide.ok', { ...needWords(texts, lng, catalog, need), masked });

/** What the bot says once a held value may be used for one more purpose. */
export const reusedText = (texts: Texts, lng: Locale, catalog: Catalog, need: Need) =>
  texts.t(lng, 'reuse.ok', needWords(texts, lng, catalog, need));
