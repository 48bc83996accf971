/**
 * Links in replies: clickable Markdown where the channel renders it (Web Chat, Teams, the
 * Emulator, Slack, Telegram…), the address spelled out where it does not (SMS, e-mail, unknown
 * channels), so it can be copied. Addresses are absolute (PUBLIC_URL) so they work anywhere.
 */

/** Channels whose clients render Markdown links in a bot's text. */
const MARKDOWN_CHANNELS: ReadonlySet<string> = new Set([
  'webchat',
  'directline',
  'msteams',
  'emulator',
  'slack',
  'telegram',
  'skype',
]);

/** `url` as the channel shows a link best: `[host/path](url)` or the bare address. */
export function linkTo(channel: string, url: string): string {
  if (!MARKDOWN_CHANNELS.has(channel)) return url;
  const label = url.replace(/^https?:\/\//, '').replace(/\?.*$/, '');
  return `[${label}](${url})`;
}
