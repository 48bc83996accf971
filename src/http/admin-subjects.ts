/**
 * The DPO's subject routes (role dpo), each recorded in the audit log under the pseudonymous
 * subject, never the channel user id from the path:
 * - `GET  /admin/api/subjects/:channelId/:userId`: held items (values masked), grants, ledger;
 * - `POST /admin/api/subjects/:channelId/:userId/reveal` `{ "reason": "access request #123" }`:
 *   the same with values in clear, to answer an access request; no reason, no reveal (400);
 * - `DELETE /admin/api/subjects/:channelId/:userId`: erases everything held (Art. 17).
 * Reads are recorded before the data leaves, so a store that cannot record refuses the read.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { actorOf, requireRole } from './admin-actor.ts';
import type { AuditTrail } from './audit-trail.ts';
import type { Role } from './auth.ts';
import { sendIssues } from './bad-request.ts';

/** What the DPO sees of a subject; `items[].value` is masked unless revealed. */
export interface SubjectReport {
  readonly subject: string;
  readonly items: readonly unknown[];
  readonly ledger: readonly unknown[];
}

export interface SubjectRoutesDeps {
  readonly tokens: ReadonlyMap<string, Role>;
  readonly audit: AuditTrail;
  /** The pseudonymous subject id of a channel user. */
  readonly subjectOf: (channelId: string, userId: string) => string;
  readonly subjectReport: (
    channelId: string,
    userId: string,
    opts: { readonly reveal: boolean },
  ) => Promise<SubjectReport>;
  /** Erases everything held for a channel user (Art. 17); resolves to how many items went. */
  readonly eraseSubject: (channelId: string, userId: string) => Promise<number>;
}

const Params = z.object({
  channelId: z.string().min(1).max(256),
  userId: z.string().min(1).max(1024),
});

/** An e-mail address, or nine or more digits with separators (a phone or account number). */
const PERSONAL = /[^\s@]+@[^\s@]+\.[^\s@]+|\d(?:[\s().+/-]*\d){8,}/;

export const RevealBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(3, 'say why, e.g. "access request #123"')
    .max(200)
    .refine(
      (s) => !PERSONAL.test(s),
      'cite the request, not personal data (no e-mail addresses or long numbers)',
    ),
});

const PATH = '/admin/api/subjects/:channelId/:userId';

export function mountSubjects(deps: SubjectRoutesDeps): (server: Server) => void {
  const dpo = requireRole(deps.tokens, ['dpo']);

  /** The path's channel and user, and the subject they name; answers 400 itself when malformed. */
  function target(req: Request, res: Response) {
    const p = Params.safeParse(req.params);
    if (!p.success) {
      sendIssues(res, 'invalid subject path', p.error.issues);
      return undefined;
    }
    const { channelId, userId } = p.data;
    return { channelId, userId, subject: deps.subjectOf(channelId, userId) };
  }

  return (server) => {
    server.get(PATH, dpo, async (req: Request, res: Response) => {
      const t = target(req, res);
      if (!t) return;
      await deps.audit.record({
        actor: actorOf(req),
        action: 'subject.read',
        subject: t.subject,
        channel: t.channelId,
      });
      res.header('Cache-Control', 'no-store');
      res.send(200, await deps.subjectReport(t.channelId, t.userId, { reveal: false }));
    });

    server.post(`${PATH}/reveal`, dpo, async (req: Request, res: Response) => {
      const t = target(req, res);
      if (!t) return;
      const body = RevealBody.safeParse(req.body ?? {});
      if (!body.success) return sendIssues(res, 'a reveal needs a reason', body.error.issues);
      const entry = await deps.audit.record({
        actor: actorOf(req),
        action: 'subject.reveal',
        subject: t.subject,
        channel: t.channelId,
        reason: body.data.reason,
      });
      const report = await deps.subjectReport(t.channelId, t.userId, { reveal: true });
      res.header('Cache-Control', 'no-store');
      res.send(200, { ...report, revealed: { audit: entry.id, at: entry.at, reason: entry.reason } });
    });

    server.del(PATH, dpo, async (req: Request, res: Response) => {
      const t = target(req, res);
      if (!t) return;
      const erased = await deps.eraseSubject(t.channelId, t.userId);
      await deps.audit.record({
        actor: actorOf(req),
        action: 'subject.erase',
        subject: t.subject,
        channel: t.channelId,
        detail: { items: erased },
      });
      res.send(200, { erased });
    });
  };
}
