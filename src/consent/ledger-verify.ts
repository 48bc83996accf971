/**
 * Checking a subject's consent-ledger chain (storage/ledger-chain.ts), record by record, as the
 * store returns it:
 *  - `edited`: a record no longer matches its own hash;
 *  - `missing`: seqs skipped that no retention checkpoint declares deleted (a deleted record);
 *  - `relinked`: a record whose `prev` is not the hash of the record before it (one inserted,
 *    or the one before replaced whole);
 *  - `reordered`: a record stored out of its chain order, or two records at one seq;
 *  - `truncated`: the head recorded beside the ledger is past the last record (the last deleted),
 *    or names another hash for it;
 *  - `not-erased`: records from before the subject's erasure are still there;
 *  - `unknown-text`: a `textHash` that no archived text of its notice version has, for its item
 *    and purpose; `unlinked-grant`: a grant whose `askedId` names no ask with the same text.
 * Retention's `checkpoint` records list the runs of seqs it deleted with the hash of each run's
 * last record, so the record after a run still links. An erased subject has no chain: erasure
 * deletes it whole and its suppression keeps the receipt (length and last hash). Records from
 * before chaining (no hash) are counted as `unchained`. Pure.
 */
import type { NoticeArchive } from '../map/index.ts';
import { textHash } from '../map/index.ts';
import { GENESIS, recordHash, type ChainHead, type LedgerRecord, type PrunedRun } from '../storage/index.ts';

export type BreakKind =
  | 'edited'
  | 'missing'
  | 'relinked'
  | 'reordered'
  | 'truncated'
  | 'not-erased'
  | 'unknown-text'
  | 'unlinked-grant';

export interface ChainBreak {
  readonly kind: BreakKind;
  readonly seq?: number;
  readonly id?: string;
  readonly detail: string;
}

export interface ChainReport {
  readonly subject: string;
  readonly records: number;
  readonly unchained: number;
  readonly breaks: readonly ChainBreak[];
  /** The last record's position and hash (what an operator can anchor elsewhere). */
  readonly head?: ChainHead;
}

/** The runs declared deleted by the latest intact checkpoint. */
function prunedRuns(chained: readonly LedgerRecord[]): readonly PrunedRun[] {
  const checkpoints = chained.filter((r) => r.event === 'checkpoint' && recordHash(r) === r.hash);
  return checkpoints.at(-1)?.pruned ?? [];
}

/** What `prev` a record at `seq` must carry after `last`, or why it cannot be known. */
function expectedPrev(
  last: ChainHead | undefined,
  seq: number,
  runs: readonly PrunedRun[],
): { prev?: string; missing?: string } {
  const lastSeq = last?.seq ?? 0;
  if (seq === lastSeq + 1) return { prev: last?.hash ?? GENESIS };
  const run = runs.find((x) => x.from <= lastSeq + 1 && x.to >= seq - 1);
  if (!run) return { missing: `${lastSeq + 1}..${seq - 1}` };
  // A run that ends right before links to its last hash; inside a run (retention part-way) it cannot be known.
  return run.to === seq - 1 ? { prev: run.last } : {};
}

/** Checks one subject's chain; `head` is the head recorded beside the ledger, if any. */
export function verifyChain(
  subject: string,
  records: readonly LedgerRecord[],
  head?: ChainHead,
  erasedAt?: Date,
): ChainReport {
  const breaks: ChainBreak[] = [];
  const chained = records.filter((r) => r.hash !== undefined && r.seq !== undefined);
  const runs = prunedRuns(chained);
  let last: ChainHead | undefined;
  for (const r of chained) {
    const seq = r.seq ?? 0;
    const at = { seq, id: r.id };
    if (recordHash(r) !== r.hash)
      breaks.push({ kind: 'edited', ...at, detail: 'the record does not match its hash' });
    if (last && seq <= last.seq) {
      breaks.push({ kind: 'reordered', ...at, detail: `stored after seq ${last.seq}` });
      continue;
    }
    const want = expectedPrev(last, seq, runs);
    if (want.missing) breaks.push({ kind: 'missing', ...at, detail: `records ${want.missing} are gone` });
    else if (want.prev !== undefined && r.prev !== want.prev)
      breaks.push({ kind: 'relinked', ...at, detail: 'prev is not the hash of the record before' });
    last = { seq, hash: r.hash ?? '' };
  }
  if (head && head.seq > (last?.seq ?? 0))
    breaks.push({
      kind: 'truncated',
      seq: head.seq,
      detail: `the chain ends at ${last?.seq ?? 0}, its head is ${head.seq}`,
    });
  else if (head && last && head.seq === last.seq && head.hash !== last.hash)
    breaks.push({
      kind: 'truncated',
      seq: head.seq,
      detail: 'the last record is not the one the head names',
    });
  if (erasedAt) {
    const left = records.filter((r) => r.at < erasedAt).length;
    if (left > 0)
      breaks.push({ kind: 'not-erased', detail: `${left} record(s) from before the erasure remain` });
  }
  return {
    subject,
    records: records.length,
    unchained: records.length - chained.length,
    breaks,
    ...(last ? { head: last } : {}),
  };
}

/** Whether an archive holds a text with this hash for the record's item and purpose. */
function archivedHas(archive: NoticeArchive, r: LedgerRecord): boolean {
  return Object.values(archive.locales).some((l) =>
    l.texts.some(
      (t) => t.item === r.item && t.purpose === r.purpose && (t.hash ?? textHash(t.text)) === r.textHash,
    ),
  );
}

/**
 * Checks each record's `textHash` against the archived texts of its notice version, and that a
 * grant's `askedId` names an ask with the same text. Versions with no archive are listed, not broken.
 */
export function verifyTexts(
  records: readonly LedgerRecord[],
  archiveOf: (version: string) => NoticeArchive | undefined,
): { breaks: ChainBreak[]; unarchived: string[] } {
  const breaks: ChainBreak[] = [];
  const unarchived = new Set<string>();
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const r of records.filter((x) => x.textHash !== undefined)) {
    const archive = archiveOf(r.noticeVersion);
    if (!archive) unarchived.add(r.noticeVersion);
    else if (!archivedHas(archive, r))
      breaks.push({
        kind: 'unknown-text',
        ...(r.seq ? { seq: r.seq } : {}),
        id: r.id,
        detail: `no text of notice ${r.noticeVersion} has this hash`,
      });
    const asked = r.askedId ? byId.get(r.askedId) : undefined;
    // An ask deleted by retention cannot be compared; one that is there must carry the same text.
    if (asked && (asked.event !== 'asked' || asked.textHash !== r.textHash))
      breaks.push({
        kind: 'unlinked-grant',
        ...(r.seq ? { seq: r.seq } : {}),
        id: r.id,
        detail: 'the ask it names showed another text',
      });
  }
  return { breaks, unarchived: [...unarchived] };
}
