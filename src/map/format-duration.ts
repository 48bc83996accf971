/** ISO 8601 durations in words ("1 year and 6 months"), in a customer's language. */
import { parseDuration } from '../shared/duration.ts';
import { memoBy } from './memo.ts';
import type { Locale, Texts } from './texts.ts';

const memo = memoBy<Texts, string>();

/** "30 days", "1 year and 6 months" in `lng`, from the `duration.*` and `list.and` texts. */
export const formatDuration = (texts: Texts, lng: Locale, iso: string): string =>
  memo(texts, `${lng}\0${iso}`, () => inWords(texts, lng, iso));

function inWords(texts: Texts, lng: Locale, iso: string): string {
  const d = parseDuration(iso);
  const parts = (['years', 'months', 'weeks', 'days'] as const)
    .filter((u) => d[u] > 0)
    .map((u) => texts.t(lng, `duration.${u}`, { count: d[u] }));
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} ${texts.t(lng, 'list.and')} ${parts.at(-1)}`;
}
