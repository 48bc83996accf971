/**
 * What a customer has said about being asked, derived from their consent ledger: the latest
 * "no thanks" or "ask me later" per item and purpose, the items they never want to be asked
 * for, and when they were asked optional questions. Pure: records in, history out.
 */
import type { LedgerRecord } from '../storage/index.ts';
import { needKey } from './next-step.ts';

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

/** Folds a subject's ledger (oldest first) into its ask history. */
export function askHistoryOf(records: readonly LedgerRecord[]): AskHistory {
  const refusals = new Map<string, Refusal>();
  const neverAsk = new Set<string>();
  const optionalAsks: Date[] = [];
  for (const r of records) {
    switch (r.event) {
      case 'declined':
      case 'deferred':
        refusals.set(needKey(r), { event: r.event, at: r.at });
        break;
      case 'granted':
      case 'reused':
        refusals.delete(needKey(r));
        neverAsk.delete(r.item);
        break;
      case 'never-ask':
        neverAsk.add(r.item);
        break;
      case 'never-ask-cleared':
        neverAsk.delete(r.item);
        break;
      case 'asked':
        if (r.required !== true) optionalAsks.push(r.at);
        break;
      default:
        break;
    }
  }
  return { refusals, neverAsk, optionalAsks };
}
