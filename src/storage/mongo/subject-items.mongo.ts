/**
 * A subject's held items as one document (`subject_items`, `_id` the subject): the updates that
 * change one item inside it, and the reading of its items. Every update names the document by
 * `_id` alone where it can, so FerretDB 1.x (which pushes down nothing but an `_id` equality)
 * serves it from its primary key instead of scanning every subject; each is still one atomic
 * update of one document on MongoDB.
 *
 * An entry without `value` is not held: a use recorded after the item was deleted leaves one
 * (`touch` is a bare `$max`, so it needs no condition), and readers skip it. A use counts for a
 * grant only when it is not older than the grant (a grant given again starts unused).
 */
import type { AnyBulkWriteOperation, Filter, UpdateFilter } from 'mongodb';
import { grantDueAt, HeldItem, type Grant } from '../records.ts';
import type { ItemChange } from '../turn-batch.ts';
import { fieldName, type StoredItemDoc, type SubjectItemsDoc } from './collections.mongo.ts';

type Update = UpdateFilter<SubjectItemsDoc>;
type Fields = Record<string, unknown>;

/** The path of an item inside its subject's document. */
export const itemPath = (item: string): string => `items.${fieldName(item)}`;

const grantDoc = ({ purpose: _p, ...rest }: Grant) => rest;

/** Stores a value and the grant of its purpose; other grants stay. Upserts the subject's document. */
export function putUpdate(held: Omit<HeldItem, 'grants'>, grant: Grant): Update {
  const p = itemPath(held.item);
  const due = grantDueAt(grant);
  return {
    $set: {
      [`${p}.value`]: held.value,
      [`${p}.collectedAt`]: held.collectedAt,
      [`${p}.collected`]: held.collected,
      [`${p}.grants.${fieldName(grant.purpose)}`]: grantDoc(grant),
    },
    $min: { [`${p}.dueAt`]: due, dueAt: due },
  };
}

/** Adds or replaces one grant (apply with `heldFilter`: only to an item that is held). */
export function grantUpdate(item: string, grant: Grant): Update {
  const p = itemPath(item);
  const due = grantDueAt(grant);
  return {
    $set: { [`${p}.grants.${fieldName(grant.purpose)}`]: grantDoc(grant) },
    $min: { [`${p}.dueAt`]: due, dueAt: due },
  };
}

/** Records a use; counted only for a grant of that purpose given before it (see the header). */
export const touchUpdate = (item: string, purpose: string, at: Date): Update => ({
  $max: { [`${itemPath(item)}.used.${fieldName(purpose)}`]: at },
});

export const removeGrantUpdate = (item: string, purpose: string): Update => ({
  $unset: {
    [`${itemPath(item)}.grants.${fieldName(purpose)}`]: '',
    [`${itemPath(item)}.used.${fieldName(purpose)}`]: '',
  },
});

export const deleteUpdate = (item: string): Update => ({ $unset: { [itemPath(item)]: '' } });

/** The subject's document, only while it holds `item` (not an `_id`-only filter: a scan on FerretDB). */
export const heldFilter = (subject: string, item: string): Filter<SubjectItemsDoc> => ({
  _id: subject,
  [`${itemPath(item)}.value`]: { $exists: true },
});

/** A grant as read: its purpose, and its last use raised to a later recorded one. */
function grantOf(purpose: string, d: StoredItemDoc): Grant {
  const g = d.grants?.[purpose];
  const used = d.used?.[purpose];
  const last = g?.lastUsedAt ?? null;
  const counts = used !== undefined && g !== undefined && used >= g.grantedAt && (!last || used > last);
  return { ...(g as Omit<Grant, 'purpose'>), purpose, lastUsedAt: counts ? used : last };
}

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** One stored entry as the port's HeldItem, parsed (a corrupt document is an error); undefined when not held. */
export function heldOf(subject: string, item: string, d: StoredItemDoc): HeldItem | undefined {
  if (d.value === undefined) return undefined;
  const grants = Object.keys(d.grants ?? {})
    .map((purpose) => grantOf(purpose, d))
    .sort(byKey((g) => g.purpose));
  const { value, collectedAt, collected } = d;
  return HeldItem.parse({ subject, item, value, collectedAt, collected, grants });
}

/** Every item a subject's document holds, in item order. */
export function heldItemsOf(doc: SubjectItemsDoc | null): HeldItem[] {
  if (!doc) return [];
  return Object.entries(doc.items ?? {})
    .map(([item, d]) => heldOf(doc._id, item, d))
    .filter((h): h is HeldItem => h !== undefined)
    .sort(byKey((h) => h.item));
}

/** The earliest due time of the items a document holds (undefined: none). */
export function earliestDue(doc: SubjectItemsDoc): Date | undefined {
  const dues = Object.values(doc.items ?? {})
    .filter((d) => d.value !== undefined)
    .flatMap((d) => (d.dueAt ? [d.dueAt.getTime()] : []));
  return dues.length > 0 ? new Date(Math.min(...dues)) : undefined;
}

/** Folds `next` into `into`: `$min`/`$max` of one path keep the lower/higher value; others are disjoint. */
function mergeInto(into: Record<string, Fields>, next: Update): void {
  const byOperator: [string, unknown][] = Object.entries(next);
  for (const [op, fields] of byOperator) {
    const target = (into[op] ??= {});
    for (const [path, v] of Object.entries(fields as Fields)) {
      const old = target[path];
      if (old instanceof Date && v instanceof Date)
        target[path] = (op === '$min' ? v < old : v > old) ? v : old;
      else target[path] = v;
    }
  }
}

/**
 * A turn's item changes as the fewest updates of the subject's document, in order: consecutive
 * changes of different items (or a use right after the put or grant of its item) become one
 * update; a grant is applied alone, only to an item that is held.
 */
export function itemWrites(
  subject: string,
  changes: readonly ItemChange[],
): AnyBulkWriteOperation<SubjectItemsDoc>[] {
  const ops: AnyBulkWriteOperation<SubjectItemsDoc>[] = [];
  /** The update being built, with the kind of change each of its items had. */
  let merged:
    { update: Record<string, Fields>; items: Map<string, ItemChange['kind']>; upsert: boolean } | undefined;
  const close = () => {
    if (merged)
      ops.push({ updateOne: { filter: { _id: subject }, update: merged.update, upsert: merged.upsert } });
    merged = undefined;
  };
  for (const c of changes) {
    if (c.kind === 'grant') {
      close();
      ops.push({ updateOne: { filter: heldFilter(subject, c.item), update: grantUpdate(c.item, c.grant) } });
      continue;
    }
    const item = c.kind === 'put' ? c.item.item : c.item;
    const before = merged?.items.get(item);
    // A use after a put (or another use) of the item touches other paths; anything else waits.
    if (before && !(c.kind === 'touch' && (before === 'put' || before === 'touch'))) close();
    merged ??= { update: {}, items: new Map(), upsert: false };
    mergeInto(merged.update, changeUpdate(c));
    if (!merged.items.has(item)) merged.items.set(item, c.kind);
    merged.upsert ||= c.kind === 'put';
  }
  close();
  return ops;
}

const earlier = (a: Date | undefined, b: Date) => (a && a < b ? a : b);

/**
 * The document a turn's changes make for a subject that has none yet (the same as its updates
 * would make on an empty one), to insert; undefined unless every change is a put or a use of an
 * item put before it.
 */
export function freshItemsDoc(subject: string, changes: readonly ItemChange[]): SubjectItemsDoc | undefined {
  const items: Record<string, StoredItemDoc> = {};
  let dueAt: Date | undefined;
  for (const c of changes) {
    if (c.kind === 'put') {
      const { item, value, collectedAt, collected } = c.item;
      const before = items[fieldName(item)];
      const due = grantDueAt(c.grant);
      const grants = { ...before?.grants, [fieldName(c.grant.purpose)]: grantDoc(c.grant) };
      items[item] = { ...before, value, collectedAt, collected, grants, dueAt: earlier(before?.dueAt, due) };
      dueAt = earlier(dueAt, due);
    } else if (c.kind === 'touch' && items[c.item]) {
      const entry = items[c.item] as StoredItemDoc;
      const last = entry.used?.[c.purpose];
      entry.used = { ...entry.used, [fieldName(c.purpose)]: last && last > c.at ? last : c.at };
    } else return undefined;
  }
  return dueAt ? { _id: subject, items, dueAt } : undefined;
}

function changeUpdate(c: Exclude<ItemChange, { kind: 'grant' }>): Update {
  switch (c.kind) {
    case 'put':
      return putUpdate(c.item, c.grant);
    case 'touch':
      return touchUpdate(c.item, c.purpose, c.at);
    case 'remove-grant':
      return removeGrantUpdate(c.item, c.purpose);
    case 'delete':
      return deleteUpdate(c.item);
  }
}
