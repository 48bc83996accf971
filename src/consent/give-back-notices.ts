/**
 * Give-back notices: the text that tells a customer what was given back, its delivery, and a
 * bounded number of retries across sweeps. A notice that cannot be delivered is recorded in the
 * ledger (`notice-failed`, with a reason category, never a value) and kept to be retried; after
 * its last attempt it is recorded as `notice-abandoned` and forgotten.
 */
import { itemWords, type Locale, type Texts } from '../map/index.ts';
import type { PendingNotice, Store } from '../storage/index.ts';
import type { ConsentService } from './consent-service.ts';

/** Sends a customer a message on the conversation they last used; false when there is none. */
export interface Notifier {
  notify(subject: string, text: (locale: Locale) => string): Promise<boolean>;
}

/** Where give-back writes what went wrong: ids and categories only, never a value. */
export interface SweepLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Why a notice was not delivered, as the ledger records it. */
export type NoticeFailure =
  'no-conversation' | 'unreadable-reference' | 'channel-refused' | 'channel-unavailable' | 'error';

export type NoticeOutcome = 'sent' | 'failed' | 'abandoned';

/** The category of a delivery error: the channel's HTTP status, a network failure, or our own. */
export function failureOf(e: unknown): NoticeFailure {
  const err = e as { name?: unknown; statusCode?: unknown; code?: unknown } | null;
  if (err?.name === 'DecryptError') return 'unreadable-reference';
  const status = typeof err?.statusCode === 'number' ? err.statusCode : undefined;
  if (status !== undefined) return status >= 500 ? 'channel-unavailable' : 'channel-refused';
  if (typeof err?.code === 'string' && /^(E[A-Z]+|UND_ERR)/.test(err.code)) return 'channel-unavailable';
  return 'error';
}

export interface NoticeDeps {
  readonly store: Store;
  readonly consent: ConsentService;
  readonly texts: () => Texts;
  readonly notifier: Notifier;
  /** Delivery attempts before a notice is abandoned (default 3). */
  readonly maxAttempts?: number;
  readonly log?: SweepLog;
}

export function createNoticeSender(deps: NoticeDeps) {
  const maxAttempts = Math.max(1, deps.maxAttempts ?? 3);

  /** The notice's text in the customer's language, rendered from ids at each attempt. */
  const textOf = (n: PendingNotice) => (lng: Locale) => {
    const t = deps.texts();
    const item = itemWords(t, lng, n.item);
    if (n.remaining > 0) {
      const description = n.purposes.map((p) => t.t(lng, `purposes.${p}.description`, {}, 'map')).join(', ');
      return t.t(lng, 'giveback.purpose', { item, description });
    }
    return t.t(lng, n.kind === 'given-back' ? 'giveback.unused' : 'giveback.expired', { item });
  };

  async function send(n: PendingNotice): Promise<NoticeFailure | undefined> {
    try {
      return (await deps.notifier.notify(n.subject, textOf(n))) ? undefined : 'no-conversation';
    } catch (e) {
      return failureOf(e);
    }
  }

  async function record(
    n: PendingNotice,
    attempt: number,
    event: 'notice-failed' | 'notice-abandoned',
    reason: NoticeFailure,
  ) {
    const ctx = { subject: n.subject, channel: n.channel, locale: n.locale, journey: '', step: '' };
    for (const purpose of n.purposes) {
      await deps.consent.recordEvent(
        { ...ctx, activityId: `notice:${n.id}:${attempt}` },
        { item: n.item, purpose },
        event,
        undefined,
        { reason },
      );
    }
  }

  /**
   * Tries one notice (a new one has `attempts: 0`). Delivered: forgotten. Not delivered: recorded
   * and kept for the next sweep, or, after the last attempt, recorded as abandoned and forgotten.
   */
  async function attempt(n: PendingNotice, now: Date): Promise<NoticeOutcome> {
    const tries = n.attempts + 1;
    const reason = await send(n);
    if (!reason) {
      if (n.attempts > 0) await deps.store.notices.delete(n.id);
      return 'sent';
    }
    const last = tries >= maxAttempts;
    deps.log?.warn(
      { subject: n.subject, item: n.item, attempt: tries, of: maxAttempts, reason },
      last ? 'give-back notice abandoned' : 'give-back notice not delivered; retried next sweep',
    );
    await record(n, tries, last ? 'notice-abandoned' : 'notice-failed', reason);
    if (last) {
      if (n.attempts > 0) await deps.store.notices.delete(n.id);
      return 'abandoned';
    }
    // Just after this sweep's `now`: due at the next sweep, not again in this one.
    await deps.store.notices.put({ ...n, attempts: tries, nextAt: new Date(now.getTime() + 1) });
    return 'failed';
  }

  return { attempt };
}

export type NoticeSender = ReturnType<typeof createNoticeSender>;
