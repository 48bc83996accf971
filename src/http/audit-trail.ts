/**
 * The audit trail: stamps each admin read, reveal and erasure with an id and the time and appends
 * it to the audit log store. Callers pass pseudonymous subjects and counts, never a value.
 */
import type { Clock, IdSource } from '../shared/clock.ts';
import type { AuditEntry, AuditLogStore, AuditPage, AuditQuery } from '../storage/index.ts';

export interface AuditTrail {
  /** Appends the entry now; resolves once it is durable, with the entry as stored. */
  record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<AuditEntry>;
  query(q: AuditQuery): Promise<AuditPage>;
}

export interface AuditTrailDeps {
  readonly store: AuditLogStore;
  readonly clock: Clock;
  readonly ids: IdSource;
}

export function createAuditTrail(deps: AuditTrailDeps): AuditTrail {
  return {
    async record(fields) {
      const entry: AuditEntry = { id: deps.ids(), at: deps.clock.now(), ...fields };
      await deps.store.append(entry);
      return entry;
    },
    query: (q) => deps.store.query(q),
  };
}
