/**
 * The consent service: stores a value bound to its purpose with a grant and a ledger record,
 * records asks, declines and reuse, and answers what is held. The only writer of consent data.
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
import { batchOf, grantFor, ledgerRecordOf, type TurnEffect, type TurnWhere } from './turn-effects.ts';

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
    extra: Pick<LedgerRecord, 'reason'> = {},
  ) => {
    const r = ledgerRecordOf({ map: deps.map(), now: clock.now(), id: ids }, ctx, {
      ...need,
      event,
      journey: ctx.journey,
      step: ctx.step,
      ...(textHash ? { textHash } : {}),
      ...(extra.reason ? { reason: extra.reason } : {}),
    });
    return store.ledger.append(r);
  };

  /** A turn's facts: held items (terms marked) and the ask-history summary, in one read. */
  async function facts(subject: string): Promise<TurnStartFacts> {
    const f = await store.turns.facts(subject);
    const held = f.held.map(withTermsState);
    if (f.summary) return { held, summary: f.summary };
    // No summary stored yet (a subject from before summaries): fold the ledger once; the turn's batch stores it.
    const summaryBase = foldAskSummary(emptyAskSummary(), await store.ledger.forSubject(subject));
    return { held, summary: summaryBase, summaryBase };
  }

  /** Applies a turn's batch effects (and its bot state) in one store write; resolves once durable. */
  async function commit(
    where: TurnWhere,
    effects: readonly TurnEffect[],
    f?: TurnStartFacts,
    state?: StateWrite,
  ): Promise<void> {
    const batch = {
      ...batchOf({ map: deps.map(), cipher, now: clock.now(), id: ids }, where, effects),
      ...(f?.summaryBase ? { summaryBase: f.summaryBase } : {}),
      ...(state ? { state } : {}),
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
    /** Records that the customer was asked, with the hash of the exact text shown. */
    asked: (ctx: ConsentContext, need: Need, textHash: string) => record(ctx, need, 'asked', textHash),
    /** Stores a validated value bound to the need's purpose; resolves once durably stored. */
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
    /** Grants an item already held to one more purpose. False when it is no longer held. */
    async reuse(ctx: ConsentContext, need: Need): Promise<boolean> {
      const ok = await store.items.addGrant(ctx.subject, need.item, grantOf(need, clock.now()));
      if (ok) await record(ctx, need, 'reused');
      return ok;
    },
    declined: (ctx: ConsentContext, need: Need) => record(ctx, need, 'declined'),
    /** "Ask me later": no decline, a shorter quiet time. */
    deferred: (ctx: ConsentContext, need: Need) => record(ctx, need, 'deferred'),
    /** "Never ask me for my <item>", for every purpose, until the customer gives it themselves. */
    neverAsk: (ctx: ConsentContext, item: string) => record(ctx, { item, purpose: '*' }, 'never-ask'),
    /** Appends any consent event (rights and give-back use it); idempotent on the activity id. */
    recordEvent: record,
    /** Lifts a never-ask the customer no longer wants. */
    clearNeverAsk: (ctx: ConsentContext, item: string) =>
      record(ctx, { item, purpose: '*' }, 'never-ask-cleared'),
    /** Marks a grant as used now (give-back counts from the last use). */
    used: (subject: string, need: Need) => store.items.touch(subject, need.item, need.purpose, clock.now()),
    ledger: (subject: string) => store.ledger.forSubject(subject),
  };
}
