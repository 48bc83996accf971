/**
 * The customer's rights over what is held: withdraw a purpose (Art. 7(3)), erase an item or
 * everything (Art. 17), correct a value (Art. 16), and a portable copy (Art. 20). The ledger
 * keeps only the fact of each change; it never held a value.
 */
import { nameIn, type DialogueMap } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { HeldItem, Store } from '../storage/index.ts';
import type { ConsentContext, ConsentService } from './consent-service.ts';
import { accessReportOf } from './subject-report.ts';

export interface RightsDeps {
  readonly store: Store;
  readonly consent: ConsentService;
  readonly map: () => DialogueMap;
  readonly clock: Clock;
  /** Deletes what the channel layer keeps for every conversation of a subject (bot state). */
  readonly forgetConversations?: (subject: string) => Promise<void>;
}

export type Rights = ReturnType<typeof createRights>;

export function createRights(deps: RightsDeps) {
  const { store, consent } = deps;
  const erased = (ctx: ConsentContext, h: HeldItem) =>
    Promise.all(
      h.grants.map((g) => consent.recordEvent(ctx, { item: h.item, purpose: g.purpose }, 'erased')),
    );

  /**
   * Deletes the state of every conversation of a subject and its conversation reference, then
   * scrubs the store's files so no old copy stays readable. For erasure, and for give-back once a
   * subject is left with nothing (call it after the last notice: the reference is how it is sent).
   */
  async function forgetSubjectConversations(subject: string): Promise<void> {
    await deps.forgetConversations?.(subject);
    await store.refs.delete(subject);
    await store.notices.deleteSubject(subject);
    await store.scrub();
  }

  return {
    forgetSubjectConversations,

    /** Stops using an item for one purpose; deletes the item when no purpose is left. */
    async withdraw(
      ctx: ConsentContext,
      item: string,
      purpose: string,
    ): Promise<'withdrawn' | 'deleted' | 'not-held'> {
      const remaining = await store.items.removeGrant(ctx.subject, item, purpose);
      if (remaining === undefined) return 'not-held';
      await consent.recordEvent(ctx, { item, purpose }, 'withdrawn');
      if (remaining > 0) return 'withdrawn';
      await store.items.delete(ctx.subject, item);
      await consent.recordEvent(ctx, { item, purpose: '*' }, 'erased');
      await store.scrub();
      return 'deleted';
    },

    /** Erases one item with all its grants. False when it was not held. */
    async eraseItem(ctx: ConsentContext, item: string): Promise<boolean> {
      const h = (await store.items.forSubject(ctx.subject)).find((x) => x.item === item);
      if (!h) return false;
      await store.items.delete(ctx.subject, item);
      await erased(ctx, h);
      await store.scrub();
      return true;
    },

    /**
     * Erases everything held for a subject: values, grants, conversation references and bot state,
     * and its consent history (ledger chain and ask-history summary), keeping only the stated
     * suppression of its never-asks and objections (suppression.ts).
     */
    async eraseSubject(ctx: ConsentContext): Promise<number> {
      const held = await store.items.forSubject(ctx.subject);
      const count = await store.items.deleteSubject(ctx.subject);
      // Recorded as ever (whoever follows the ledger sees each erasure), then erased with the history.
      for (const h of held) await erased(ctx, h);
      await consent.eraseHistory(ctx.subject);
      await forgetSubjectConversations(ctx.subject);
      return count;
    },

    /** Replaces a held value (validated by the caller) for every purpose it is held for. */
    async change(ctx: ConsentContext, item: string, value: string): Promise<boolean> {
      const h = (await store.items.forSubject(ctx.subject)).find((x) => x.item === item);
      const first = h?.grants[0];
      if (!h || !first) return false;
      const at = deps.clock.now();
      const collected = { journey: ctx.journey, step: ctx.step, channel: ctx.channel, locale: ctx.locale };
      await store.items.put(
        {
          subject: ctx.subject,
          item,
          value: consent.encrypt(ctx.subject, item, value),
          collectedAt: at,
          collected,
        },
        first,
      );
      // A correction (Art. 16), not a new consent: each grant stays as it was given.
      for (const g of h.grants)
        await consent.recordEvent(ctx, { item, purpose: g.purpose }, 'rectified', undefined, {
          expiresAt: g.expiresAt,
        });
      await store.scrub();
      return true;
    },

    /**
     * A portable copy of everything held for the subject, values in clear (Art. 20), with the
     * Art. 15 report of purposes, recipients, retention, source, refusals and rights.
     */
    async exportData(subject: string) {
      const facts = await consent.facts(subject);
      const held = facts.held;
      const { controller } = deps.map().catalog;
      const now = deps.clock.now();
      return {
        controller: nameIn(controller.name, 'en'),
        exportedAt: now.toISOString(),
        subject,
        access: accessReportOf(deps.map(), held, facts.summary, now),
        items: held.map((h) => ({
          item: h.item,
          value: consent.reveal(h),
          collectedAt: h.collectedAt.toISOString(),
          collected: h.collected,
          purposes: h.grants.map((g) => ({
            purpose: g.purpose,
            basis: g.basis,
            grantedAt: g.grantedAt.toISOString(),
            expiresAt: g.expiresAt.toISOString(),
            lastUsedAt: g.lastUsedAt?.toISOString() ?? null,
          })),
        })),
        consentRecords: (await store.ledger.forSubject(subject)).map(
          ({ idem: _idem, subject: _s, ...r }) => ({
            ...r,
            at: r.at.toISOString(),
          }),
        ),
      };
    },
  };
}
