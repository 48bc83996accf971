/**
 * What a recipient system may pull (the pull API): the values granted for a purpose it receives,
 * a page at a time, or one subject's. Only live grants; every value handed out is recorded as a
 * use of its grant, as an action's would be. Scope refusals are values, not errors.
 */
import type { DialogueMap } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { HeldItem, Store } from '../storage/index.ts';

export interface PulledValue {
  readonly subject: string;
  readonly item: string;
  readonly value: string;
  readonly grantedAt: Date;
}

export type PullResult<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'unknown-purpose' }
  | { readonly kind: 'not-a-recipient' };

/** Where a page ends: the last (subject, item) looked at. */
export interface PullCursor {
  readonly subject: string;
  readonly item: string;
}

export interface RecipientPullDeps {
  readonly store: Store;
  readonly map: () => DialogueMap;
  readonly reveal: (h: HeldItem) => string;
  readonly clock: Clock;
}

/** Held items looked at per request at most, so one request stays short however sparse a purpose is. */
const MAX_SCANNED = 2_000;
const SCAN_PAGE = 200;

export type RecipientPull = ReturnType<typeof createRecipientPull>;

export function createRecipientPull(deps: RecipientPullDeps) {
  const { store, clock } = deps;

  function scope(system: string, purpose: string): PullResult<undefined> {
    const p = deps.map().catalog.purposes[purpose];
    if (!p) return { kind: 'unknown-purpose' };
    if (!p.recipients.includes(system)) return { kind: 'not-a-recipient' };
    return { kind: 'ok', value: undefined };
  }

  /** The item's live grant for the purpose, if any. */
  const grantOf = (h: HeldItem, purpose: string, now: Date) =>
    h.grants.find((g) => g.purpose === purpose && g.expiresAt > now);

  /** Reveals the values and records each as a use of its grant. */
  async function handOut(rows: readonly HeldItem[], purpose: string, now: Date): Promise<PulledValue[]> {
    const out: PulledValue[] = [];
    for (const h of rows) {
      const g = grantOf(h, purpose, now);
      if (!g) continue;
      out.push({ subject: h.subject, item: h.item, value: deps.reveal(h), grantedAt: g.grantedAt });
      await store.items.touch(h.subject, h.item, purpose, now);
    }
    return out;
  }

  return {
    /** A page of the values granted for `purpose` (of `item` only, when given), after `cursor`. */
    async purposeItems(
      system: string,
      purpose: string,
      opts: { item?: string; cursor?: PullCursor; limit: number },
    ): Promise<PullResult<{ values: PulledValue[]; next?: PullCursor }>> {
      const s = scope(system, purpose);
      if (s.kind !== 'ok') return s;
      const now = clock.now();
      const found: HeldItem[] = [];
      let after = opts.cursor;
      let scanned = 0;
      let exhausted = false;
      while (found.length < opts.limit && scanned < MAX_SCANNED) {
        const page = await store.items.scan(after, SCAN_PAGE);
        for (const h of page) {
          after = { subject: h.subject, item: h.item };
          scanned++;
          if ((!opts.item || h.item === opts.item) && grantOf(h, purpose, now)) found.push(h);
          if (found.length >= opts.limit) break;
        }
        if (page.length < SCAN_PAGE && found.length < opts.limit) {
          exhausted = true;
          break;
        }
      }
      const values = await handOut(found, purpose, now);
      return { kind: 'ok', value: { values, ...(!exhausted && after ? { next: after } : {}) } };
    },

    /** One subject's values granted for `purpose`. */
    async subjectPurpose(
      system: string,
      subject: string,
      purpose: string,
    ): Promise<PullResult<PulledValue[]>> {
      const s = scope(system, purpose);
      if (s.kind !== 'ok') return s;
      const held = await store.items.forSubject(subject);
      return { kind: 'ok', value: await handOut(held, purpose, clock.now()) };
    },
  };
}
