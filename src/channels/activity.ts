/**
 * The shape an incoming activity must have before it reaches the adapter. botbuilder's own
 * check throws deep inside the adapter; this one answers 400 with the reasons. Every field of
 * the Bot Framework activity schema that arrives is type-checked; fields the schema does not
 * name pass (channels add their own), but a named field of the wrong type never does.
 */
import { z } from 'zod';

const Id = z.string().max(256);
const Short = z.string().max(256);
/** A timestamp as it arrives in JSON (ISO 8601, the offset kept in localTimestamp). */
const Timestamp = z
  .string()
  .max(64)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 date-time');

const Account = z
  .object({
    id: z.string().min(1).max(256),
    name: Short.optional(),
    aadObjectId: Id.optional(),
    role: Short.optional(),
  })
  .loose();

const Conversation = z
  .object({
    id: z.string().min(1).max(512),
    name: Short.optional(),
    isGroup: z.boolean().optional(),
    conversationType: Short.optional(),
    tenantId: Id.optional(),
    aadObjectId: Id.optional(),
    role: Short.optional(),
  })
  .loose();

/** An object (not an array, not null), with anything in it. */
const Bag = z.record(z.string(), z.unknown());

const CardAction = z
  .object({
    type: z.string().min(1).max(64),
    title: z.string().max(1024).optional(),
    image: z.string().max(2048).optional(),
    text: z.string().max(4000).optional(),
    displayText: z.string().max(4000).optional(),
    value: z.unknown().optional(),
    channelData: z.unknown().optional(),
  })
  .loose();

const Attachment = z
  .object({
    contentType: z.string().min(1).max(256),
    contentUrl: z.string().max(2048).optional(),
    content: z.unknown().optional(),
    name: Short.optional(),
    thumbnailUrl: z.string().max(2048).optional(),
  })
  .loose();

const Entity = z.object({ type: z.string().min(1).max(256) }).loose();

const ConversationReference = z
  .object({
    activityId: Id.optional(),
    user: Account.optional(),
    bot: Account.optional(),
    conversation: Conversation.optional(),
    channelId: Short.optional(),
    serviceUrl: z.string().max(2048).optional(),
    locale: z.string().max(35).optional(),
  })
  .loose();

export const IncomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    id: Id.optional(),
    timestamp: Timestamp.optional(),
    localTimestamp: Timestamp.optional(),
    localTimezone: z.string().max(64).optional(),
    callerId: z.string().max(512).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().min(1).max(2048),
    from: Account,
    recipient: Account.optional(),
    conversation: Conversation,
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    attachmentLayout: z.enum(['list', 'carousel']).optional(),
    membersAdded: z.array(Account).max(256).optional(),
    membersRemoved: z.array(Account).max(256).optional(),
    reactionsAdded: z
      .array(z.object({ type: Short }).loose())
      .max(64)
      .optional(),
    reactionsRemoved: z
      .array(z.object({ type: Short }).loose())
      .max(64)
      .optional(),
    topicName: Short.optional(),
    historyDisclosed: z.boolean().optional(),
    locale: z.string().max(35).optional(),
    text: z.string().max(4000).optional(),
    speak: z.string().max(8000).optional(),
    inputHint: z.string().max(64).optional(),
    summary: z.string().max(4000).optional(),
    suggestedActions: z
      .object({ to: z.array(Id).max(64).optional(), actions: z.array(CardAction).max(64) })
      .loose()
      .optional(),
    attachments: z.array(Attachment).max(64).optional(),
    entities: z.array(Entity).max(128).optional(),
    channelData: Bag.optional(),
    action: z.string().max(64).optional(),
    replyToId: Id.optional(),
    label: Short.optional(),
    valueType: Short.optional(),
    value: z.unknown().optional(),
    name: Short.optional(),
    relatesTo: ConversationReference.optional(),
    code: z.string().max(64).optional(),
    expiration: Timestamp.optional(),
    importance: z.string().max(64).optional(),
    deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
    listenFor: z.array(z.string().max(256)).max(64).optional(),
    textHighlights: z
      .array(z.object({ text: z.string().max(4000), occurrence: z.number().int() }).loose())
      .max(64)
      .optional(),
    semanticAction: z
      .object({ id: Short, entities: Bag.optional(), state: z.string().max(64).optional() })
      .loose()
      .optional(),
  })
  .loose();
export type IncomingActivity = z.infer<typeof IncomingActivity>;

export const JourneyStartValue = z.object({ journey: z.string().min(1).max(64) });
