/**
 * The events a ledger change causes for the business's systems (GDPR Art. 19: every recipient is
 * told of a rectification, erasure or restriction). Each record of a grant, correction, withdrawal,
 * erasure, give-back or expiry becomes one event per system receiving its purpose, with an id
 * derived from the record's idempotency key, so a replayed change yields the same `webhook-id`.
 * A withdrawal or erasure also drops the value from that item's events not yet delivered: what
 * was taken back never leaves afterwards. Pure.
 */
import { createHash } from 'node:crypto';
import { systemsOfPurpose, type DialogueMap } from '../map/index.ts';
import {
  EventType,
  type EncryptedValue,
  type LedgerRecord,
  type OutboxEvent,
  type OutboxStrip,
  type OutboxWrite,
} from '../storage/index.ts';

const CARRIES_VALUE: readonly EventType[] = ['item.granted', 'item.rectified'];

/** The event type of a ledger record, when it is one systems are told of. */
export function eventTypeOf(r: Pick<LedgerRecord, 'event'>): EventType | undefined {
  const t = EventType.safeParse(`item.${r.event}`);
  return t.success ? t.data : undefined;
}

/** Systems to tell about a record: its purpose's, or for `*` every one that may hold the item. */
export function systemsToTell(map: DialogueMap, r: Pick<LedgerRecord, 'item' | 'purpose'>): string[] {
  if (r.purpose !== '*') return systemsOfPurpose(map.catalog, r.purpose);
  const purposes = new Set(
    [...map.journeys.values()].flatMap((j) =>
      Object.values(j.steps).flatMap((s) => s.needs.filter((n) => n.item === r.item).map((n) => n.purpose)),
    ),
  );
  return [...new Set([...purposes].flatMap((p) => systemsOfPurpose(map.catalog, p)))];
}

export const eventIdOf = (idem: string, system: string): string =>
  `evt_${createHash('sha256').update(`${idem}\u0000${system}`).digest('base64url').slice(0, 24)}`;

/**
 * What a record drops from events not yet sent: an erasure every value of the item, a withdrawal,
 * give-back or expiry the purpose's, and a grant or correction the older values of the item (the
 * new event carries the value as it is now, so a replaced value never leaves after its change).
 */
function stripOf(r: LedgerRecord, type: EventType): OutboxStrip | undefined {
  if (type === 'item.erased' || CARRIES_VALUE.includes(type)) return { subject: r.subject, item: r.item };
  if (type === 'item.withdrawn' || type === 'item.given-back' || type === 'item.expired')
    return r.purpose === '*'
      ? { subject: r.subject, item: r.item }
      : { subject: r.subject, item: r.item, purpose: r.purpose };
  return undefined;
}

/**
 * The outbox write of ledger records: events for their systems (a value on granted and rectified,
 * from `valueOf`) and the values to drop. Due at `now`.
 */
export function outboxOf(
  map: DialogueMap,
  records: readonly LedgerRecord[],
  valueOf: (r: LedgerRecord) => EncryptedValue | undefined,
  now: Date,
): OutboxWrite {
  const add: OutboxEvent[] = [];
  const strip: OutboxStrip[] = [];
  for (const r of records) {
    const type = eventTypeOf(r);
    if (!type) continue;
    const s = stripOf(r, type);
    if (s) strip.push(s);
    const systems = systemsToTell(map, r);
    const value = systems.length > 0 && CARRIES_VALUE.includes(type) ? valueOf(r) : undefined;
    for (const system of systems)
      add.push({
        id: eventIdOf(r.idem, system),
        system,
        type,
        subject: r.subject,
        item: r.item,
        purpose: r.purpose,
        at: r.at,
        ...(value ? { value } : {}),
        attempts: 0,
        nextAt: now,
      });
  }
  return { add, strip };
}

/** Whether a record may need a value read for its events (granted/rectified with a system to tell). */
export const needsValue = (map: DialogueMap, r: LedgerRecord): boolean => {
  const type = eventTypeOf(r);
  return type !== undefined && CARRIES_VALUE.includes(type) && systemsToTell(map, r).length > 0;
};
