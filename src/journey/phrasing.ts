/**
 * How the bot words an ask, its "why" and durations, in the customer's language. The wording
 * itself lives in the map (map/wording.ts), which hashes it into the notice version and archives
 * it; this module adds the buttons.
 */
import { formatDuration, type Locale, type Texts } from '../map/index.ts';
import type { Suggestion } from './conversation-state.ts';

export { formatDuration };
export { askReuseText, askText, needWords, whyText } from '../map/index.ts';

export const button = (texts: Texts, lng: Locale, key: string): Suggestion => {
  const title = texts.t(lng, `buttons.${key}`);
  return { title, value: title };
};
