/**
 * What a customer has said about being asked: the latest "no thanks" or "ask me later" per item
 * and purpose, the items they never want to be asked for, and when they were asked optional
 * questions. Read from the summary the store keeps beside the ledger (one fold per record
 * appended, see storage/turn-batch.ts), so a turn never scans the ledger. Pure.
 */
import { emptyAskSummary, foldAskSummary, type AskSummary, type LedgerRecord } from '../storage/index.ts';

export interface Refusal {
  readonly event: 'declined' | 'deferred';
  readonly at: Date;
}

export interface AskHistory {
  /** The latest decline or deferral per need key (`item:purpose`), cleared by a later grant. */
  readonly refusals: ReadonlyMap<string, Refusal>;
  /** Items the customer asked never to be asked for again. */
  readonly neverAsk: ReadonlySet<string>;
  /** When optional questions were asked (for the question budget). */
  readonly optionalAsks: readonly Date[];
}

export const emptyHistory: AskHistory = { refusals: new Map(), neverAsk: new Set(), optionalAsks: [] };

/** The history a stored ask-history summary describes. */
export function historyOf(summary: AskSummary): AskHistory {
  return {
    refusals: new Map(Object.entries(summary.refusals)),
    neverAsk: new Set(summary.neverAsk),
    optionalAsks: summary.optionalAsks,
  };
}

/** Folds a subject's ledger (oldest first) into its ask history. */
export function askHistoryOf(records: readonly LedgerRecord[]): AskHistory {
  return historyOf(foldAskSummary(emptyAskSummary(), records));
}
