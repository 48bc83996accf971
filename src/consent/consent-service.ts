/**
 * The consent service: the only writer of consent data. A turn reads its facts once (`facts`)
 * and writes its effects — values bound to their purposes with grants, ledger records, counts —
 * in one batch (`commit`); rights and give-back append ledger records through `recordEvent`.
 */
import type { DialogueMap, Need } from '../map/index.ts';
import type { Clock, IdSource } from '../shared/clock.ts';
import {
  emptyAskSummary,
  foldAskSummary,
  isEmptyBatch,
  type AskSummary,
  type Grant,
  type HeldItem,
  type LedgerEvent,
  type LedgerRecord,
  type StateWrite,
  type Store,
} from '../storage/index.ts';
import { valueAad, type Cipher } from './crypto.ts';
import { materiallyChanged, termsOf } from './purpose-terms.ts';
import { suppressionOf, withSuppression } from './suppression.ts';
import { batchOf, grantFor, ledgerRecordOf, type TurnEffect, type TurnWhere } from './turn-effects.ts';
import { needsValue, outboxOf } from './outbox-events.ts';

/** Where and on which activity a consent event happens. */
export interface ConsentContext {
  readonly subject: string;
  readonly channel: string;
  readonly locale: string;
  readonly journey: string;
  readonly step: string;
  /** The incoming activity's id: the ledger's idempotency key. */
  readonly activityId?: string;
}

export interface ConsentDeps {
  readonly store: Store;
  readonly cipher: Cipher;
  readonly map: () => DialogueMap;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** The privacy notice's URL (`…/privacy`): each ledger record names the version in force. */
  readonly noticeUrl?: string;
  /** A subject's suppression key (suppression.ts); without it, erasure keeps no suppression. */
  readonly suppressionKey?: (subject: string) => string;
}

export type ConsentService = ReturnType<typeof createConsentService>;

/** A grant as the service reports it: whether its purpose's terms changed materially since. */
export type HeldGrant = Grant & { readonly termsChanged: boolean };

/** What a turn starts from: held items with their terms state and the ask-history summary. */
export interface TurnStartFacts {
  readonly held: (HeldItem & { grants: HeldGrant[] })[];
  readonly summary: AskSummary;
  /** Set when the summary was folded from the ledger (none stored yet): the batch stores it. */
  readonly summaryBase?: AskSummary;
}

/** Builds the consent service over a store. */
export function createConsentService(deps: ConsentDeps) {
  const { store, cipher, clock, ids } = deps;
  const urlOf = () => (deps.noticeUrl ? { noticeUrl: deps.noticeUrl } : {});
  /** The suppression a forgotten subject left, if any (read only when no summary is stored). */
  const suppressionFor = async (subject: string) =>
    deps.suppressionKey ? store.suppressions.get(deps.suppressionKey(subject)) : undefined;
  const grantOf = (need: Need, at: Date): Grant => grantFor(deps.map(), need, at);
  /** Marks each grant whose purpose's terms changed materially since it was given. */
  const withTermsState = (h: HeldItem): HeldItem & { grants: HeldGrant[] } => ({
    ...h,
    grants: h.grants.map((g) => ({
      ...g,
      termsChanged: materiallyChanged(g.terms, termsOf(deps.map(), g.purpose)),
    })),
  });
  const record = (
    ctx: ConsentContext,
    need: Pick<Need, 'item' | 'purpose'> & { required?: boolean },
    event: LedgerEvent,
    textHash?: string,
    extra: Pick<LedgerRecord, 'reason' | 'expiresAt'> = {},
  ) => {
    const r = ledgerRecordOf({ map: deps.map(), now: clock.now(), id: ids, ...urlOf() }, ctx, {
      ...need,
      event,
      journey: ctx.journey,
      step: ctx.step,
      ...(textHash ? { textHash } : {}),
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.expiresAt ? { expiresAt: extra.expiresAt } : {}),
    });
    return appendWithEvents(r);
  };

  /** Appends a record with the events it causes for the business's systems (one write). */
  async function appendWithEvents(r: LedgerRecord): Promise<'appended' | 'duplicate'> {
    const map = deps.map();
    const held = needsValue(map, r)
      ? (await store.items.forSubject(r.subject)).find((h) => h.item === r.item)
      : undefined;
    const outbox = outboxOf(map, [r], () => held?.value, clock.now());
    return outbox.add.length + outbox.strip.length > 0
      ? store.ledger.append(r, outbox)
      : store.ledger.append(r);
  }

  /** A turn's facts: held items (terms marked) and the ask-history summary, in one read. */
  async function facts(subject: string): Promise<TurnStartFacts> {
    const f = await store.turns.facts(subject);
    const held = f.held.map(withTermsState);
    if (f.summary && !f.noSummary) return { held, summary: f.summary };
    // No summary stored: a new subject, one from before summaries (the ledger is folded once) or one
    // forgotten since (what erasure kept is folded in). The turn's batch stores the result.
    const folded = f.summary ?? foldAskSummary(emptyAskSummary(), await store.ledger.forSubject(subject));
    const summaryBase = withSuppression(folded, await suppressionFor(subject));
    return { held, summary: summaryBase, summaryBase };
  }

  /** Applies a turn's batch effects (and its bot state) in one store write; resolves once durable. */
  async function commit(
    where: TurnWhere,
    effects: readonly TurnEffect[],
    f?: TurnStartFacts,
    state?: StateWrite,
  ): Promise<void> {
    const now = clock.now();
    const base = batchOf({ map: deps.map(), cipher, now, id: ids, ...urlOf() }, where, effects);
    // A grant's event carries the value stored with it, or the one already held.
    const valueOf = (r: LedgerRecord) => {
      const put = base.items.find((c) => c.kind === 'put' && c.item.item === r.item);
      return put?.kind === 'put' ? put.item.value : f?.held.find((h) => h.item === r.item)?.value;
    };
    const outbox = outboxOf(deps.map(), base.ledger, valueOf, now);
    const batch = {
      ...base,
      ...(f?.summaryBase ? { summaryBase: f.summaryBase } : {}),
      ...(state ? { state } : {}),
      ...(outbox.add.length + outbox.strip.length > 0 ? { outbox } : {}),
    };
    if (!isEmptyBatch(batch)) await store.turns.apply(batch);
  }

  return {
    facts,
    commit,
    /** Items held for a subject (values stay encrypted), each grant marked when its terms changed. */
    held: async (subject: string) => (await store.items.forSubject(subject)).map(withTermsState),
    /** Encrypts a subject's item value for storage, bound to both (rights use it to correct a value). */
    encrypt: (subject: string, item: string, value: string) => cipher.encrypt(value, valueAad(subject, item)),
    /** The plain value of a held item, for the customer's own eyes (masked by the caller). */
    reveal: (held: HeldItem): string => cipher.decrypt(held.value, valueAad(held.subject, held.item)),
    /**
     * Stores a validated value bound to the need's purpose; resolves once durably stored. (A turn
     * stores through `commit`; this is for seeding and give-back tests.)
     */
    async provide(ctx: ConsentContext, need: Need, value: string): Promise<void> {
      const at = clock.now();
      const collected = { journey: ctx.journey, step: ctx.step, channel: ctx.channel, locale: ctx.locale };
      const item = {
        subject: ctx.subject,
        item: need.item,
        value: cipher.encrypt(value, valueAad(ctx.subject, need.item)),
        collectedAt: at,
        collected,
      };
      await store.items.put(item, grantOf(need, at));
      await record(ctx, need, 'granted');
    },
    /** Appends any consent event (rights and give-back use it); idempotent on the activity id. */
    recordEvent: record,
    ledger: (subject: string) => store.ledger.forSubject(subject),
    /**
     * Forgets a subject's consent history, keeping only its suppression (suppression.ts): call
     * after its items are deleted. Returns the ledger records deleted.
     */
    async eraseHistory(subject: string): Promise<number> {
      const [records, f] = await Promise.all([store.ledger.forSubject(subject), facts(subject)]);
      // Without a suppression key (a bare service in a test) the receipt is kept under a key no
      // one can derive again: the erasure is recorded, the wishes are not found on return.
      const key = deps.suppressionKey?.(subject) ?? `unkeyed:${ids()}`;
      const kept = suppressionOf(key, records, f.summary, clock.now());
      return store.suppressions.eraseHistory(subject, kept);
    },
    suppressionFor,
  };
}
