/**
 * The audit log's records: who read or erased what, when and why. An entry names a subject only
 * by its pseudonymous id and never holds a customer's value or raw channel user id.
 * Entries are read newest first; a cursor continues a page after its last entry.
 */
import { z } from 'zod';

/** What was done: reads of admin data, the reveal of a subject's values, an erasure. */
export const AuditAction = z.enum([
  'subject.read',
  'subject.reveal',
  'subject.erase',
  'optins.read',
  'map.read',
  'audit.read',
]);

export const AuditEntry = z.object({
  id: z.string(),
  at: z.coerce.date(),
  /** `<role>:<token fingerprint>` for an admin token (e.g. `dpo:3f9a1c2e`), `customer` for self-service. */
  actor: z.string(),
  action: AuditAction,
  /** The pseudonymous subject the action concerned. */
  subject: z.string().optional(),
  channel: z.string().optional(),
  /** Why, as the admin gave it (required for a reveal). */
  reason: z.string().optional(),
  /** Counts and route names, never a value. */
  detail: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const MAX_AUDIT_PAGE = 1000;

export interface AuditQuery {
  /** Entries at or after this instant. */
  readonly from?: Date;
  /** Entries before this instant (exclusive). */
  readonly to?: Date;
  readonly actor?: string;
  readonly action?: AuditAction;
  /** At most this many entries (1..MAX_AUDIT_PAGE). */
  readonly limit: number;
  /** `next` of the previous page. */
  readonly cursor?: string;
}

export interface AuditPage {
  /** Newest first; entries at the same instant in descending id order. */
  readonly entries: AuditEntry[];
  /** Continues after the last entry; absent on the last page. */
  readonly next?: string;
}

/** A position in the (at, id) descending order. */
export interface AuditPosition {
  readonly at: number;
  readonly id: string;
}

/** The opaque cursor after `entry`. */
export function auditCursor(entry: Pick<AuditEntry, 'at' | 'id'>): string {
  return Buffer.from(JSON.stringify([entry.at.getTime(), entry.id])).toString('base64url');
}

/** Reads a cursor back; undefined when it is not one this module made. */
export function auditPosition(cursor: string): AuditPosition | undefined {
  try {
    const parsed = z
      .tuple([z.number().int(), z.string()])
      .safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { at: parsed.data[0], id: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}

/** The position a query's cursor names; a cursor that is not one is a bug of the caller. */
export function cursorPosition(q: AuditQuery): AuditPosition | undefined {
  if (q.cursor === undefined) return undefined;
  const p = auditPosition(q.cursor);
  if (!p) throw new RangeError('not an audit log cursor');
  return p;
}

/** A page of `limit` from `rows` (read with one extra row to know whether more follow). */
export function auditPage(rows: AuditEntry[], limit: number): AuditPage {
  const entries = rows.slice(0, limit);
  const last = entries.at(-1);
  return rows.length > limit && last ? { entries, next: auditCursor(last) } : { entries };
}

export type AuditAction = z.infer<typeof AuditAction>;
export type AuditEntry = z.infer<typeof AuditEntry>;
