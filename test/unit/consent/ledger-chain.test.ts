/**
 * The hash chain's pure parts: linking, the canonical hash, every kind of break `verifyChain`
 * names, and the runs a retention checkpoint declares.
 */
import { describe, expect, it } from 'vitest';
import { prunedRunsAfter, verifyChain } from '../../../src/consent/index.ts';
import {
  canonicalRecord,
  GENESIS,
  linkRecord,
  recordHash,
  type LedgerRecord,
} from '../../../src/storage/index.ts';

const at = new Date('2026-06-01T09:00:00Z');
const base = (n: number, extra: Partial<LedgerRecord> = {}): LedgerRecord => ({
  id: `r${n}`,
  idem: `i${n}`,
  subject: 's',
  item: 'email',
  purpose: 'newsletter',
  event: 'asked',
  at,
  channel: 'webchat',
  locale: 'en',
  noticeVersion: 'n-000000000000',
  ...extra,
});

/** A chain of `n` linked records. */
function chain(n: number): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  for (let i = 1; i <= n; i++) {
    const last = out.at(-1);
    out.push(linkRecord(base(i), last ? { seq: last.seq ?? 0, hash: last.hash ?? '' } : undefined));
  }
  return out;
}

const kinds = (records: LedgerRecord[], head?: { seq: number; hash: string }) =>
  verifyChain('s', records, head).breaks.map((b) => `${b.kind}@${b.seq ?? ''}`);

describe('the ledger hash chain', () => {
  it('hashes a canonical encoding: key order and absent fields do not matter, times are ISO', () => {
    const r = base(1, { required: undefined });
    const reordered = Object.fromEntries(Object.entries(base(1)).reverse()) as LedgerRecord;
    expect(recordHash(r)).toBe(recordHash(reordered));
    expect(canonicalRecord(r)).toContain('"at":"2026-06-01T09:00:00.000Z"');
    const [first, second] = chain(2);
    expect(first).toMatchObject({ seq: 1, prev: GENESIS });
    expect(second?.prev).toBe(first?.hash);
  });

  it.each([
    ['an intact chain', (c: LedgerRecord[]) => c, []],
    [
      'an edited record',
      (c: LedgerRecord[]) => c.map((r) => (r.seq === 2 ? { ...r, event: 'granted' as const } : r)),
      ['edited@2'],
    ],
    ['a record deleted from the middle', (c: LedgerRecord[]) => c.filter((r) => r.seq !== 2), ['missing@3']],
    ['the first record deleted', (c: LedgerRecord[]) => c.slice(1), ['missing@2']],
    [
      'two records swapped',
      (c: LedgerRecord[]) => [c[0], c[2], c[1], c[3]] as LedgerRecord[],
      ['missing@3', 'reordered@2'],
    ],
    [
      'a forged record inserted with a valid hash of its own',
      (c: LedgerRecord[]) => {
        const forged = linkRecord(base(9, { event: 'granted' }), { seq: 1, hash: 'not-the-first' });
        return [c[0], forged, ...c.slice(2)] as LedgerRecord[];
      },
      ['relinked@2', 'relinked@3'],
    ],
  ] as const)('finds %s', (_name, tamper, expected) => {
    expect(kinds(tamper(chain(4)))).toEqual(expected);
  });

  it('finds a deleted last record by the head kept beside the ledger', () => {
    const c = chain(3);
    const head = { seq: 3, hash: c[2]?.hash ?? '' };
    expect(kinds(c, head)).toEqual([]);
    expect(kinds(c.slice(0, 2), head)).toEqual(['truncated@3']);
  });

  it('accepts runs a checkpoint declares deleted, merged across sweeps', () => {
    const c = chain(6);
    const first = prunedRunsAfter(c, new Set(['r1', 'r2', 'r4']));
    expect(first).toEqual([
      { from: 1, to: 2, last: c[1]?.hash },
      { from: 4, to: 4, last: c[3]?.hash },
    ]);
    const last = c.at(-1);
    const checkpoint = linkRecord(base(7, { event: 'checkpoint', pruned: first }), {
      seq: 6,
      hash: last?.hash ?? '',
    });
    const kept = [...c, checkpoint].filter((r) => !['r1', 'r2', 'r4'].includes(r.id));
    expect(kinds(kept)).toEqual([]);
    // A second sweep takes r3: the earlier runs and it merge into one run 1..4.
    expect(prunedRunsAfter([...c, checkpoint], new Set(['r3']))).toEqual([
      { from: 1, to: 4, last: c[3]?.hash },
    ]);
  });
});
