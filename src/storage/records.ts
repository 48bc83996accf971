/**
 * What the store holds, as zod schemas (the single source of these types). Adapters parse
 * what they read back through them, so a corrupted row is an error, not a wrong answer.
 */
import { z } from 'zod';
import { addDuration } from '../shared/duration.ts';

const When = z.coerce.date();

/**
 * An AES-256-GCM ciphertext with the id of the key that made it (keys rotate). `v: 2` marks one
 * bound to its subject and item (AAD); older ones have no `v` and are upgraded by rotate-key.
 */
export const EncryptedValue = z.object({
  v: z.literal(2).optional(),
  kid: z.string(),
  iv: z.string(),
  ct: z.string(),
  tag: z.string(),
});

/** A purpose's material terms when a grant was given: what it covered, on which basis, for how long. */
export const PurposeTerms = z.object({
  items: z.array(z.string()),
  basis: z.string(),
  retention: z.string(),
});

export const Grant = z.object({
  purpose: z.string(),
  basis: z.string(),
  grantedAt: When,
  noticeVersion: z.string(),
  expiresAt: When,
  lastUsedAt: When.nullable(),
  /** The purpose's terms the grant was given under; a material change asks again. */
  terms: PurposeTerms.optional(),
  /** The purpose's give-back-after (ISO 8601) when granted: unused this long, the grant is given back. */
  giveBackAfter: z.string().optional(),
  /** Since when its use is restricted (GDPR Art. 18): kept, but not used until consent is given again. */
  restrictedAt: When.optional(),
});

export const Provenance = z.object({
  journey: z.string(),
  step: z.string(),
  channel: z.string(),
  locale: z.string(),
});

export const HeldItem = z.object({
  subject: z.string(),
  item: z.string(),
  value: EncryptedValue,
  collectedAt: When,
  collected: Provenance,
  grants: z.array(Grant),
});

export const LedgerEvent = z.enum([
  'asked',
  'granted',
  'declined',
  'deferred',
  'reused',
  'withdrawn',
  'expired',
  'given-back',
  'erased',
  'never-ask',
  'never-ask-cleared',
  /** A give-back notice could not be delivered (it is retried); `reason` says why. */
  'notice-failed',
  /** A give-back notice was given up after its last attempt; `reason` says why. */
  'notice-abandoned',
  /** A held value was corrected by the customer (Art. 16); the grants it is held under stay. */
  'rectified',
  /** Retention deleted old records of the subject; `pruned` keeps the chain verifiable. */
  'checkpoint',
  /** The customer restricted the use of the item for the purpose (Art. 18): kept, not used. */
  'restricted',
  /** The customer objected to the purpose (Art. 21); a `withdrawn` record follows. */
  'objected',
]);

/** The ledger schema this code writes: 2 adds the ISO/IEC TS 27560 fields and the hash chain. */
export const LEDGER_SCHEMA_VERSION = 2;

/**
 * How consent was given (Kantara `consentType`): `explicit` — a clear affirmative answer to a
 * specific ask (consent basis); `not-consent` — the processing rests on another basis (`basis`).
 */
export const ConsentType = z.enum(['explicit', 'not-consent']);

/** A run of a subject's records that retention deleted: seqs `from`..`to`, `last` the hash of `to`. */
export const PrunedRun = z.object({
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  last: z.string(),
});

/** A consent-ledger record (ISO/IEC TS 27560 / Kantara receipt fields). Never holds a value. */
export const LedgerRecord = z.object({
  id: z.string(),
  /** Idempotency key: a redelivered activity produces the same key and no second record. */
  idem: z.string(),
  subject: z.string(),
  item: z.string(),
  purpose: z.string(),
  event: LedgerEvent,
  at: When,
  basis: z.string().optional(),
  journey: z.string().optional(),
  step: z.string().optional(),
  channel: z.string(),
  locale: z.string(),
  noticeVersion: z.string(),
  textHash: z.string().optional(),
  /** For `asked`: whether the need was required (optional asks count against the question budget). */
  required: z.boolean().optional(),
  activityId: z.string().optional(),
  /** For `notice-failed` / `notice-abandoned`: why, as a category (e.g. `channel-refused`), never a value. */
  reason: z.string().optional(),
  /** For `granted`: `channel` when the value is one the channel vouched for (the SMS sender's number). */
  source: z.enum(['customer', 'channel']).optional(),
  /** Ledger schema version (LEDGER_SCHEMA_VERSION); absent on records written before version 2. */
  schemaVersion: z.number().int().positive().optional(),
  /** For `granted` / `reused`: the id of the `asked` record whose text (`textHash`) was agreed to. */
  askedId: z.string().optional(),
  /** TS 27560 PII controller: the controller's name as the notice states it. */
  controller: z.string().optional(),
  /** The notice in force, as a URL that serves this very version (`/privacy?version=`). */
  noticeUrl: z.string().optional(),
  consentType: ConsentType.optional(),
  /** The item's data category (fideslang key, e.g. `user.contact.phone_number`). */
  piiCategory: z.string().optional(),
  /** For `granted` / `reused` / `rectified`: when the grant ends at the latest (the purpose's retention). */
  expiresAt: When.optional(),
  /** Who receives the purpose's data (provider ids of the catalog). */
  recipients: z.array(z.string()).optional(),
  /** Where the controller answers for it (ISO 3166 country, or `EU`). */
  jurisdiction: z.string().optional(),
  /** For `checkpoint`: every run of the subject's records deleted by retention so far. */
  pruned: z.array(PrunedRun).optional(),
  /** Position in the subject's hash chain, from 1; set by the store on append. */
  seq: z.number().int().positive().optional(),
  /** Hash of the subject's previous record (`genesis` for the first); set by the store on append. */
  prev: z.string().optional(),
  /** SHA-256 of the record's canonical encoding without `hash` (ledger-chain.ts); set on append. */
  hash: z.string().optional(),
});

/**
 * What erasure keeps of a forgotten subject, keyed by `key` (an HMAC of the subject id under a key
 * of its own, see consent/suppression.ts) and never by the subject id: the items they asked never
 * to be asked for, the purposes they objected to, when, and the receipt of the erased ledger chain.
 */
export const Suppression = z.object({
  key: z.string(),
  neverAsk: z.array(z.string()),
  /** `item:purpose` pairs the customer objected to or withdrew from, on legitimate interests. */
  objections: z.array(z.string()),
  erasedAt: When,
  /** The erased chain's length and last hash: proof of what was deleted, nothing of its content. */
  erasedChain: z.object({ records: z.number().int().nonnegative(), head: z.string().optional() }),
});

/**
 * A give-back notice that could not yet be delivered, kept to be retried: which item was given
 * back for which purposes and how (the text is rendered at each attempt). Never a value.
 */
export const PendingNotice = z.object({
  /** The item's give-back it announces: one notice per (subject, item, sweep that gave it back). */
  id: z.string(),
  subject: z.string(),
  item: z.string(),
  purposes: z.array(z.string()),
  kind: z.enum(['given-back', 'expired']),
  /** Grants the item still has (0: it was deleted). */
  remaining: z.number().int().min(0),
  /** Where the item was collected (the ledger records of the notice name them). */
  channel: z.string(),
  locale: z.string(),
  /** Delivery attempts so far. */
  attempts: z.number().int().min(0),
  /** Not retried before this time. */
  nextAt: When,
});

/** When a grant falls due: at its expiry, or once unused for its give-back-after, whichever is first. */
export function grantDueAt(g: Grant): Date {
  if (!g.giveBackAfter) return g.expiresAt;
  const unusedUntil = addDuration(g.lastUsedAt ?? g.grantedAt, g.giveBackAfter);
  return unusedUntil < g.expiresAt ? unusedUntil : g.expiresAt;
}

/** When the first of an item's grants falls due (undefined without grants). */
export function itemDueAt(grants: readonly Grant[]): Date | undefined {
  return grants.map(grantDueAt).sort((a, b) => a.getTime() - b.getTime())[0];
}

export type EncryptedValue = z.infer<typeof EncryptedValue>;
export type PurposeTerms = z.infer<typeof PurposeTerms>;
export type Grant = z.infer<typeof Grant>;
export type Provenance = z.infer<typeof Provenance>;
export type HeldItem = z.infer<typeof HeldItem>;
export type LedgerEvent = z.infer<typeof LedgerEvent>;
export type LedgerRecord = z.infer<typeof LedgerRecord>;
export type PendingNotice = z.infer<typeof PendingNotice>;
export type PrunedRun = z.infer<typeof PrunedRun>;
export type Suppression = z.infer<typeof Suppression>;
export type ConsentType = z.infer<typeof ConsentType>;
