/**
 * The dialogue map's shape: zod schemas are the single source of its types.
 * Files people edit are parsed strictly, so a typo in a key is an error, not a silent default.
 */
import { z } from 'zod';
import { LocalName } from './local-name.ts';

/** Ids used in files: lower-case words joined by hyphens (`delivery-sms`). */
export const Id = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'use lower-case words joined by hyphens');

/** An i18n key in the `map` namespace of `locales/<lng>/map.json`. */
export const TextKey = z
  .string()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'an i18n key such as "order-delivery.ask-slot"');

/** ISO 8601 duration limited to days, weeks, months and years (P30D, P1Y, P2W, P1Y6M). */
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/;
const ISO_DURATION_HINT = 'an ISO 8601 duration such as P30D, P6M or P1Y';
export const IsoDuration = z.string().regex(ISO_DURATION, ISO_DURATION_HINT);

export const ItemType = z.enum([
  'phone',
  'email',
  'date',
  'text',
  'number',
  'choice',
  'boolean',
  'postal-code',
]);

/** A data category, fideslang style: dotted lower-case keys such as `user.contact.phone_number`. */
export const DataCategory = z
  .string()
  .regex(/^user(\.[a-z_]+)+$/, 'a dotted data category such as user.contact.email');

export const Constraints = z.strictObject({
  minLength: z.number().int().nonnegative().optional(),
  maxLength: z.number().int().positive().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  pattern: z.string().optional(),
  options: z.array(Id).optional(),
  past: z.boolean().optional(),
  future: z.boolean().optional(),
  phoneKind: z.enum(['mobile', 'any']).optional(),
});

export const Item = z.strictObject({
  type: ItemType,
  category: DataCategory,
  special: z.boolean().default(false),
  constraints: Constraints.default({}),
});

export const LegalBasis = z.enum([
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
]);

/** A data use, fideslang style: `essential.service.notifications.sms`, `marketing.communications.email`. */
export const DataUse = z
  .string()
  .regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a dotted data use such as marketing.communications.email');

/** A duration every purpose must declare; a missing one gets `missing` as its message. */
const requiredDuration = (missing: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? missing : undefined) })
    .regex(ISO_DURATION, ISO_DURATION_HINT);

export const Purpose = z.strictObject({
  use: DataUse,
  basis: LegalBasis,
  retention: requiredDuration('a purpose needs a retention: how long its data may be kept (P30D, P1Y…)'),
  giveBackAfter: requiredDuration('a purpose needs giveBackAfter: when unused data is given back (P30D…)'),
  /** After a "no thanks", how long no journey asks for this purpose's data again. */
  askAgainAfter: IsoDuration.default('P90D'),
  /** After an "ask me later", how long before asking again. */
  askLaterAfter: IsoDuration.default('P7D'),
  /** The department answerable for it (RoPA): one name, or one per language (`LocalName`). */
  department: LocalName,
  /** Ids of `providers` or `systems` that receive this purpose's data (beside those that carry every chat). */
  recipients: z.array(Id).default([]),
  /** With `legitimate_interests`: the interest pursued, a text key shown in the notice (Art. 13(1)(d)). */
  interest: TextKey.optional(),
  /**
   * With `legitimate_interests`: the balancing test, in the controller's words, shown in the RoPA;
   * one text, or one per language (`LocalName`).
   */
  balancing: LocalName.optional(),
});

/** What a provider does for us: carries the chat, hosts the bot, keeps its store, or a service. */
export const ProviderService = z.enum(['channel', 'hosting', 'database', 'messaging', 'email', 'other']);

/** Who a provider is under the GDPR: our processor (Art. 28), a controller of its own, or a joint one. */
export const ProviderRole = z.enum(['processor', 'controller', 'joint-controller']);

/** An ISO 3166-1 alpha-2 country code (NL, IE, US), shown in the customer's language. */
export const Country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as NL, IE or US');

/** Why a transfer outside the EEA is lawful (GDPR Art. 45–49). */
export const Safeguard = z.enum([
  'adequacy',
  'standard-contractual-clauses',
  'binding-corporate-rules',
  'derogation',
]);

/** A transfer of personal data to a third country, declared with its safeguard. */
export const Transfer = z.strictObject({
  country: Country,
  safeguard: Safeguard,
  /** Where the safeguard is written down (a decision, a contract clause). */
  reference: z.string().min(1).optional(),
});

/** Someone outside the controller who handles personal data: named in the notice and the RoPA. */
export const Provider = z.strictObject({
  /** Its name: one for every language, or one per language (`LocalName`). */
  name: LocalName,
  role: ProviderRole,
  service: ProviderService,
  /** Where it processes the data. */
  country: Country,
  /** Transfers it makes outside the EEA: a declared fact, `[]` when it makes none. */
  transfers: z.array(Transfer, {
    error: (iss) =>
      iss.input === undefined
        ? 'declare the transfers outside the EEA this provider makes, or transfers: [] when it makes none'
        : undefined,
  }),
});

/** How long the assistant keeps its own records (its processing beside the purposes). */
export const Records = z.strictObject(
  {
    /** Where a customer is in a task (bot state), counted from the last message. */
    state: IsoDuration,
    /** Conversation references for give-back messages, counted from the last message. */
    references: IsoDuration,
    /** The consent ledger (proof of what was asked and agreed), counted from each record. */
    ledger: IsoDuration,
    /** Opt-in analytics counts (per day, never per customer). */
    analytics: IsoDuration,
  },
  {
    error: (iss) =>
      iss.input === undefined
        ? 'declare how long the assistant keeps its own records: records: { state, references, ledger, analytics }'
        : undefined,
  },
);

export const Controller = z.strictObject({
  /** Its name: one for every language, or one per language (`LocalName`). */
  name: LocalName,
  /** Postal address (GDPR Art. 13(1)(a)). */
  address: z.string().min(1),
  contact: z.string().min(1),
  dpo: z.string().min(1),
  authority: z.strictObject({ name: z.string().min(1), url: z.url() }),
});

/** How much a customer may be asked: at most `max` optional asks per rolling `window`. */
export const QuestionBudget = z.strictObject({
  max: z.number().int().nonnegative(),
  window: IsoDuration,
});

export const Policy = z.strictObject({
  questionBudget: QuestionBudget.optional(),
});

/**
 * A back end of the business the bot calls (actions) and tells of changes (events). `url` and
 * `secret` are usually `${VAR}` references, read from the environment when the bot starts: the
 * map keeps the reference, never the secret.
 */
export const System = z.strictObject({
  /** Shown in the notice and the RoPA: one name, or one per language (`LocalName`). */
  name: LocalName,
  role: ProviderRole,
  /** Base URL: actions go to `<url>/actions/<name>`, events to `<url>/events`. */
  url: z.string().min(1).optional(),
  /** Standard Webhooks secret (`whsec_…`), signing what the bot sends. */
  secret: z.string().min(1).optional(),
  /** Seconds an action may take before it counts as failed (the channel gives a turn 15 s). */
  timeout: z.number().positive().max(10).default(5),
});

export const Catalog = z.strictObject({
  controller: Controller,
  policy: Policy.default({}),
  /** Everyone outside the controller who handles the data: channels, hosting, database, services. */
  providers: z.record(Id, Provider, {
    error: (iss) =>
      iss.input === undefined
        ? 'declare the providers (channel, hosting, database, services) that handle the data'
        : undefined,
  }),
  records: Records,
  /** The business's own systems: actions call them, events tell them of changes, they may pull. */
  systems: z.record(Id, System).default({}),
  items: z.record(Id, Item),
  purposes: z.record(Id, Purpose),
});

/** A need: this step's task needs this item for this purpose. */
export const Need = z.strictObject({
  item: Id,
  purpose: Id,
  required: z.boolean().default(false),
});

export const ChoiceOption = z.strictObject({
  id: Id,
  /** The button's words ("Evening"). */
  label: TextKey,
  /** The choice as a sentence says it ("in the evening"), put in `{{<step>}}`; else the label. */
  phrase: TextKey.optional(),
  next: Id.optional(),
});

export const Choice = z.strictObject({
  prompt: TextKey,
  options: z.array(ChoiceOption).min(2),
});

/** Work a step has a system do once its needs are settled; the answer's outcome picks the next step. */
export const Action = z.strictObject({
  system: Id,
  action: Id,
  /** Outcome the system may answer → the step to go to. */
  outcomes: z.record(Id, Id).default({}),
});

export const Step = z.strictObject({
  /** What the step does for the customer, in plain words for designers (not shown to customers). */
  task: z.string().min(1),
  choice: Choice.optional(),
  needs: z.array(Need).default([]),
  /** Said once the step's choice and needs are settled. */
  say: TextKey.optional(),
  next: Id.optional(),
  /** Where to go when the customer declines a need of this step. */
  onDecline: Id.optional(),
  /** Work a system does for this step, once its needs are settled. */
  do: Action.optional(),
  /** Where to go when the action fails (timeout, error, bad answer); else a sorry and the end. */
  onError: Id.optional(),
});

export const Journey = z.strictObject({
  id: Id,
  version: z.number().int().positive(),
  start: Id,
  steps: z.record(Id, Step),
});

export type Item = z.infer<typeof Item>;
export type ItemType = z.infer<typeof ItemType>;
export type Purpose = z.infer<typeof Purpose>;
export type LegalBasis = z.infer<typeof LegalBasis>;
export type Controller = z.infer<typeof Controller>;
export type Provider = z.infer<typeof Provider>;
export type System = z.infer<typeof System>;
export type Action = z.infer<typeof Action>;
export type Transfer = z.infer<typeof Transfer>;
export type Records = z.infer<typeof Records>;
export type Catalog = z.infer<typeof Catalog>;
export type QuestionBudget = z.infer<typeof QuestionBudget>;
export type Need = z.infer<typeof Need>;
export type Choice = z.infer<typeof Choice>;
export type Step = z.infer<typeof Step>;
export type Journey = z.infer<typeof Journey>;

/** The loaded dialogue map: what the bot runs and every department reads. */
export interface DialogueMap {
  readonly catalog: Catalog;
  readonly journeys: ReadonlyMap<string, Journey>;
  /** Hash of the map's privacy-relevant content; stored with each consent record. */
  readonly noticeVersion: string;
}
