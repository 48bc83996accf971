/**
 * Order delivery as a waterfall: ChoicePrompt for the slot → TextPrompt for the mobile, validated
 * to E.164 (libphonenumber-js/max, mobiles only, region from the locale) → the booking posted to
 * the logistics system (when LOGISTICS_URL is set: the same back end justask's journey books
 * through, signed the same way) → confirmation. The texts are justask's English ones, so the load
 * generator expects the same replies from both servers.
 */
import { createHmac, randomUUID } from 'node:crypto';
import {
  ChoiceFactory,
  ChoicePrompt,
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  TextPrompt,
  WaterfallDialog,
} from 'botbuilder-dialogs';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const SLOT_PROMPT = 'SLOT_PROMPT';
const MOBILE_PROMPT = 'MOBILE_PROMPT';
const USER_PROFILE = 'USER_PROFILE';
const WATERFALL_DIALOG = 'WATERFALL_DIALOG';

export const TEXTS = {
  slot: 'When would you like your order delivered?',
  mobile:
    "To SMS-confirm this delivery, what's your mobile number? We use it only for text message confirmations of your deliveries and delete it after 30 days. You're free to say no.",
  invalid: "That doesn't look like a valid phone number.",
  saved: (masked) =>
    `Thanks, I've saved your mobile number (${masked}) for text message confirmations of your deliveries.`,
  booked: (slot, masked) =>
    `Your delivery is booked: we'll bring your order in the ${slot.toLowerCase()}. We'll text ${masked} on the day.`,
};

/** The phone region for a locale tag (`en-GB` → GB), GB when it has none. */
const regionOf = (locale) => /^[a-z]{2}-([A-Z]{2})$/i.exec(locale ?? '')?.[1]?.toUpperCase() ?? 'GB';

/** The number in E.164 when it is a valid mobile, else undefined. */
export function toE164Mobile(text, locale) {
  const n = parsePhoneNumberFromString(text ?? '', regionOf(locale));
  if (!n?.isValid()) return undefined;
  const type = n.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? n.number : undefined;
}

const mask = (e164) => `•••• ${e164.slice(-3)}`;

/**
 * Books the delivery: POST `<LOGISTICS_URL>/actions/book-delivery`, signed as Standard Webhooks
 * (HMAC-SHA256 of "<id>.<timestamp>.<body>" with the `whsec_` secret), 5 s timeout. Throws when
 * the system does not answer 2xx. Without LOGISTICS_URL nothing is posted.
 */
export async function bookDelivery(slot, mobile, conversationId) {
  const url = process.env.LOGISTICS_URL;
  if (!url) return;
  const secret = process.env.LOGISTICS_WEBHOOK_SECRET ?? '';
  const id = `msg_${randomUUID()}`;
  const ts = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    action: 'book-delivery',
    conversation: conversationId,
    data: { slot, mobile },
  });
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
  const res = await fetch(`${url}/actions/book-delivery`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(ts),
      'webhook-signature': `v1,${signature}`,
    },
    body,
    signal: AbortSignal.timeout(5000),
  });
  await res.text();
  if (!res.ok) throw new Error(`booking failed: ${res.status}`);
}

export class OrderDeliveryDialog extends ComponentDialog {
  constructor(userState) {
    super('orderDeliveryDialog');
    this.userProfile = userState.createProperty(USER_PROFILE);

    this.addDialog(new ChoicePrompt(SLOT_PROMPT));
    this.addDialog(new TextPrompt(MOBILE_PROMPT, this.mobileValidator));
    this.addDialog(
      new WaterfallDialog(WATERFALL_DIALOG, [
        this.slotStep.bind(this),
        this.mobileStep.bind(this),
        this.confirmStep.bind(this),
      ]),
    );
    this.initialDialogId = WATERFALL_DIALOG;
  }

  /** Continues the active dialog, or begins this one when none is active. */
  async run(turnContext, accessor) {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(turnContext);
    const results = await dialogContext.continueDialog();
    if (results.status === DialogTurnStatus.empty) {
      await dialogContext.beginDialog(this.id);
    }
  }

  async slotStep(step) {
    return await step.prompt(SLOT_PROMPT, {
      prompt: TEXTS.slot,
      choices: ChoiceFactory.toChoices(['Morning', 'Afternoon', 'Evening']),
    });
  }

  async mobileStep(step) {
    step.values.slot = step.result.value;
    return await step.prompt(MOBILE_PROMPT, { prompt: TEXTS.mobile, retryPrompt: TEXTS.invalid });
  }

  async confirmStep(step) {
    const mobile = toE164Mobile(step.result, step.context.activity.locale);
    const profile = await this.userProfile.get(step.context, {});
    profile.mobile = mobile;
    await bookDelivery(step.values.slot, mobile, step.context.activity.conversation.id);
    await step.context.sendActivity(TEXTS.saved(mask(mobile)));
    await step.context.sendActivity(TEXTS.booked(step.values.slot, mask(mobile)));
    return await step.endDialog();
  }

  async mobileValidator(promptContext) {
    return (
      promptContext.recognized.succeeded &&
      toE164Mobile(promptContext.recognized.value, promptContext.context.activity.locale) !== undefined
    );
  }
}
