/**
 * Which of a subject's consent-ledger records outlive the ledger's retention: those that are the
 * proof of something still in force. Every other record older than the retention is deleted.
 *  - the latest `granted` or `reused` record of each grant the subject still holds (item and
 *    purpose): the proof of that consent stays as long as the grant does;
 *  - the latest `never-ask` record of an item the customer still asked never to be asked for
 *    (not cleared since by `never-ask-cleared` or a new grant): forgetting it would ask again.
 * Once the grant ends or the wish is cleared, the old record goes at the next sweep; the record of
 * the ending (withdrawn, given-back…) is new and kept for the whole retention. Pure.
 */
import type { HeldItem, LedgerRecord } from '../storage/index.ts';

const need = (item: string, purpose: string) => `${item}\u0000${purpose}`;

/** Ids of the latest grant proof per held grant. */
function grantProofs(records: readonly LedgerRecord[], held: readonly HeldItem[]): string[] {
  const heldGrants = new Set(held.flatMap((h) => h.grants.map((g) => need(h.item, g.purpose))));
  const latest = new Map<string, string>();
  for (const r of records) {
    const key = need(r.item, r.purpose);
    if ((r.event === 'granted' || r.event === 'reused') && heldGrants.has(key)) latest.set(key, r.id);
  }
  return [...latest.values()];
}

/** Ids of the `never-ask` records still in force, per item (the same fold as the ask history). */
function standingNeverAsks(records: readonly LedgerRecord[]): string[] {
  const standing = new Map<string, string>();
  for (const r of records) {
    if (r.event === 'never-ask') standing.set(r.item, r.id);
    else if (r.event === 'never-ask-cleared' || r.event === 'granted' || r.event === 'reused')
      standing.delete(r.item);
  }
  return [...standing.values()];
}

/** The ids of a subject's records (oldest first) to keep past the ledger's retention. */
export function ledgerRecordsToKeep(records: readonly LedgerRecord[], held: readonly HeldItem[]): string[] {
  return [...grantProofs(records, held), ...standingNeverAsks(records)];
}
