/**
 * What "forget me" keeps, and why. Erasure deletes the customer's values, grants, conversation
 * state and reference, their consent-ledger chain and their ask-history summary. Two wishes must
 * outlive it, or forgetting the customer would undo what they asked for: the items they asked
 * never to be asked for again, and the processing on our legitimate interests they objected to
 * (Art. 21: an objection stands). Kept as a `Suppression`:
 *  - only item and purpose ids, the time of the erasure, and the receipt of the erased chain
 *    (its length and last hash: proof that a chain was erased whole, nothing of its content);
 *  - keyed by `HMAC(suppression key, subject id)`, never by the subject id itself. The subject id
 *    survives elsewhere (the audit log records who was erased, logs name pseudonymous subjects):
 *    keyed by it, the suppressions could be joined back to those. Keyed by a second HMAC, a reader
 *    of the database, the logs or a backup cannot tell whose wishes they are;
 *  - the suppression key is derived from SUBJECT_KEY with HKDF under its own label: independent
 *    of the subject key as a key (one HMAC says nothing of the other), and held by exactly whoever
 *    can recognise a returning customer at all. A separately configured key would protect only
 *    against someone who holds SUBJECT_KEY but not it — in practice the same operator.
 * When the customer comes back (their summary is gone), a turn folds the suppression into the
 * new summary: a never-ask stays a never-ask; an objection is honoured as a refusal of that
 * purpose, so the bot does not ask for it again for its `askAgainAfter`. Nothing else of the
 * erased history is used: no refusals, no old asks in the question budget. Pure, but for the key.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { AskSummary, LedgerRecord, Suppression } from '../storage/index.ts';

/** The suppression key of each subject: HMAC under a key derived from SUBJECT_KEY. */
export function suppressionKeyer(subjectKey: Buffer): (subject: string) => string {
  const key = Buffer.from(hkdfSync('sha256', subjectKey, 'justask', 'suppression key v1', 32));
  return (subject) => 'x_' + createHmac('sha256', key).update(subject).digest('hex').slice(0, 40);
}

/** What erasure keeps of a subject with this history and summary. */
export function suppressionOf(
  key: string,
  records: readonly LedgerRecord[],
  summary: AskSummary,
  erasedAt: Date,
): Suppression {
  const last = records.filter((r) => r.hash !== undefined).at(-1);
  return {
    key,
    neverAsk: [...summary.neverAsk].sort(),
    objections: [...summary.objections].sort(),
    erasedAt,
    erasedChain: { records: records.length, ...(last?.hash ? { head: last.hash } : {}) },
  };
}

/** A returning customer's summary: the suppression's wishes folded into an otherwise empty history. */
export function withSuppression(summary: AskSummary, s: Suppression | undefined): AskSummary {
  if (!s) return summary;
  const refusals = { ...summary.refusals };
  for (const key of s.objections) refusals[key] ??= { event: 'declined', at: s.erasedAt };
  const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
  return {
    ...summary,
    refusals,
    neverAsk: union(summary.neverAsk, s.neverAsk),
    objections: union(summary.objections, s.objections),
  };
}
