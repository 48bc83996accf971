/**
 * Ask events for opt-in analytics: what happened to an ask, where, in which language and
 * channel. They never carry a value or a subject id, so they cannot be joined back to a customer.
 */
import { z } from 'zod';

export const AskEventType = z.enum([
  'asked',
  'asked-reuse',
  'granted',
  'reused',
  'declined',
  'deferred',
  'never-ask',
  'invalid',
  'why',
  'suppressed',
  'abandoned',
  'withdrawn',
  'given-back',
  'expired',
  'erased',
]);

/** Where an ask happened: what every event, counter and pending ask is keyed by. */
export const AskDimensions = z.object({
  item: z.string(),
  purpose: z.string(),
  journey: z.string(),
  step: z.string(),
  locale: z.string(),
  channel: z.string(),
});

export const AskEvent = AskDimensions.extend({
  type: AskEventType,
  at: z.date(),
  /** For `suppressed`: why the planner did not ask (never-ask, cooldown, deferred, budget). */
  reason: z.string().optional(),
});

export type AskEventType = z.infer<typeof AskEventType>;
export type AskEvent = z.infer<typeof AskEvent>;

/** Where the runtime reports ask events; recording must not fail a customer's turn. */
export interface AskEventSink {
  record(event: AskEvent): Promise<void>;
}
