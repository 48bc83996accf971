/**
 * The DPO's view of a subject: held items with their grants and the consent ledger. Values are
 * masked, as a screen shows them, unless revealed to answer an access request (the HTTP route
 * records every reveal in the audit log before it calls this).
 */
import { maskValue, type ConsentService } from '../consent/index.ts';
import type { SubjectReport } from '../http/admin-subjects.ts';
import type { DialogueMap } from '../map/index.ts';

export interface SubjectReportDeps {
  readonly consent: ConsentService;
  readonly map: () => DialogueMap;
  readonly subjectOf: (channelId: string, userId: string) => string;
}

export function createSubjectReport(deps: SubjectReportDeps) {
  return async (channelId: string, userId: string, opts: { reveal: boolean }): Promise<SubjectReport> => {
    const { consent, map } = deps;
    const s = deps.subjectOf(channelId, userId);
    const items = await consent.held(s);
    return {
      subject: s,
      items: items.map((h) => {
        const value = consent.reveal(h);
        return {
          item: h.item,
          value: opts.reveal ? value : maskValue(map().catalog.items[h.item]?.type ?? 'text', value),
          collectedAt: h.collectedAt,
          collected: h.collected,
          grants: h.grants,
        };
      }),
      ledger: await consent.ledger(s),
    };
  };
}
