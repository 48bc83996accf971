/**
 * The consent ledger's per-subject hash chain. Each record carries its place in the subject's
 * chain (`seq`, from 1), the hash of the subject's previous record (`prev`, `genesis` for the
 * first) and its own hash: SHA-256 of its canonical encoding without `hash` (every field, keys
 * sorted, times as ISO 8601 strings, absent fields left out). An edited record no longer matches
 * its hash; a deleted or reordered one breaks the `prev` link of the next. Both stores link a
 * record to the subject's head as they append it, one append per subject at a time (SQLite: in
 * the write transaction; MongoDB: the `_id` names the chain position, so two instances cannot
 * both take one). Pure.
 */
import { createHash } from 'node:crypto';
import type { LedgerRecord } from './records.ts';

/** The `prev` of a subject's first record. */
export const GENESIS = 'genesis';

/** The last record of a subject's chain: its position and hash. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

function canonicalValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(canonicalValue);
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, x]) => [k, canonicalValue(x)]));
  }
  return v;
}

/** The canonical encoding a record's hash is taken over (the record without `hash`). */
export function canonicalRecord(r: LedgerRecord): string {
  const { hash: _hash, ...rest } = r;
  return JSON.stringify(canonicalValue(rest));
}

/** The hash a record should carry. */
export const recordHash = (r: LedgerRecord): string =>
  createHash('sha256').update(canonicalRecord(r)).digest('hex');

/** A record without its chain fields (as the consent service makes it). */
export function unlinked(r: LedgerRecord): LedgerRecord {
  const { seq: _s, prev: _p, hash: _h, ...rest } = r;
  return rest;
}

/** The record linked after `head` (undefined: the subject's first record). */
export function linkRecord(r: LedgerRecord, head: ChainHead | undefined): LedgerRecord {
  const linked = { ...unlinked(r), seq: (head?.seq ?? 0) + 1, prev: head?.hash ?? GENESIS };
  return { ...linked, hash: recordHash(linked) };
}

/** The head a chained record makes; undefined for a record from before chaining. */
export const headOf = (r: LedgerRecord | undefined): ChainHead | undefined =>
  r?.seq !== undefined && r.hash !== undefined ? { seq: r.seq, hash: r.hash } : undefined;

/** Records in chain order: those from before chaining first (as stored), then by `seq`. */
export const inChainOrder = (records: readonly LedgerRecord[]): LedgerRecord[] =>
  records
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.seq ?? 0) - (b.r.seq ?? 0) || a.i - b.i)
    .map((x) => x.r);
