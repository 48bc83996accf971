/**
 * Request bodies of the local Direct Line, validated at the edge. The customer's activity is
 * rebuilt from the fields listed here: whatever else a client sends never reaches the bot, and
 * `from`, `conversation`, `channelId` and `serviceUrl` always come from the server.
 */
import { z } from 'zod';

/** A user id a caller may choose (with the secret, or locally): no spaces, no separators of ours. */
export const UserId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:@-]+$/, 'letters, digits and _ . : @ - only');

const User = z.object({ id: UserId.optional(), name: z.string().max(64).optional() }).loose();

/** A BCP 47-ish locale tag such as `nl-NL`. */
const Locale = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'a BCP 47 language tag such as nl-NL');

/** `POST /tokens/generate` (Azure's shape: an optional user). */
export const GenerateBody = z.object({ user: User.optional() }).loose();

/** `POST /conversations` (DirectLineJS sends `{ user: {}, locale }`). */
export const StartBody = z.object({ user: User.optional(), locale: Locale.optional() }).loose();

/** `POST /conversations/:id/activities`: what the page may send. */
export const PostedActivity = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().max(4000).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: Locale.optional(),
    localTimestamp: z.string().max(64).optional(),
    localTimezone: z.string().max(64).optional(),
    name: z.string().max(256).optional(),
    value: z.unknown().optional(),
    channelData: z
      .object({ clientActivityID: z.string().max(128).optional() })
      .loose()
      .optional(),
    entities: z
      .array(z.object({ type: z.string().max(64) }).loose())
      .max(8)
      .optional(),
    attachments: z.array(z.unknown()).max(0, 'attachments are not supported').optional(),
  })
  .loose();
export type PostedActivity = z.infer<typeof PostedActivity>;

/** An activity the bot sends to the connector endpoint. */
export const BotActivity = z
  .object({
    type: z.string().min(1).max(64),
    recipient: z.object({ id: z.string() }).loose().optional(),
  })
  .loose();

/** The fields of a posted activity that go on to the bot. */
export function pickPosted(a: PostedActivity): Record<string, unknown> {
  const keys = [
    'type',
    'text',
    'textFormat',
    'locale',
    'localTimestamp',
    'localTimezone',
    'name',
    'value',
    'channelData',
    'entities',
  ] as const;
  return Object.fromEntries(keys.filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));
}
