/**
 * Masks a held value for display, so a screen or log shows enough to recognise it, no more. A date
 * keeps only its month, written as the customer's language writes dates ("•• May ••••",
 * "••. Mai ••••", "•• mai ••••"), never as an ISO fragment.
 */
import type { ItemType, Locale } from '../map/index.ts';

const HIDDEN = '••';

/** A date with day and year hidden, in the pattern of `lng`; the value itself when it is no date. */
function maskDate(value: string, locale: string): string {
  const at = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) return `${HIDDEN}•`;
  const parts = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
    .formatToParts(at)
    .map((p) => (p.type === 'day' ? HIDDEN : p.type === 'year' ? `${HIDDEN}${HIDDEN}` : p.value));
  return parts.join('');
}

/**
 * The value of an item of `type`, masked as `lng` shows it (English by default), or as the
 * customer's own locale `tag` does (en-GB: "•• May ••••", en-US: "May ••, ••••").
 */
export function maskValue(type: ItemType, value: string, lng: Locale = 'en', tag?: string): string {
  switch (type) {
    case 'phone':
      return `•••• ${value.slice(-3)}`;
    case 'email': {
      const [user = '', domain = ''] = value.split('@');
      return `${user.slice(0, 1)}•••@${domain}`;
    }
    case 'date':
      return maskDate(value, tag ?? lng);
    default:
      return value.length <= 2 ? HIDDEN : `${value.slice(0, 1)}•••${value.slice(-1)}`;
  }
}
