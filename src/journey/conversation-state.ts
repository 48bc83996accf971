/**
 * The per-conversation state the runtime keeps between turns (stored as bot state, sealed with
 * the data key by channels/). It never holds an attachment: the export of "send me my data"
 * carries every value in clear and is sent, never kept.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const Outcome = z.enum(['provided', 'reused', 'used', 'declined']);

export const Pending = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choose') }),
  z.object({
    kind: z.enum(['ask', 'ask-reuse']),
    item: z.string(),
    purpose: z.string(),
    attempts: z.number().int().nonnegative(),
  }),
  /** A value read from an ambiguous answer, stored on "yes"; `otherwise` is stored on "no". */
  z.object({
    kind: z.literal('ask-confirm'),
    item: z.string(),
    purpose: z.string(),
    attempts: z.number().int().nonnegative(),
    value: z.string(),
    otherwise: z.string().optional(),
  }),
  /** A value the channel vouches for (the SMS sender's number), offered: stored only on "yes". */
  z.object({
    kind: z.literal('ask-known'),
    item: z.string(),
    purpose: z.string(),
    attempts: z.number().int().nonnegative(),
    value: z.string(),
  }),
]);

export const Run = z.object({
  journey: z.string(),
  step: z.string(),
  chosen: z.string().optional(),
  outcomes: z.record(z.string(), Outcome),
  /** Chosen option labels by step id, for texts such as "booked for {{slot}}"; and vars systems answered. */
  vars: z.record(z.string(), z.string()),
  /** Chosen option ids by step id, as actions receive them. */
  answers: z.record(z.string(), z.string()).optional(),
  /** The step's action was carried out (answered without an outcome that leads elsewhere). */
  acted: z.boolean().optional(),
  pending: Pending.optional(),
  /** The customer asked for this task themselves (typed it or tapped it), not the site or the bot. */
  initiative: z.literal('customer').optional(),
});

/** A button; `option` marks one of the answer's options (numbered on channels without buttons). */
export const Suggestion = z.object({ title: z.string(), value: z.string(), option: z.boolean().optional() });

export const JustAskMeta = z.object({
  kind: z.enum(['ask', 'ask-reuse', 'ask-confirm', 'ask-known']),
  journey: z.string(),
  step: z.string(),
  item: z.string(),
  purpose: z.string(),
  required: z.boolean(),
});

export const Attachment = z.object({ name: z.string(), contentType: z.string(), contentUrl: z.string() });

/** A rights request recognised in the customer's words. */
export const RightRequest = z.union([
  z.object({ kind: z.enum(['what', 'export', 'forget', 'unsubscribe', 'withdraw-all', 'change-which']) }),
  z.object({ kind: z.enum(['why', 'change', 'delete', 'stop', 'clear-never']), item: z.string() }),
  z.object({ kind: z.enum(['restrict', 'object']), item: z.string().optional() }),
  z.object({ kind: z.literal('withdraw-journey'), journey: z.string() }),
]);

/** What the customer wants: a task, a right, or a conversation command. */
export const Intent = z.union([
  z.object({ kind: z.literal('journey'), journey: z.string() }),
  z.object({ kind: z.literal('right'), request: RightRequest }),
  z.object({ kind: z.literal('command'), command: z.enum(['cancel', 'help']) }),
]);

/** A question about the conversation itself waiting for a yes or no. */
export const Interrupt = z.union([
  /** Leave the task in progress for another one? */
  z.object({ kind: z.literal('switch'), to: Intent }),
  /** Stop the task in progress? */
  z.object({ kind: z.literal('cancel') }),
  /** Go back to the task left for another one? */
  z.object({ kind: z.literal('resume') }),
]);

/** A question of the rights dialog waiting for the customer's answer. */
export const RightsPending = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('confirm-forget') }),
  z.object({ kind: z.literal('confirm-stop'), item: z.string(), purpose: z.string() }),
  z.object({ kind: z.literal('confirm-withdraw-all') }),
  z.object({ kind: z.literal('confirm-restrict'), item: z.string().optional() }),
  z.object({ kind: z.literal('confirm-object'), item: z.string().optional() }),
  z.object({ kind: z.literal('confirm-delete'), item: z.string() }),
  z.object({ kind: z.literal('pick-purpose'), item: z.string() }),
  z.object({ kind: z.literal('change'), item: z.string(), attempts: z.number().int().nonnegative() }),
  /** A new value read from an ambiguous answer, changed on "yes" (`otherwise` on "no"). */
  z.object({
    kind: z.literal('confirm-change'),
    item: z.string(),
    value: z.string(),
    otherwise: z.string().optional(),
  }),
]);

export const Reply = z.object({
  text: z.string(),
  suggestions: z.array(Suggestion).optional(),
  attachments: z.array(Attachment).optional(),
  justask: JustAskMeta.optional(),
});

export const ConversationState = z.object({
  run: Run.optional(),
  rights: RightsPending.optional(),
  /** "Did you mean …?": the readings offered as buttons; or the menu, whose options take a number too. */
  clarify: z.object({ options: z.array(Intent).min(1), menu: z.literal(true).optional() }).optional(),
  /** A confirmation about the conversation (switch task, stop, go back) waiting for an answer. */
  interrupt: Interrupt.optional(),
  /** A task left for another one (or paused with "later"), offered to be resumed. */
  suspended: Run.optional(),
  /** The need of the latest "no thanks": a value given for it later lifts a "never ask". */
  declinedNeed: z
    .object({ item: z.string(), purpose: z.string(), journey: z.string(), step: z.string() })
    .optional(),
  /** The item of the latest "no thanks", so a "never ask again" button knows what it refers to. */
  lastDeclined: z.string().optional(),
  /** The last activity handled and what was answered: a redelivery gets the same answer. */
  lastActivityId: z.string().optional(),
  lastReplies: z.array(Reply.omit({ attachments: true })).optional(),
  /** A fingerprint of the conversation reference last saved: it is saved again only when it changes. */
  refHash: z.string().optional(),
});

export type Pending = z.infer<typeof Pending>;
export type Run = z.infer<typeof Run>;
export type Suggestion = z.infer<typeof Suggestion>;
export type JustAskMeta = z.infer<typeof JustAskMeta>;
export type Reply = z.infer<typeof Reply>;
export type RightsPending = z.infer<typeof RightsPending>;
export type RightRequest = z.infer<typeof RightRequest>;
export type Intent = z.infer<typeof Intent>;
export type Interrupt = z.infer<typeof Interrupt>;
export type ConversationState = z.infer<typeof ConversationState>;

/** Reads stored state; anything unreadable (an older shape) starts afresh rather than failing the turn. */
export function parseConversationState(doc: unknown): ConversationState {
  const r = ConversationState.safeParse(doc ?? {});
  return r.success ? r.data : {};
}

/** The key sealed state carries the fingerprint of its schema under (`~`: never a state field). */
const SHAPE_KEY = '~shape';
let shape: string | undefined;

/** A fingerprint of the state's schema: a change to any of its types gives another one. */
const stateShape = (): string =>
  (shape ??= createHash('sha256')
    .update(JSON.stringify(z.toJSONSchema(ConversationState)))
    .digest('base64url')
    .slice(0, 16));

/** The state as JSON to seal, marked with the fingerprint of the schema it was made under. */
export const sealableState = (state: ConversationState): string =>
  JSON.stringify({ ...state, [SHAPE_KEY]: stateShape() });

/**
 * Reads state opened from its seal. Marked with this schema's fingerprint it is as this code wrote
 * it (the seal authenticates it), so it is taken as it is: validating it again was a few percent of
 * a turn. Anything else (unmarked, an older schema) is validated as stored state always was.
 */
export function openedState(doc: unknown): ConversationState {
  if (typeof doc !== 'object' || doc === null || (doc as Record<string, unknown>)[SHAPE_KEY] !== stateShape())
    return parseConversationState(doc);
  const { [SHAPE_KEY]: _shape, ...state } = doc as Record<string, unknown>;
  return state;
}
