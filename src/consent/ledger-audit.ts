/**
 * `justask ledger verify`: checks every subject's consent-ledger chain (or one subject's) and
 * the text hashes of its records against the notice archive (ledger-verify.ts), and counts the
 * erasure receipts kept in suppressions. Its `root` — a hash over every subject's head — can be
 * written down elsewhere (a ticket, a timestamping service): a chain rewritten whole, hashes
 * and all, by someone with write access to the database then no longer matches it.
 */
import { createHash } from 'node:crypto';
import type { NoticeArchive } from '../map/index.ts';
import type { Store } from '../storage/index.ts';
import { verifyChain, verifyTexts, type ChainReport } from './ledger-verify.ts';

export interface LedgerAuditDeps {
  readonly store: Pick<Store, 'ledger' | 'suppressions'>;
  /** A subject's suppression key (an erased subject's receipt is found under it). */
  readonly suppressionKey?: (subject: string) => string;
  readonly archiveOf: (version: string) => NoticeArchive | undefined;
  readonly pageSize?: number;
}

export interface LedgerAuditReport {
  readonly subjects: number;
  readonly records: number;
  readonly unchained: number;
  /** Only the subjects with a break. */
  readonly broken: readonly ChainReport[];
  /** Erasure receipts kept (one per erased subject; the chain itself is gone). */
  readonly erased: number;
  /** Notice versions named by records whose archive was not found (their texts are not checked). */
  readonly unarchived: readonly string[];
  /** SHA-256 over every checked subject's `subject:seq:hash` head, in subject order. */
  readonly root: string;
}

export function createLedgerAudit(deps: LedgerAuditDeps) {
  const { store } = deps;
  const size = deps.pageSize ?? 500;

  async function checkSubject(subject: string): Promise<{ report: ChainReport; unarchived: string[] }> {
    const [records, head, suppression] = await Promise.all([
      store.ledger.forSubject(subject),
      store.ledger.chainHead(subject),
      deps.suppressionKey ? store.suppressions.get(deps.suppressionKey(subject)) : undefined,
    ]);
    const chain = verifyChain(subject, records, head, suppression?.erasedAt);
    const texts = verifyTexts(records, deps.archiveOf);
    return { report: { ...chain, breaks: [...chain.breaks, ...texts.breaks] }, unarchived: texts.unarchived };
  }

  async function* subjects(only?: string): AsyncGenerator<string> {
    if (only !== undefined) {
      yield only;
      return;
    }
    for (let after: string | undefined; ;) {
      const page = await store.ledger.chainSubjects(after, size);
      yield* page;
      if (page.length < size) return;
      after = page.at(-1);
    }
  }

  async function countErased(): Promise<number> {
    let n = 0;
    for (let after: string | undefined; ;) {
      const page = await store.suppressions.scan(after, size);
      n += page.length;
      if (page.length < size) return n;
      after = page.at(-1)?.key;
    }
  }

  /** Verifies every chain, or only `subject`'s. */
  async function verify(opts: { subject?: string } = {}): Promise<LedgerAuditReport> {
    const root = createHash('sha256');
    const broken: ChainReport[] = [];
    const unarchived = new Set<string>();
    let [count, records, unchained] = [0, 0, 0];
    for await (const subject of subjects(opts.subject)) {
      const { report, unarchived: u } = await checkSubject(subject);
      count += 1;
      records += report.records;
      unchained += report.unchained;
      u.forEach((v) => unarchived.add(v));
      if (report.breaks.length > 0) broken.push(report);
      if (report.head) root.update(`${subject}:${report.head.seq}:${report.head.hash}\n`);
    }
    const erased = opts.subject === undefined ? await countErased() : 0;
    return {
      subjects: count,
      records,
      unchained,
      broken,
      erased,
      unarchived: [...unarchived],
      root: root.digest('hex'),
    };
  }

  return { verify };
}
