/**
 * Records a customer's own "forget me" in the audit log (actor `customer`, the pseudonymous
 * subject, how many items went). The erasure has happened by then: a failure to record it is
 * logged, not shown to the customer as if nothing had been erased.
 */
import type { Logger } from 'pino';
import type { Rights } from '../consent/index.ts';
import type { AuditTrail } from '../http/audit-trail.ts';
import { loggableError } from '../shared/redact.ts';

export function auditCustomerErasures(audit: AuditTrail, log: Logger): (rights: Rights) => Rights {
  return (rights) => ({
    ...rights,
    async eraseSubject(ctx) {
      const items = await rights.eraseSubject(ctx);
      await audit
        .record({
          actor: 'customer',
          action: 'subject.erase',
          subject: ctx.subject,
          channel: ctx.channel,
          detail: { items },
        })
        .catch((e: unknown) =>
          log.error(
            { err: loggableError(e, [ctx.subject]), subject: ctx.subject },
            'audit of an erasure failed',
          ),
        );
      return items;
    },
  });
}
