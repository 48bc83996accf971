/**
 * Records retention: the assistant's own records are kept no longer than the map's `records:`
 * block says (the privacy notice and the RoPA print the same values), and the audit log no longer
 * than AUDIT_RETENTION. Each sweep deletes
 *  - conversation references not saved again for `records.references` (a turn saves its
 *    customer's reference, so an active customer keeps theirs);
 *  - consent-ledger records older than `records.ledger`, per subject, except the proof of what is
 *    still in force (ledger-retention.ts): the one sanctioned delete of the append-only ledger,
 *    announced first by a chained `checkpoint` record (ledger-checkpoint.ts); a chain past its
 *    time whole goes with its head, leaving nothing;
 *  - opt-in counters of days wholly older than `records.analytics`;
 *  - audit entries older than the audit retention;
 *  - events given up on (outbox, no value left in them) longer ago than `records.ledger`: each is
 *    the trace of a ledger change its system never heard of, kept as long as the change's record.
 * Bot state (`records.state`) expires in the state-expiry sweep (channels/state-expiry.ts).
 * Runs under a lease, renewed each batch, so with several instances one sweeps at a time;
 * afterwards the store is scrubbed so the deleted records leave no copy in its files.
 * Retentions are counted in days or longer, so the server runs it once a day (`sweepIfDue`): a
 * sweep reads the ledger of every subject holding an old record, kept proofs included.
 */
import { randomUUID } from 'node:crypto';
import type { DialogueMap, Records } from '../map/index.ts';
import type { Clock } from '../shared/clock.ts';
import { subtractDuration } from '../shared/duration.ts';
import type { LedgerRecord, PrunedRun, Store } from '../storage/index.ts';
import { prunedRunsAfter } from './ledger-checkpoint.ts';
import { ledgerRecordsToKeep } from './ledger-retention.ts';
import { ledgerRecordOf } from './turn-effects.ts';

export interface RecordsRetentionDeps {
  readonly store: Pick<
    Store,
    'refs' | 'ledger' | 'items' | 'analytics' | 'audit' | 'outbox' | 'leases' | 'scrub'
  >;
  readonly map: () => DialogueMap;
  readonly clock: Clock;
  /** This instance's name for the lease. */
  readonly holder: string;
  /** How long audit entries are kept (ISO 8601 duration; default P2Y). */
  readonly auditRetention?: string;
  readonly batchSize?: number;
  /** `sweepIfDue` sweeps at most once per this many milliseconds across instances (default a day). */
  readonly everyMs?: number;
}

export interface RetentionReport {
  /** False when another instance held the lease (or lost it part way). */
  readonly ran: boolean;
  readonly references: number;
  readonly ledgerRecords: number;
  /** Subjects whose old ledger records were looked at. */
  readonly ledgerSubjects: number;
  readonly analyticsCounters: number;
  readonly auditEntries: number;
  /** Events given up on longer ago than the ledger's retention. */
  readonly givenUpEvents: number;
}

const LEASE = 'records-retention';
/** Held (never released) for `everyMs` by each run of `sweepIfDue`: the next run waits for it to lapse. */
const DUE_LEASE = 'records-retention-due';
const LEASE_MS = 5 * 60_000;
export const DEFAULT_AUDIT_RETENTION = 'P2Y';
const NONE = {
  references: 0,
  ledgerRecords: 0,
  ledgerSubjects: 0,
  analyticsCounters: 0,
  auditEntries: 0,
  givenUpEvents: 0,
};

export type RecordsRetention = ReturnType<typeof createRecordsRetention>;

/**
 * What is older than these goes. Counters are per day: a day goes once all of it is older than
 * the retention (days before the cutoff's day).
 */
export function retentionCutoffs(now: Date, records: Records, audit = DEFAULT_AUDIT_RETENTION) {
  return {
    references: subtractDuration(now, records.references),
    ledger: subtractDuration(now, records.ledger),
    analyticsDay: subtractDuration(now, records.analytics).toISOString().slice(0, 10),
    audit: subtractDuration(now, audit),
  };
}

/** Runs `batch` until it deletes fewer than `size` (or the lease is lost); returns the total. */
async function drain(size: number, hold: () => Promise<boolean>, batch: () => Promise<number>) {
  let total = 0;
  for (let n = size; n === size && (await hold()); total += n) n = await batch();
  return total;
}

export function createRecordsRetention(deps: RecordsRetentionDeps) {
  const { store, clock } = deps;
  const size = deps.batchSize ?? 500;
  const hold = () => {
    const now = clock.now();
    return store.leases.acquire(LEASE, deps.holder, now, new Date(now.getTime() + LEASE_MS));
  };

  const checkpointRecord = (subject: string, pruned: PrunedRun[]): LedgerRecord => {
    const id = randomUUID();
    const where = { subject, channel: 'system', locale: '' };
    const at = { map: deps.map(), now: clock.now(), id: () => id };
    const r = ledgerRecordOf(at, where, {
      event: 'checkpoint',
      item: '*',
      purpose: '*',
      journey: '',
      step: '',
    });
    return { ...r, pruned };
  };

  /** Deletes each old ledger record of each subject that has one, keeping the proof still in force. */
  async function sweepLedger(before: Date): Promise<{ records: number; subjects: number }> {
    let records = 0;
    let subjects = 0;
    let after: string | undefined;
    while (await hold()) {
      const page = await store.ledger.subjectsBefore(before, after, size);
      for (const subject of page) {
        const [ledger, held] = await Promise.all([
          store.ledger.forSubject(subject),
          store.items.forSubject(subject),
        ]);
        const keep = new Set(ledgerRecordsToKeep(ledger, held));
        const old = ledger.filter((r) => r.at < before);
        const going = new Set(old.filter((r) => !keep.has(r.id)).map((r) => r.id));
        if (going.size === ledger.length) {
          // The whole chain is past its time: it goes with its head, and nothing stays behind.
          records += await store.ledger.deleteBefore(subject, before, []);
          await store.ledger.dropChainHead(subject);
        } else if (going.size > 0) {
          // The chain stays verifiable: a checkpoint declares what goes before it goes.
          const pruned = prunedRunsAfter(ledger, going);
          if (pruned) await store.ledger.append(checkpointRecord(subject, pruned));
          records += await store.ledger.deleteBefore(
            subject,
            before,
            old.filter((r) => keep.has(r.id)).map((r) => r.id),
          );
        }
        subjects += 1;
      }
      if (page.length < size) break;
      after = page.at(-1);
    }
    return { records, subjects };
  }

  /** One sweep of every record kind; each kind's cutoff counted back from now. */
  async function sweep(): Promise<RetentionReport> {
    if (!(await hold())) return { ran: false, ...NONE };
    try {
      const cut = retentionCutoffs(clock.now(), deps.map().catalog.records, deps.auditRetention);
      const references = await drain(size, hold, () => store.refs.deleteWrittenBefore(cut.references, size));
      const ledger = await sweepLedger(cut.ledger);
      const analyticsCounters = await store.analytics.deleteDaysBefore(cut.analyticsDay);
      const auditEntries = await drain(size, hold, () => store.audit.deleteBefore(cut.audit, size));
      const givenUpEvents = await drain(size, hold, () => store.outbox.deleteFailedBefore(cut.ledger, size));
      const report = {
        ran: true,
        references,
        ledgerRecords: ledger.records,
        ledgerSubjects: ledger.subjects,
        analyticsCounters,
        auditEntries,
        givenUpEvents,
      };
      if (references + ledger.records + analyticsCounters + auditEntries + givenUpEvents > 0)
        await store.scrub();
      return report;
    } finally {
      await store.leases.release(LEASE, deps.holder);
    }
  }

  /**
   * Sweeps when no instance has started a `sweepIfDue` sweep in the last `everyMs`; otherwise
   * reports `ran: false` and does nothing.
   */
  async function sweepIfDue(): Promise<RetentionReport> {
    const now = clock.now();
    const until = new Date(now.getTime() + (deps.everyMs ?? 86_400_000));
    // A holder name of its own per run: the lease is free again only once it has lapsed.
    if (!(await store.leases.acquire(DUE_LEASE, `${deps.holder}@${randomUUID()}`, now, until)))
      return { ran: false, ...NONE };
    return sweep();
  }

  return { sweep, sweepIfDue };
}
