/**
 * The conversation-test file format (`dialogs/tests/*.yaml`), as strict zod schemas: designers
 * write what the customer types and what the bot must answer — exact lines or /regex/ patterns —
 * the asks expected (item and purpose), and what must be stored at the end.
 */
import { z } from 'zod';
import { Id } from '../map/index.ts';

/** A bot line: the exact text, or a pattern written `/…/flags` that must match somewhere in it. */
export const ExpectedLine = z.string();

export const ExpectedAsk = z.strictObject({
  item: Id,
  purpose: Id,
  kind: z.enum(['ask', 'ask-reuse']).optional(),
  required: z.boolean().optional(),
});

export const Turn = z
  .strictObject({
    /** What the customer types. */
    customer: z.string().optional(),
    /** Start a journey by id, as a button on a web page would (a `journey.start` event). */
    start: Id.optional(),
    /** The customer opens the chat: the bot's welcome. */
    join: z.literal(true).optional(),
    /** Every line the bot answers, in order (one line may be written without a list). */
    bot: z.union([ExpectedLine, z.array(ExpectedLine)]).optional(),
    /** The buttons under the bot's last line. */
    buttons: z.array(z.string()).optional(),
    /** The ask the bot's last line carries; `false`: no line asks for anything. */
    ask: z.union([ExpectedAsk, z.literal(false)]).optional(),
  })
  .refine((t) => [t.customer, t.start, t.join].filter((x) => x !== undefined).length === 1, {
    message:
      'a turn has exactly one of customer (what the customer types), start (a journey id) or join: true',
  });

export const ExpectedStored = z.strictObject({
  item: Id,
  /** The stored value, as normalised by validation (phones in E.164, emails in lower case). */
  value: z.string().optional(),
  /** The purposes it is granted for. */
  purposes: z.array(Id).optional(),
});

/** How a system answers an action in a test: an outcome and vars, or a failure. */
export const ScriptedAnswer = z.strictObject({
  outcome: Id.optional(),
  vars: z.record(z.string(), z.string()).optional(),
  /** The system fails (an error status): the bot's onError path or its sorry. */
  fail: z.literal(true).optional(),
});

export const Conversation = z.strictObject({
  name: z.string().min(1),
  /** The customer's language (en, nl, fr, de), optionally with a region: nl-BE. */
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a locale such as en, nl or nl-BE'),
  /** The journey this conversation is about (for the coverage report). */
  journey: Id.optional(),
  turns: z.array(Turn).min(1),
  /** Every item stored for the customer at the end; `[]`: nothing. */
  stored: z.array(ExpectedStored).optional(),
  /** The consent ledger at the end, as `event item purpose` lines. */
  ledger: z.array(z.string()).optional(),
  /** How the systems answer actions, by `<system>/<action>`; an action not listed fails. */
  actions: z.record(z.string(), ScriptedAnswer).optional(),
});

export const ConversationFile = z.strictObject({
  conversations: z.array(Conversation).min(1),
});

export type ExpectedAsk = z.infer<typeof ExpectedAsk>;
export type Turn = z.infer<typeof Turn>;
export type ExpectedStored = z.infer<typeof ExpectedStored>;
export type Conversation = z.infer<typeof Conversation>;
export type ScriptedAnswer = z.infer<typeof ScriptedAnswer>;
export type ConversationFile = z.infer<typeof ConversationFile>;

/** The JSON Schema of conversation-test files, for editor completion. */
export const conversationsJsonSchema = (): unknown => z.toJSONSchema(ConversationFile, { io: 'input' });

/** A `/pattern/flags` line as a RegExp; undefined for an exact line. Throws on a bad pattern. */
export function patternOf(line: string): RegExp | undefined {
  const m = /^\/(.+)\/([dgimsuy]*)$/s.exec(line);
  return m?.[1] === undefined ? undefined : new RegExp(m[1], m[2]);
}
