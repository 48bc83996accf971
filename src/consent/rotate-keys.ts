/**
 * Key rotation: re-encrypts every sealed field under the current data key, bound to its place
 * (AAD), so older keys can be dropped. The sealed fields are a list of collections; a new sealed
 * field is one more entry. Each write is conditional, so a value changed meanwhile (it was then
 * written under the current key) is left alone rather than overwritten with its older content.
 */
import { ETagConflictError, EncryptedValue, type Store } from '../storage/index.ts';
import { refAad, stateAad, valueAad, type Cipher } from './crypto.ts';
import { sealedOf } from './encrypted-refs.ts';

/** One sealed field as stored. */
export interface SealedEntry {
  /** The ciphertext; undefined for a field still stored in clear from before it was sealed. */
  readonly sealed: EncryptedValue | undefined;
  /** The clear text of a field stored in clear. */
  readonly clear?: string;
  /** Where the field belongs (its AAD). */
  readonly aad: string;
  /** Stores the new ciphertext while the entry is unchanged; false when it changed or is gone. */
  replace(sealed: EncryptedValue): Promise<boolean>;
}

/** A named collection of sealed fields, read a page at a time. */
export interface SealedCollection {
  readonly name: string;
  entries(): AsyncIterable<SealedEntry> | Iterable<SealedEntry>;
}

export interface RotationCount {
  readonly name: string;
  /** Entries looked at. */
  seen: number;
  /** Entries re-encrypted under the current key. */
  rotated: number;
  /** Entries changed by someone else between read and write, left as written (a re-run checks them). */
  changed: number;
  /** Entries no listed key opens (keep the key that made them in DATA_KEY). */
  unreadable: number;
}

/**
 * Every row of a scan read `page` at a time (each page after the last row's cursor), as the sealed
 * entries `entriesOf` makes of it (none for a row with nothing sealed).
 */
async function* paged<Row, Cursor>(
  page: number,
  scan: (after: Cursor | undefined, limit: number) => Promise<Row[]>,
  cursorOf: (row: Row) => Cursor,
  entriesOf: (row: Row) => SealedEntry[],
): AsyncIterable<SealedEntry> {
  let after: Cursor | undefined;
  for (;;) {
    const rows = await scan(after, page);
    for (const row of rows) yield* entriesOf(row);
    const last = rows.at(-1);
    if (!last || rows.length < page) return;
    after = cursorOf(last);
  }
}

/** Held values, bound to their subject and item. */
const heldValues = (store: Store, page: number): SealedCollection => ({
  name: 'held values',
  entries: () =>
    paged(
      page,
      (after: { subject: string; item: string } | undefined, limit: number) => store.items.scan(after, limit),
      (h) => ({ subject: h.subject, item: h.item }),
      (h) => [
        {
          sealed: h.value,
          aad: valueAad(h.subject, h.item),
          replace: (sealed) => store.items.setValue(h.subject, h.item, sealed, h.value),
        },
      ],
    ),
});

/** Values waiting in the outbox for a system, sealed like held values (bound to subject and item). */
const eventValues = (store: Store, page: number): SealedCollection => ({
  name: 'event values',
  entries: () =>
    paged(
      page,
      (after: string | undefined, limit: number) => store.outbox.scanValues(after, limit),
      (e) => e.id,
      (e) => {
        const sealed = e.value;
        if (!sealed) return [];
        return [
          {
            sealed,
            aad: valueAad(e.subject, e.item),
            replace: (next) => store.outbox.replaceValue(e.id, next, sealed),
          },
        ];
      },
    ),
});

/** Conversation references, bound to their subject. */
const conversationRefs = (store: Store, page: number): SealedCollection => ({
  name: 'conversation references',
  entries: () =>
    paged(
      page,
      (after: string | undefined, limit: number) => store.refs.scan(after, limit),
      (r) => r.subject,
      ({ subject, ref }) => {
        const sealed = sealedOf(ref);
        return [
          {
            sealed,
            ...(sealed ? {} : { clear: JSON.stringify(ref) }),
            aad: refAad(subject),
            replace: (next) => store.refs.replace(subject, ref, { sealed: next }),
          },
        ];
      },
    ),
});

/**
 * Bot state, sealed whole and bound to its (pseudonymous) key. A rewrite keeps the document's
 * last-write time, so rotating does not keep idle state alive; a turn that wrote meanwhile wins.
 */
const botState = (store: Store, page: number): SealedCollection => ({
  name: 'bot state',
  entries: () =>
    paged(
      page,
      (after: string | undefined, limit: number) => store.state.scan(after, limit),
      (r) => r.key,
      ({ key, entry, at }) => {
        const sealed = EncryptedValue.safeParse(entry.doc.sealed);
        // An unsealed document from an older version: expiry takes it.
        if (!sealed.success) return [];
        const replace = async (next: EncryptedValue) => {
          try {
            await store.state.write(key, { sealed: next }, entry.eTag, { at });
            return true;
          } catch (e) {
            if (e instanceof ETagConflictError) return false;
            throw e;
          }
        };
        return [{ sealed: sealed.data, aad: stateAad(key), replace }];
      },
    ),
});

/** The sealed fields consent keeps: held values, event values, conversation references, bot state. */
export function consentSealedCollections(store: Store, pageSize = 500): SealedCollection[] {
  return [
    heldValues(store, pageSize),
    eventValues(store, pageSize),
    conversationRefs(store, pageSize),
    botState(store, pageSize),
  ];
}

/** Re-encrypts one entry when it is not yet bound and under the current key. */
async function rotateEntry(cipher: Cipher, e: SealedEntry, count: RotationCount): Promise<void> {
  count.seen++;
  if (e.sealed && cipher.isCurrent(e.sealed)) return;
  let plain: string;
  try {
    plain = e.sealed ? cipher.decrypt(e.sealed, e.aad) : (e.clear ?? '');
  } catch {
    count.unreadable++;
    return;
  }
  if (await e.replace(cipher.encrypt(plain, e.aad))) count.rotated++;
  else count.changed++;
}

/** Re-encrypts every entry of every collection under the cipher's current key; counts per collection. */
export async function rotateKeys(
  cipher: Cipher,
  collections: readonly SealedCollection[],
): Promise<RotationCount[]> {
  const counts: RotationCount[] = [];
  for (const c of collections) {
    const count: RotationCount = { name: c.name, seen: 0, rotated: 0, changed: 0, unreadable: 0 };
    for await (const e of c.entries()) await rotateEntry(cipher, e, count);
    counts.push(count);
  }
  return counts;
}
