/**
 * Retention and the hash chain: before retention deletes a subject's old records, it appends a
 * `checkpoint` record listing every run of seqs deleted so far — the earlier checkpoint's runs
 * merged with the records going now — each with the hash of its last record. The record after a
 * run then still links (ledger-verify.ts), and the checkpoint itself is chained and new, so it is
 * kept until a later checkpoint replaces it. Pure.
 */
import type { LedgerRecord, PrunedRun } from '../storage/index.ts';

/** Merges runs that touch or overlap; the merged run's `last` is that of the one reaching furthest. */
function merged(runs: readonly PrunedRun[]): PrunedRun[] {
  const out: PrunedRun[] = [];
  for (const r of [...runs].sort((a, b) => a.from - b.from)) {
    const prev = out.at(-1);
    if (prev && r.from <= prev.to + 1) {
      if (r.to > prev.to) out[out.length - 1] = { from: prev.from, to: r.to, last: r.last };
    } else out.push({ ...r });
  }
  return out;
}

/**
 * The runs a checkpoint must declare once `going` (ids) are deleted from `ledger` (a subject's
 * records, chain order); undefined when no chained record goes.
 */
export function prunedRunsAfter(
  ledger: readonly LedgerRecord[],
  going: ReadonlySet<string>,
): PrunedRun[] | undefined {
  const deleted = ledger.filter((r) => going.has(r.id) && r.seq !== undefined && r.hash !== undefined);
  if (deleted.length === 0) return undefined;
  const earlier = ledger.filter((r) => r.event === 'checkpoint').at(-1)?.pruned ?? [];
  const now = deleted.map((r) => ({ from: r.seq ?? 0, to: r.seq ?? 0, last: r.hash ?? '' }));
  return merged([...earlier, ...now]);
}
