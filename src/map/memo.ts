/**
 * Memos of words made from the dialogue map alone (a duration, an item's forms, a need's words):
 * the same texts and catalog always give the same words, and making them anew took ~8 % of a turn.
 * Keyed weakly by the texts (and catalog) object, so a reloaded map starts afresh; bounded, and
 * never given a customer's value — only map ids, locales and durations make a key.
 */

/** At most this many entries per texts (and catalog); past it, words are made every time. */
const MAX_ENTRIES = 10_000;

/** Looks `key` up for `owner`, making (and keeping) the value when it is not there yet. */
export type Memo<O extends object, V> = (owner: O, key: string, make: () => V) => V;

/** A bounded memo of string-keyed results per `owner` object. */
export function memoBy<O extends object, V>(): Memo<O, V> {
  const byOwner = new WeakMap<O, Map<string, V>>();
  return (owner, key, make) => {
    let memo = byOwner.get(owner);
    if (!memo) byOwner.set(owner, (memo = new Map<string, V>()));
    let value = memo.get(key);
    if (value === undefined) {
      value = make();
      if (memo.size < MAX_ENTRIES) memo.set(key, value);
    }
    return value;
  };
}
