/**
 * The events outbox: what each recipient system must be told (GDPR Art. 19), stored with the
 * ledger change that causes it and delivered later, retried, by the outbox worker. A value
 * travels only with item.granted / item.rectified, sealed like a held value; it is dropped once
 * delivered, given up, or when the item is withdrawn or erased before delivery.
 */
import { z } from 'zod';
import { EncryptedValue } from './records.ts';

const When = z.coerce.date();

export const EventType = z.enum([
  'item.granted',
  'item.rectified',
  'item.withdrawn',
  'item.erased',
  'item.given-back',
  'item.expired',
]);
export type EventType = z.infer<typeof EventType>;

export const OutboxEvent = z.object({
  /** The `webhook-id`: the same on every attempt, so a receiver can drop a repeat. */
  id: z.string(),
  system: z.string(),
  type: EventType,
  subject: z.string(),
  item: z.string(),
  purpose: z.string(),
  /** When the change happened. */
  at: When,
  /** Sealed like a held value (bound to subject and item); only on granted and rectified. */
  value: EncryptedValue.optional(),
  /** Attempts made so far. */
  attempts: z.number().int().nonnegative(),
  /** When the next attempt is due. */
  nextAt: When,
  /** Why the last attempt failed (a category and status, never a value). */
  lastError: z.string().optional(),
  /** Set when the retry window is over: the event is kept, without value, for the DPO to see. */
  failedAt: When.optional(),
});
export type OutboxEvent = z.infer<typeof OutboxEvent>;

/** Values to drop from events not yet delivered: an item's (for one purpose, or every purpose). */
export interface OutboxStrip {
  readonly subject: string;
  readonly item: string;
  readonly purpose?: string;
}

/** Outbox writes that go with a ledger change, in the same transaction (SQLite) or batch (MongoDB). */
export interface OutboxWrite {
  /** Events to add; one whose id is stored already is not added again. */
  readonly add: readonly OutboxEvent[];
  /** Applied before `add`: values dropped from pending events of withdrawn or erased items. */
  readonly strip: readonly OutboxStrip[];
}

export const isEmptyOutboxWrite = (w: OutboxWrite | undefined): boolean =>
  !w || (w.add.length === 0 && w.strip.length === 0);
