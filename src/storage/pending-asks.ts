/**
 * Asks waiting for an answer, one per conversation key, so an ask left unanswered until the
 * conversation goes quiet can be counted as abandoned. Operational state, not an event: it is
 * deleted as soon as the ask is answered, cancelled or counted, and its key is a hash.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AskDimensions } from './ask-events.ts';

export const PendingAsk = AskDimensions.extend({
  /** A hash of the pseudonymous subject (see `pendingKeyOf`), never the subject itself. */
  key: z.string(),
  /** The last turn of the conversation while the ask waited. */
  since: z.coerce.date(),
});
export type PendingAsk = z.infer<typeof PendingAsk>;

/** The pending-ask key of a subject on a channel. */
export function pendingKeyOf(subject: string, channel: string): string {
  return createHash('sha256').update(`pending-ask\0${channel}\0${subject}`).digest('base64url').slice(0, 32);
}
