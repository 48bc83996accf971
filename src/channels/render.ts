/**
 * A runtime reply as the customer's channel can show it, as botbuilder-dialogs' ChoiceFactory
 * does: suggested actions where the channel shows them, a hero card's buttons where only cards
 * work, and on text-only channels (`sms`, those configured in TEXT_ONLY_CHANNELS, and any channel
 * that shows neither) the options as a numbered list in the text plus the words to type for the
 * rest ("Reply “Why?” or “No thanks”."), in the customer's language. On SMS the text keeps to
 * the GSM-7 alphabet where a typographic character has a plain twin, so an ask costs fewer segments.
 */
import { CardFactory, Channels, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import type { Reply } from '../journey/index.ts';
import type { Locale, Texts } from '../map/index.ts';

/** Our own channels: the TestAdapter's and the in-process local bot's; both show buttons. */
const OWN_CHANNELS = new Set<string>([Channels.Test, 'local']);

/**
 * How many suggested actions each channel shows: botbuilder-dialogs' `Channel.supportsSuggestedActions`
 * (that package is not a dependency), plus our own channels.
 */
const SUGGESTED_ACTIONS = new Map<string, number>([
  [Channels.Facebook, 10],
  [Channels.Skype, 10],
  [Channels.Line, 13],
  [Channels.Kik, 20],
  [Channels.Telegram, 100],
  [Channels.Emulator, 100],
  [Channels.Directline, 100],
  [Channels.DirectlineSpeech, 100],
  [Channels.Webchat, 100],
  ...[...OWN_CHANNELS].map((c): [string, number] => [c, 100]),
]);

/** How many buttons on a card each channel shows: botbuilder-dialogs' `Channel.supportsCardActions`. */
const CARD_ACTIONS = new Map<string, number>([
  [Channels.Facebook, 3],
  [Channels.Skype, 3],
  [Channels.Msteams, 50],
  [Channels.Line, 99],
  [Channels.Slack, 100],
  [Channels.Telegram, 100],
  [Channels.Emulator, 100],
  [Channels.Directline, 100],
  [Channels.DirectlineSpeech, 100],
  [Channels.Webchat, 100],
]);

/** Whether the channel shows `count` suggested actions. */
export const supportsSuggestedActions = (channelId: string, count: number): boolean =>
  count <= (SUGGESTED_ACTIONS.get(channelId) ?? 0);

/** Whether the channel shows `count` buttons on a card. */
export const supportsCardActions = (channelId: string, count: number): boolean =>
  count <= (CARD_ACTIONS.get(channelId) ?? 0);

/** Channels that only carry text whatever their id says: SMS, and those configured. */
export const SMS_CHANNELS: readonly string[] = [Channels.Sms, Channels.Twilio];

export interface RenderOptions {
  readonly channelId: string;
  readonly lng: Locale;
  readonly texts: Texts;
  /** Extra channel ids to treat as text-only (TEXT_ONLY_CHANNELS). */
  readonly textOnly?: readonly string[];
}

/** Typographic characters outside GSM-7 and their plain twins (an SMS of GSM-7 holds 160, not 70). */
const GSM_TWINS: readonly (readonly [RegExp, string])[] = [
  [/«\s?|\s?»/g, '"'],
  [/[“”„]/g, '"'],
  [/[‘’‚]/g, "'"],
  [/[–—]/g, '-'],
  [/…/g, '...'],
  [/\u00a0|\u202f/g, ' '],
];

/** The GSM 03.38 alphabet (basic table; the extension's characters are left as they are). */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** A letter outside GSM-7 as its GSM-7 base letter ("ê" → "e", "ç" → "c"), else itself. */
function gsmLetter(c: string): string {
  if (GSM_BASIC.has(c)) return c;
  const base = c.normalize('NFD').replace(/\p{M}+/gu, '');
  return base.length === 1 && GSM_BASIC.has(base) ? base : c;
}

/**
 * The text in GSM-7 where it has a plain twin: typographic quotes and dashes, and accented
 * letters the alphabet lacks (as SMS gateways' "smart encoding" does). A mask's "•" stays.
 */
export const toGsmTwins = (text: string): string =>
  [...GSM_TWINS.reduce((s, [re, to]) => s.replace(re, to), text)].map(gsmLetter).join('');

/** "“A”, “B” or “C”" in the customer's language and its quotation marks. */
function orList(texts: Texts, lng: Locale, words: readonly string[]): string {
  const quoted = words.map((word) => texts.t(lng, 'values.text-only.quoted', { word }));
  const last = quoted.pop() ?? '';
  return quoted.length === 0 ? last : `${quoted.join(', ')} ${texts.t(lng, 'values.text-only.or')} ${last}`;
}

/** The reply's text with its options numbered and the words to type for the rest. */
export function textOnlyText(reply: Reply, texts: Texts, lng: Locale): string {
  const suggestions = reply.suggestions ?? [];
  const options = suggestions.filter((s) => s.option);
  const commands = suggestions.filter((s) => !s.option).map((s) => s.title);
  const lines = [reply.text];
  if (options.length > 0) lines.push(options.map((o, i) => `${i + 1}. ${o.title}`).join(' '));
  if (commands.length > 0)
    lines.push(texts.t(lng, 'values.text-only.reply', { words: orList(texts, lng, commands) }));
  return lines.join('\n');
}

/** Whether replies on this channel are text alone. */
export function isTextOnly(o: Pick<RenderOptions, 'channelId' | 'textOnly'>): boolean {
  return SMS_CHANNELS.includes(o.channelId) || (o.textOnly ?? []).includes(o.channelId);
}

/** A runtime reply as a message activity for the channel, with `channelData.justask`. */
export function renderReply(reply: Reply, o: RenderOptions): Partial<Activity> {
  const suggestions = reply.suggestions ?? [];
  const n = suggestions.length;
  const actions: CardAction[] = suggestions.map((s) => ({ type: 'imBack', title: s.title, value: s.value }));
  let msg: Partial<Activity>;
  if (n === 0) msg = MessageFactory.text(reply.text);
  else if (!isTextOnly(o) && supportsSuggestedActions(o.channelId, n))
    msg = MessageFactory.suggestedActions(actions, reply.text);
  else if (!isTextOnly(o) && supportsCardActions(o.channelId, n)) {
    msg = MessageFactory.attachment(CardFactory.heroCard('', undefined, actions));
    msg.text = reply.text;
  } else msg = MessageFactory.text(textOnlyText(reply, o.texts, o.lng));
  if (SMS_CHANNELS.includes(o.channelId) && msg.text) msg.text = toGsmTwins(msg.text);
  if (reply.justask) msg.channelData = { justask: reply.justask };
  if (reply.attachments)
    msg.attachments = [...(msg.attachments ?? []), ...reply.attachments.map((a) => ({ ...a }))];
  return msg;
}
