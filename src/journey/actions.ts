/**
 * Actions: work a step has one of the business's systems do (`do:` in a journey). The step asks
 * for it as data (`ActRequest`); the runtime builds the request body from what is held, has the
 * `ActionCaller` post it and feeds what came of it (`ActResult`) back into the step, in the same
 * turn. Only items the step's task needs for a purpose the system receives go out.
 */
import { z } from 'zod';
import type { DialogueMap, Locale } from '../map/index.ts';
import type { HeldItem } from '../storage/index.ts';

/** An item sent for a purpose. */
export interface ItemUse {
  readonly item: string;
  readonly purpose: string;
}

/** What a step asks of a system, once its needs are settled. */
export interface ActRequest {
  readonly system: string;
  readonly action: string;
  readonly journey: string;
  readonly step: string;
  /** Chosen option ids by step id in this run. */
  readonly answers: Readonly<Record<string, string>>;
  /** The step's settled needs whose purpose the system receives. */
  readonly items: readonly ItemUse[];
}

/** Why an action did not happen (never a value). */
export type ActFailure = 'not-configured' | 'unreachable' | 'timeout' | 'status' | 'bad-answer';

/** What came of an action, as the step takes it back. `sent` is what left the bot (each a use). */
export type ActResult =
  | {
      readonly ok: true;
      readonly outcome?: string;
      readonly vars: Record<string, string>;
      readonly sent: readonly ItemUse[];
    }
  | { readonly ok: false; readonly reason: ActFailure; readonly sent: readonly ItemUse[] };

/** The body POSTed to `<url>/actions/<action>` (docs/openapi.yaml, ActionRequest). */
export const ActionBody = z.strictObject({
  type: z.literal('action'),
  action: z.string(),
  journey: z.string(),
  step: z.string(),
  subject: z.string(),
  locale: z.string(),
  channel: z.string(),
  answers: z.record(z.string(), z.string()),
  data: z.record(z.string(), z.strictObject({ value: z.string(), purpose: z.string() })),
});
export type ActionBody = z.infer<typeof ActionBody>;

const VarValue = z.union([z.string().max(200), z.number(), z.boolean()]).transform(String);

/** A system's answer to an action (docs/openapi.yaml, ActionAnswer); other fields are ignored. */
export const ActionAnswer = z.object({
  outcome: z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
    .optional(),
  vars: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/), VarValue)
    .refine((v) => Object.keys(v).length <= 20, 'at most 20 vars')
    .optional(),
});

/** What the caller reports: the parsed answer, or why there is none and whether the request left. */
export type CallOutcome =
  | { readonly ok: true; readonly outcome?: string; readonly vars: Record<string, string> }
  | { readonly ok: false; readonly reason: ActFailure; readonly sent: boolean };

/** The port to the business's systems: posts a signed action and reads the answer. Never throws. */
export interface ActionCaller {
  /** `maxMs`: the turn's time left; the call waits the least of it and the system's timeout. */
  call(system: string, action: string, id: string, body: ActionBody, maxMs?: number): Promise<CallOutcome>;
}

/** Every action fails as not set up: what runs when no caller is wired (never pretends). */
export const noActions: ActionCaller = {
  call: () => Promise.resolve({ ok: false, reason: 'not-configured', sent: false }),
};

/** Who the action is for and where the conversation is. */
export interface ActWhere {
  readonly subject: string;
  readonly channel: string;
  readonly locale: Locale;
}

/**
 * The body of an action and the items in it: each item held with a live grant for its purpose,
 * that purpose received by the system (checked again against the map in force).
 */
export function actionBodyOf(
  map: DialogueMap,
  req: ActRequest,
  where: ActWhere,
  held: readonly HeldItem[],
  reveal: (h: HeldItem) => string,
  now: Date,
): { body: ActionBody; sent: ItemUse[] } {
  const data: ActionBody['data'] = {};
  const sent: ItemUse[] = [];
  for (const use of req.items) {
    if (data[use.item]) continue;
    if (!map.catalog.purposes[use.purpose]?.recipients.includes(req.system)) continue;
    const h = held.find((x) => x.item === use.item);
    if (!h?.grants.some((g) => g.purpose === use.purpose && g.expiresAt > now)) continue;
    data[use.item] = { value: reveal(h), purpose: use.purpose };
    sent.push(use);
  }
  const body: ActionBody = {
    type: 'action',
    action: req.action,
    journey: req.journey,
    step: req.step,
    subject: where.subject,
    locale: where.locale,
    channel: where.channel,
    answers: { ...req.answers },
    data,
  };
  return { body, sent };
}
