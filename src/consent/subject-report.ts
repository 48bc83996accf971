/**
 * What we hold about a subject, as GDPR Art. 15(1) lists it: for each item held its purposes,
 * legal basis (and the interest, on legitimate interests), recipients, how long it is kept (a
 * date, and the give-back criterion), where it came from; the refusals we remember and until
 * when; the consent ledger kept about them; the rights they have and the authority they can
 * complain to. One report serves the customer's "what do you know about me?" in chat (worded
 * by journey/rights-dialog.ts), their portable copy and the DPO's view (`createSubjectReport`).
 * `accessReportOf` is pure; it holds no value (the callers add a masked or revealed one).
 */
import { recipientsOf, type DialogueMap, type LocalName } from '../map/index.ts';
import { addDuration } from '../shared/duration.ts';
import { grantDueAt, type AskSummary, type HeldItem, type LedgerRecord } from '../storage/index.ts';
import type { ConsentService } from './consent-service.ts';
import { maskValue } from './mask.ts';

/** A provider that receives a purpose's data, as the catalog declares it. */
export interface AccessRecipient {
  readonly id: string;
  /** One name, or one per language (`nameIn` picks the customer's). */
  readonly name: LocalName;
  readonly role: string;
  readonly service: string;
  readonly country: string;
}

export interface AccessPurpose {
  readonly purpose: string;
  readonly use: string;
  readonly basis: string;
  /** With legitimate interests: the i18n key (map namespace) of the interest pursued. */
  readonly interest?: string;
  readonly since: Date;
  /** Kept until then at the latest (the purpose's retention from the grant). */
  readonly until: Date;
  /** The give-back criterion: deleted once unused this long (ISO 8601), and when that falls now. */
  readonly giveBackAfter?: string;
  readonly dueAt: Date;
  readonly lastUsedAt: Date | null;
  readonly recipients: readonly AccessRecipient[];
}

export interface AccessItem {
  readonly item: string;
  readonly category: string;
  /** The source: the customer, in this chat (channel, journey, step, language). */
  readonly source: { readonly channel: string; readonly journey: string; readonly step: string };
  readonly collectedAt: Date;
  readonly purposes: readonly AccessPurpose[];
}

/** A remembered "no thanks" / "ask me later": not asked again before `until`. */
export interface AccessRefusal {
  readonly item: string;
  readonly purpose: string;
  readonly event: 'declined' | 'deferred';
  readonly at: Date;
  readonly until: Date;
}

export interface AccessReport {
  readonly controller: {
    readonly name: LocalName;
    readonly address: string;
    readonly contact: string;
    readonly dpo: string;
  };
  /** Where to complain (Art. 77): unconditional, whether or not the customer wrote to us first. */
  readonly authority: { readonly name: string; readonly url: string };
  readonly items: readonly AccessItem[];
  readonly refusals: readonly AccessRefusal[];
  /** Items the customer asked never to be asked for (until they say otherwise). */
  readonly neverAsk: readonly string[];
  /** `item:purpose` pairs the customer objected to (Art. 21). */
  readonly objections: readonly string[];
  /** How long each consent-ledger record is kept (ISO 8601): what we asked and what they answered. */
  readonly ledgerRetention: string;
  /** Whether the subject has records in the consent ledger (none after "forget me"). */
  readonly ledgerKept: boolean;
  /** The rights the customer has over it (Art. 15–22) and can exercise in this chat. */
  readonly rights: readonly string[];
}

export const DATA_SUBJECT_RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'withdraw-consent',
] as const;

/** A purpose's recipients: the providers, and the business's own systems that receive it (Art. 15(1)(c)). */
function recipients(map: DialogueMap, purpose: string): AccessRecipient[] {
  const { providers, systems } = map.catalog;
  return recipientsOf(map.catalog, purpose).flatMap((id) => {
    const p = providers[id];
    if (p) return [{ id, name: p.name, role: p.role, service: p.service, country: p.country }];
    const s = systems[id];
    return s ? [{ id, name: s.name, role: s.role, service: 'system', country: '' }] : [];
  });
}

function itemOf(map: DialogueMap, h: HeldItem): AccessItem {
  const { catalog } = map;
  return {
    item: h.item,
    category: catalog.items[h.item]?.category ?? '',
    source: { channel: h.collected.channel, journey: h.collected.journey, step: h.collected.step },
    collectedAt: h.collectedAt,
    purposes: h.grants.map((g) => {
      const p = catalog.purposes[g.purpose];
      return {
        purpose: g.purpose,
        use: p?.use ?? '',
        basis: g.basis,
        ...(p?.basis === 'legitimate_interests' && p.interest ? { interest: p.interest } : {}),
        since: g.grantedAt,
        until: g.expiresAt,
        ...(g.giveBackAfter ? { giveBackAfter: g.giveBackAfter } : {}),
        dueAt: grantDueAt(g),
        lastUsedAt: g.lastUsedAt,
        recipients: recipients(map, g.purpose),
      };
    }),
  };
}

/** The refusals still in force at `now`, each with the day it lapses. */
function refusalsOf(map: DialogueMap, summary: AskSummary, now: Date): AccessRefusal[] {
  // An objection kept through an erasure is honoured as a refusal; it is reported as the objection.
  const objected = new Set(summary.objections);
  return Object.entries(summary.refusals).flatMap(([key, r]) => {
    if (objected.has(key)) return [];
    const [item = '', purpose = ''] = key.split(':');
    const p = map.catalog.purposes[purpose];
    const until = addDuration(
      r.at,
      r.event === 'declined' ? (p?.askAgainAfter ?? 'P90D') : (p?.askLaterAfter ?? 'P7D'),
    );
    return until > now ? [{ item, purpose, event: r.event, at: r.at, until }] : [];
  });
}

/** The Art. 15 report of what is held (items as the turn sees them) and remembered. Pure. */
export function accessReportOf(
  map: DialogueMap,
  held: readonly HeldItem[],
  summary: AskSummary,
  now: Date,
): AccessReport {
  const { controller, records } = map.catalog;
  return {
    controller: {
      name: controller.name,
      address: controller.address,
      contact: controller.contact,
      dpo: controller.dpo,
    },
    authority: controller.authority,
    items: held.map((h) => itemOf(map, h)),
    refusals: refusalsOf(map, summary, now),
    neverAsk: [...summary.neverAsk],
    objections: [...summary.objections],
    ledgerRetention: records.ledger,
    // Every record starts with an ask (or a value given); a suppression after erasure has neither.
    ledgerKept: held.length > 0 || Object.keys(summary.asked).length > 0,
    rights: DATA_SUBJECT_RIGHTS,
  };
}

/** What the DPO sees of a subject: items (value masked unless revealed), the Art. 15 report, the ledger. */
export interface SubjectReport {
  readonly subject: string;
  readonly items: readonly {
    readonly item: string;
    readonly value: string;
    readonly collectedAt: Date;
    readonly collected: HeldItem['collected'];
    readonly grants: HeldItem['grants'];
  }[];
  readonly access: AccessReport;
  readonly ledger: readonly LedgerRecord[];
}

export interface SubjectReportDeps {
  readonly consent: ConsentService;
  readonly map: () => DialogueMap;
  readonly now: () => Date;
  readonly subjectOf: (channelId: string, userId: string) => string;
}

/**
 * The DPO's view of a subject. Values are masked, as a screen shows them, unless revealed to
 * answer an access request (the HTTP route records every reveal in the audit log first).
 */
export function createSubjectReport(deps: SubjectReportDeps) {
  return async (channelId: string, userId: string, opts: { reveal: boolean }): Promise<SubjectReport> => {
    const { consent, map } = deps;
    const s = deps.subjectOf(channelId, userId);
    const facts = await consent.facts(s);
    return {
      subject: s,
      items: facts.held.map((h) => {
        const value = consent.reveal(h);
        return {
          item: h.item,
          value: opts.reveal ? value : maskValue(map().catalog.items[h.item]?.type ?? 'text', value),
          collectedAt: h.collectedAt,
          collected: h.collected,
          grants: h.grants,
        };
      }),
      access: accessReportOf(map(), facts.held, facts.summary, deps.now()),
      ledger: await consent.ledger(s),
    };
  };
}
