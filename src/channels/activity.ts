/**
 * The shape an incoming activity must have before it reaches the adapter. botbuilder's own
 * check throws deep inside the adapter; this one answers 400 with the reasons.
 */
import { z } from 'zod';

const Account = z.object({ id: z.string().min(1).max(256), name: z.string().max(256).optional() }).loose();

export const IncomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(256).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().min(1).max(2048),
    from: Account,
    recipient: Account.optional(),
    conversation: z.object({ id: z.string().min(1).max(512) }).loose(),
    text: z.string().max(4000).optional(),
    locale: z.string().max(35).optional(),
    name: z.string().max(256).optional(),
    value: z.unknown().optional(),
    deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
    membersAdded: z.array(Account).optional(),
  })
  .loose();

export const JourneyStartValue = z.object({ journey: z.string().min(1).max(64) });
