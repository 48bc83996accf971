/**
 * A turn's effects as plain data, and how consent turns them into the store's one batch. The
 * journey step returns effects; it never writes. Ledger records, item values (encrypted here),
 * grants, analytics counts, the pending ask and the (sealed) conversation reference become one
 * `TurnBatch`; the rights that need reads of their own (erase, export, correct, withdraw) are
 * carried out after it by the rights service, in order.
 */
import { nameIn, recipientsOf, type DialogueMap, type Need } from '../map/index.ts';
import { addDuration } from '../shared/duration.ts';
import {
  LEDGER_SCHEMA_VERSION,
  type AskEvent,
  type Grant,
  type ItemChange,
  type LedgerEvent,
  type LedgerRecord,
  type PendingAsk,
  type TurnBatch,
} from '../storage/index.ts';
import { refAad, valueAad, type Cipher } from './crypto.ts';
import { termsOf } from './purpose-terms.ts';

/** Where in a journey an effect happened (the ledger's journey and step). */
interface At {
  readonly journey: string;
  readonly step: string;
}

export type RecordEffect = At & {
  readonly kind: 'record';
  readonly event: LedgerEvent;
  readonly item: string;
  readonly purpose: string;
  readonly required?: boolean;
  readonly textHash?: string;
  /** Where a granted value came from, when not typed by the customer (`channel`). */
  readonly source?: 'channel';
  /** For `granted` / `reused`: the `asked` record answered. */
  readonly askedId?: string;
  /** When the grant the record is about ends (default for `granted`/`reused`: now + retention). */
  readonly expiresAt?: Date;
};

/** Effects consent folds into the turn's batch. */
export type BatchEffect =
  | RecordEffect
  | (At & { readonly kind: 'put'; readonly item: string; readonly value: string; readonly grant: Grant })
  | { readonly kind: 'grant'; readonly item: string; readonly grant: Grant }
  | { readonly kind: 'touch'; readonly item: string; readonly purpose: string }
  | { readonly kind: 'count'; readonly event: AskEvent }
  | { readonly kind: 'pending-ask'; readonly key: string; readonly ask?: PendingAsk }
  | { readonly kind: 'ref'; readonly ref: Record<string, unknown> };

/** Rights carried out after the batch, each with its own reads and writes. */
export type RightsEffect =
  | (At & { readonly kind: 'withdraw'; readonly item: string; readonly purpose: string })
  | (At & { readonly kind: 'erase-item'; readonly item: string })
  | (At & { readonly kind: 'erase-subject' })
  | (At & { readonly kind: 'change'; readonly item: string; readonly value: string })
  | { readonly kind: 'export' };

export type TurnEffect = BatchEffect | RightsEffect;

export const isRightsEffect = (e: TurnEffect): e is RightsEffect =>
  ['withdraw', 'erase-item', 'erase-subject', 'change', 'export'].includes(e.kind);

/** The grant a need gets at `at`: its purpose's basis, retention and terms. Pure. */
export function grantFor(map: DialogueMap, need: Pick<Need, 'purpose'>, at: Date): Grant {
  const p = map.catalog.purposes[need.purpose];
  if (!p) throw new Error(`unknown purpose ${need.purpose}`);
  const terms = termsOf(map, need.purpose);
  return {
    purpose: need.purpose,
    basis: p.basis,
    grantedAt: at,
    noticeVersion: map.noticeVersion,
    expiresAt: addDuration(at, p.retention),
    lastUsedAt: null,
    giveBackAfter: p.giveBackAfter,
    ...(terms ? { terms } : {}),
  };
}

/** Who and where a turn happens: the ledger's context. */
export interface TurnWhere {
  readonly subject: string;
  readonly channel: string;
  readonly locale: string;
  readonly activityId?: string;
}

export interface BatchDeps {
  readonly map: DialogueMap;
  readonly cipher: Cipher;
  readonly now: Date;
  readonly id: () => string;
  /** The privacy notice's URL (`…/privacy`); records name the version in force with `?version=`. */
  readonly noticeUrl?: string;
}

/** Events that give or renew a grant: their record carries its end. */
const GRANTING: readonly LedgerEvent[] = ['granted', 'reused'];

/**
 * The ISO/IEC TS 27560 / Kantara receipt fields of a record: controller, notice, consent type,
 * PII category, expiry, recipients, jurisdiction, schema version. Pure.
 */
export function receiptFields(
  deps: Pick<BatchDeps, 'map' | 'now' | 'noticeUrl'>,
  e: Pick<RecordEffect, 'event' | 'item' | 'purpose' | 'expiresAt'>,
): Partial<LedgerRecord> {
  const { catalog, noticeVersion } = deps.map;
  const purpose = catalog.purposes[e.purpose];
  const category = catalog.items[e.item]?.category;
  const expiresAt =
    e.expiresAt ??
    (purpose && GRANTING.includes(e.event) ? addDuration(deps.now, purpose.retention) : undefined);
  return {
    schemaVersion: LEDGER_SCHEMA_VERSION,
    controller: nameIn(catalog.controller.name, 'en'),
    ...(deps.noticeUrl ? { noticeUrl: `${deps.noticeUrl}?version=${noticeVersion}` } : {}),
    ...(purpose
      ? {
          consentType: purpose.basis === 'consent' ? ('explicit' as const) : ('not-consent' as const),
          recipients: recipientsOf(catalog, e.purpose),
        }
      : {}),
    ...(category ? { piiCategory: category } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    // The GDPR applies to the controller's processing wherever the chat runs.
    jurisdiction: 'EU',
  };
}

/** A ledger record from a record effect (the same shape the consent service appends). */
export function ledgerRecordOf(
  deps: Pick<BatchDeps, 'map' | 'now' | 'id' | 'noticeUrl'>,
  where: TurnWhere,
  e: Omit<RecordEffect, 'kind'> & { readonly reason?: string },
): LedgerRecord {
  const id = deps.id();
  return {
    ...receiptFields(deps, e),
    id,
    // Activity ids are unique per conversation at best, so the key names the subject too.
    idem: where.activityId ? `${where.subject}:${where.activityId}:${e.event}:${e.item}:${e.purpose}` : id,
    subject: where.subject,
    item: e.item,
    purpose: e.purpose,
    event: e.event,
    at: deps.now,
    basis: deps.map.catalog.purposes[e.purpose]?.basis,
    journey: e.journey,
    step: e.step,
    channel: where.channel,
    locale: where.locale,
    noticeVersion: deps.map.noticeVersion,
    ...(e.textHash ? { textHash: e.textHash } : {}),
    ...(e.event === 'asked' && e.required !== undefined ? { required: e.required } : {}),
    ...(where.activityId ? { activityId: where.activityId } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.source ? { source: e.source } : {}),
    ...(e.askedId ? { askedId: e.askedId } : {}),
  };
}

function itemChangeOf(deps: BatchDeps, where: TurnWhere, e: BatchEffect): ItemChange | undefined {
  switch (e.kind) {
    case 'put': {
      const value = deps.cipher.encrypt(e.value, valueAad(where.subject, e.item));
      const collected = { journey: e.journey, step: e.step, channel: where.channel, locale: where.locale };
      const item = { subject: where.subject, item: e.item, value, collectedAt: deps.now, collected };
      return { kind: 'put', item, grant: e.grant };
    }
    case 'grant':
      return { kind: 'grant', item: e.item, grant: e.grant };
    case 'touch':
      return { kind: 'touch', item: e.item, purpose: e.purpose, at: deps.now };
    default:
      return undefined;
  }
}

/** The store batch of a turn's batch effects, in their order. */
export function batchOf(deps: BatchDeps, where: TurnWhere, effects: readonly TurnEffect[]): TurnBatch {
  const items: ItemChange[] = [];
  const ledger: LedgerRecord[] = [];
  const counts: AskEvent[] = [];
  let pendingAsk: TurnBatch['pendingAsk'];
  let ref: TurnBatch['ref'];
  for (const e of effects) {
    if (isRightsEffect(e)) continue;
    const change = itemChangeOf(deps, where, e);
    if (change) items.push(change);
    else if (e.kind === 'record') ledger.push(ledgerRecordOf(deps, where, e));
    else if (e.kind === 'count') counts.push(e.event);
    else if (e.kind === 'pending-ask') pendingAsk = e.ask ? { set: e.ask } : { clear: e.key };
    else if (e.kind === 'ref')
      ref = {
        doc: { sealed: deps.cipher.encrypt(JSON.stringify(e.ref), refAad(where.subject)) },
        at: deps.now,
      };
  }
  return {
    subject: where.subject,
    items,
    ledger,
    counts,
    ...(pendingAsk ? { pendingAsk } : {}),
    ...(ref ? { ref } : {}),
  };
}
