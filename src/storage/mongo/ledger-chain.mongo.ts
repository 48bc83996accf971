/**
 * The ledger's hash chain on MongoDB, without transactions. A chained record's `_id` is
 * `<subject>|<seq, zero-padded>`, so the `_id` index is the compare-and-set: of two instances
 * that link after the same head, one insert wins and the other gets a duplicate key, reads the
 * head again and links after the winner (FerretDB enforces unique `_id` too, unlike its
 * conditional updates). The head is also kept on the subject's ask-summary document as
 * `chainHead` (`<seq padded>|<hash>`, raised with `$max` in the summary's own update, so it
 * costs no round trip): a deleted last record is seen, and a turn starts from the head its facts
 * read instead of reading it again. The suppressions erasure keeps live here.
 */
import { MongoBulkWriteError } from 'mongodb';
import { headOf, linkRecord, type ChainHead } from '../ledger-chain.ts';
import type { LedgerChains, SuppressionStore } from '../ports.ts';
import { Suppression, type LedgerRecord } from '../records.ts';
import type { Collections, LedgerDoc, Run } from './collections.mongo.ts';

/** A suppression, keyed by its pseudonymous key. */
export type SuppressionDoc = Omit<Suppression, 'key'> & { _id: string };

const pad = (seq: number) => String(seq).padStart(12, '0');

/** A head as the summary document keeps it: its string order is the seq's. */
export const headKey = (h: ChainHead): string => `${pad(h.seq)}|${h.hash}`;

/** The head a summary document's `chainHead` names. */
export function parseHeadKey(key: string | undefined): ChainHead | undefined {
  const i = key?.indexOf('|') ?? -1;
  if (key === undefined || i < 0) return undefined;
  return { seq: Number(key.slice(0, i)), hash: key.slice(i + 1) };
}

/** The update that raises a subject's recorded head to the last of `appended` (none when empty). */
export function headUpdate(appended: readonly LedgerRecord[]): { chainHead: string } | undefined {
  const last = headOf(appended.at(-1));
  return last ? { chainHead: headKey(last) } : undefined;
}
const chainId = (subject: string, seq: number) => `${subject}|${pad(seq)}`;
const MAX_RETRIES = 50;

/** The record's own fields, without absent optional ones (the driver would store undefined as null). */
function docOf(r: LedgerRecord): LedgerDoc {
  const fields = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as LedgerRecord;
  return { ...fields, _id: chainId(r.subject, r.seq ?? 0) };
}

const fromDoc = ({ _id: _i, ...rest }: LedgerDoc): LedgerRecord => rest as unknown as LedgerRecord;

async function readHead(c: Collections, subject: string): Promise<ChainHead | undefined> {
  const last = await c.ledger
    .find({ _id: { $gte: `${subject}|`, $lt: `${subject}|~` } })
    .sort({ _id: -1 })
    .limit(1)
    .toArray();
  return last[0] ? headOf(fromDoc(last[0])) : undefined;
}

/** Links `records` (one subject's, oldest first) after `head`. */
function linkAll(records: readonly LedgerRecord[], head: ChainHead | undefined): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  for (const r of records) out.push(linkRecord(r, headOf(out.at(-1)) ?? head));
  return out;
}

/** The index of the first record not inserted (a duplicate key), or undefined on success. */
async function insertFrom(c: Collections, linked: readonly LedgerRecord[]): Promise<number | undefined> {
  try {
    await c.ledger.insertMany(linked.map(docOf), { ordered: true });
    return undefined;
  } catch (e) {
    if (!(e instanceof MongoBulkWriteError)) throw e;
    const first = [e.writeErrors].flat()[0];
    if (!first || first.code !== 11000) throw e;
    return first.index;
  }
}

/**
 * Appends one subject's records (oldest first), each linked to the chain's head; a record whose
 * `idem` was seen is skipped. `known` is the head the turn's facts read (`null`: no chain yet);
 * undefined reads it first. A stale one costs a duplicate key and a read. Returns the records
 * appended, as stored; the caller records the new head (`headUpdate`) with the subject's summary.
 */
export async function appendChained(
  c: Collections,
  records: readonly LedgerRecord[],
  known?: ChainHead | null,
): Promise<LedgerRecord[]> {
  const subject = records[0]?.subject;
  if (subject === undefined) return [];
  const appended: LedgerRecord[] = [];
  let rest = [...records];
  let head = known === undefined ? await readHead(c, subject) : (known ?? undefined);
  for (let attempt = 0; rest.length > 0; attempt++) {
    if (attempt > MAX_RETRIES) throw new Error('the ledger chain kept moving: too many concurrent appends');
    const linked = linkAll(rest, head);
    const failed = await insertFrom(c, linked);
    appended.push(...linked.slice(0, failed));
    if (failed === undefined) break;
    const clash = rest[failed];
    rest = rest.slice(failed);
    // Either the record was appended before (its idem is taken) or another append took the seq.
    if (clash && (await c.ledger.findOne({ idem: clash.idem }, { projection: { _id: 1 } })))
      rest = rest.slice(1);
    // Another instance took the place: wait a little (jittered, growing) so that appenders racing
    // for one subject take turns instead of colliding again.
    await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
    head = await readHead(c, subject);
  }
  return appended;
}

export function mongoChains(c: Collections, run: Run): LedgerChains {
  return {
    dropChainHead: (subject) =>
      run('drop a ledger chain head', async () => {
        await c.askSummaries.updateOne({ _id: subject }, { $unset: { chainHead: '' } });
      }),
    chainSubjects: (after, limit) =>
      run('list the ledger chains', async () => {
        const match = after === undefined ? {} : { subject: { $gt: after } };
        const [fromLedger, fromHeads] = await Promise.all([
          c.ledger
            .aggregate<{ _id: string }>([
              { $match: match },
              { $group: { _id: '$subject' } },
              { $sort: { _id: 1 } },
              { $limit: limit },
            ])
            .toArray(),
          c.askSummaries
            .find(
              after === undefined
                ? { chainHead: { $exists: true } }
                : { _id: { $gt: after }, chainHead: { $exists: true } },
              { projection: { _id: 1 } },
            )
            .sort({ _id: 1 })
            .limit(limit)
            .toArray(),
        ]);
        const all = new Set([...fromLedger, ...fromHeads].map((d) => d._id));
        return [...all].sort().slice(0, limit);
      }),
    chainHead: (subject) =>
      run('read a ledger chain head', async () => {
        const doc = await c.askSummaries.findOne({ _id: subject }, { projection: { chainHead: 1 } });
        return parseHeadKey(doc?.chainHead);
      }),
  };
}

export function mongoSuppressions(c: Collections, run: Run): SuppressionStore {
  const parse = ({ _id, ...rest }: SuppressionDoc) => Suppression.parse({ ...rest, key: _id });
  return {
    get: (key) =>
      run('read a suppression', async () => {
        const doc = await c.suppressions.findOne({ _id: key });
        return doc ? parse(doc) : undefined;
      }),
    eraseHistory: (subject, s) =>
      run('erase the consent history', async () => {
        const { key, ...rest } = s;
        // What stays is written first: a failure part-way leaves the history, never a lost suppression.
        await c.suppressions.replaceOne({ _id: key }, rest, { upsert: true });
        await c.askSummaries.deleteOne({ _id: subject });
        return (await c.ledger.deleteMany({ subject })).deletedCount;
      }),
    scan: (after, limit) =>
      run('scan suppressions', async () => {
        const docs = await c.suppressions
          .find(after === undefined ? {} : { _id: { $gt: after } })
          .sort({ _id: 1 })
          .limit(limit)
          .toArray();
        return docs.map(parse);
      }),
  };
}
