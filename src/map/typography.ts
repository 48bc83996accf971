/**
 * The last touch on every rendered text: what a writer cannot get right in a template because it
 * depends on the words a placeholder brings. A sentence that ends after a name ending in "." gets
 * one full stop ("Example Shop B.V."), and French elides before a vowel wherever a placeholder
 * follows "de", "le", "que"… ("d’Example Shop", "d’un an", "l’adresse e-mail", "s’il").
 */

/** Letters a French word may start with to take an elided article or pronoun. */
const VOWEL = /^[aàâäeéèêëiîïoôöuùûüœæ]/i;

/**
 * Words beginning with a mute h (elided before: "l’heure", "d’hébergement"). Any other h is
 * taken as aspirated ("le haut"), the safe side: a missing elision reads odd, a wrong one wrong.
 */
const MUTE_H =
  /^(h[ée]berg|habit|heure|histoire|hiver|homme|honneur|h[ôo]pital|h[ôo]tel|h[ôo]te|huile|humain|horaire|hypoth|herbe|h[ée]rit)/i;

/** Vowel-initial words that keep the full article: "le onze", "le oui", "le yaourt". */
const NO_ELISION = /^(onze|onzième|oui|ouate|yaourt|yacht|yoga)$/i;

/** Words that drop their vowel before a vowel: "de" → "d’", "que" → "qu’", "la" → "l’". */
const ELIDING = 'de|le|la|je|me|te|se|ne|que|jusque|lorsque|puisque|quoique';

const takesElision = (word: string): boolean =>
  !NO_ELISION.test(word) && (VOWEL.test(word) || MUTE_H.test(word));

/** Keeps the capital of the word it replaces: "De" + "Example" → "D’Example". */
const like = (original: string, replacement: string): string =>
  original[0] === original[0]?.toUpperCase()
    ? `${replacement[0]?.toUpperCase() ?? ''}${replacement.slice(1)}`
    : replacement;

const BEFORE = String.raw`(?<![\p{L}\p{N}’'-])`;
/** A word, the spaces after it, and (looked at, not taken) the next word: so "de la adresse" sees both. */
const before = (words: string) => new RegExp(`${BEFORE}(${words}) +(?=([\\p{L}]+))`, 'giu');
const ELISION = before(ELIDING);
const CONTRACTED = before('du|au');
const CE = before('ce');
const SI = new RegExp(`${BEFORE}(si) +(?=(ils?)(?![\\p{L}]))`, 'giu');

/** French elision and its kin before a vowel or mute h: d’, l’, qu’, de l’, à l’, cet, c’est, s’il. */
export function elideFrench(text: string): string {
  return text
    .replace(ELISION, (all, w: string, next: string) =>
      takesElision(next) || next.toLowerCase() === 'y' ? `${w.slice(0, -1)}’` : all,
    )
    .replace(CONTRACTED, (all, w: string, next: string) =>
      takesElision(next) ? like(w, w.toLowerCase() === 'du' ? 'de l’' : 'à l’') : all,
    )
    .replace(CE, (all, w: string, next: string) => {
      if (!takesElision(next)) return all;
      return /^(est|était|étaient|en)$/i.test(next) ? `${w[0] ?? 'c'}’` : `${w}t `;
    })
    .replace(SI, (_all, w: string) => `${w[0] ?? 's'}’`);
}

/**
 * One mark where a name's own full stop meets the sentence's ("B.V.." → "B.V."), a question or
 * exclamation that a full stop follows ("?." → "?"), and no doubled commas or spaces where an
 * empty placeholder stood. An ellipsis ("...") is left alone.
 */
export function tidyPunctuation(text: string): string {
  return text
    .replace(/(?<!\.)([.!?…])\.(?!\.)/g, '$1')
    .replace(/,\s*,/g, ',')
    .replace(/(\S) {2,}(?=\S)/g, '$1 ')
    .replace(/ ([.,])(?=\s|$)/g, '$1');
}

/** The finished text in `lng`: punctuation tidied, and French elision applied. */
export function polish(lng: string, text: string): string {
  const tidy = tidyPunctuation(text);
  return lng.startsWith('fr') ? elideFrench(tidy) : tidy;
}
