/**
 * The words of the customer's access and erasure answers, in their language. The access answer
 * says, for each item held, where it came from, each purpose with its legal basis (and interest),
 * how long it is kept (a date, and the give-back criterion) and who receives it; then the refusals
 * we remember and until when, the consent record we keep, their rights and the authority they can
 * complain to, unconditionally (GDPR Art. 15(1)). The report itself is consent's
 * (consent/subject-report.ts); this module only words it. Pure.
 */
import type { AccessReport } from '../consent/index.ts';
import {
  basisText,
  formatDate,
  formatDuration,
  itemWords,
  nameIn,
  type DialogueMap,
  type Locale,
  type Texts,
} from '../map/index.ts';
import type { AskSummary } from '../storage/index.ts';

export interface AccessWords {
  readonly map: DialogueMap;
  readonly texts: Texts;
  readonly lng: Locale;
  /** The activity's locale tag (`nl-BE`) for dates. */
  readonly localeTag?: string;
}

/** "a, b and c" in the customer's language. */
export function listOf(w: AccessWords, parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} ${w.texts.t(w.lng, 'list.and')} ${parts.at(-1)}`;
}

function wordsOf(w: AccessWords) {
  const t = (key: string, vars?: Record<string, unknown>) => w.texts.t(w.lng, key, vars);
  const m = (key: string) => w.texts.t(w.lng, key, {}, 'map');
  const date = (d: Date) => formatDate(w.lng, d, w.localeTag);
  const pair = (key: string) => {
    const [item = '', purpose = ''] = key.split(':');
    return { item: itemWords(w.texts, w.lng, item), description: m(`purposes.${purpose}.description`) };
  };
  return { t, m, date, pair };
}

function itemLines(w: AccessWords, report: AccessReport, masked: (item: string) => string): string[] {
  const { t, m, date } = wordsOf(w);
  const { catalog } = w.map;
  return report.items.flatMap((i) => {
    const vars = { channel: i.source.channel, date: date(i.collectedAt) };
    const source = i.source.journey
      ? t('access.source', { ...vars, journey: m(`journeys.${i.source.journey}.title`) })
      : t('access.source-plain', vars);
    const purposes = i.purposes.map((p) => {
      const giveBack = p.giveBackAfter ?? catalog.purposes[p.purpose]?.giveBackAfter ?? '';
      const names = p.recipients.map((r) => nameIn(r.name, w.lng));
      return t('access.purpose', {
        description: m(`purposes.${p.purpose}.description`),
        basis: basisText(w.texts, w.lng, catalog, p.purpose),
        until: date(p.until),
        giveBack: formatDuration(w.texts, w.lng, giveBack),
        recipients:
          names.length > 0
            ? names.join(', ')
            : t('why.no-recipients', { controller: nameIn(report.controller.name, w.lng) }),
      });
    });
    return [
      t('access.item', { item: itemWords(w.texts, w.lng, i.item), masked: masked(i.item), source }),
      ...purposes,
    ];
  });
}

function rememberedLines(w: AccessWords, report: AccessReport): string[] {
  const { t, m, date, pair } = wordsOf(w);
  const refusals = report.refusals.map((r) =>
    t(`access.refusal-${r.event}`, { ...pair(`${r.item}:${r.purpose}`), until: date(r.until) }),
  );
  const never = report.neverAsk.map((i) => m(`items.${i}.name`));
  return [
    ...refusals,
    ...(never.length > 0 ? [t('access.never', { items: listOf(w, never) })] : []),
    ...report.objections.map((o) => t('access.objection', pair(o))),
  ];
}

/** The access answer: what is held and remembered, the record kept, the rights and the authority. */
export function accessAnswer(w: AccessWords, report: AccessReport, masked: (item: string) => string): string {
  const { t } = wordsOf(w);
  const held = [...itemLines(w, report, masked), ...rememberedLines(w, report)];
  const { authority, controller } = report;
  return [
    held.length > 0 ? t('access.intro') : t('rights.what-empty'),
    ...held,
    ...(report.ledgerKept
      ? [t('access.ledger', { retention: formatDuration(w.texts, w.lng, report.ledgerRetention) })]
      : []),
    t('access.rights', {
      authority: authority.name,
      url: authority.url,
      contact: controller.contact,
      dpo: controller.dpo,
    }),
  ].join('\n');
}

/** What erasure keeps, in words (`erasure.wishes`), or '' when it keeps none of the customer's wishes. */
export function erasureWishes(w: AccessWords, summary: Pick<AskSummary, 'neverAsk' | 'objections'>): string {
  const { t, m, pair } = wordsOf(w);
  const never = summary.neverAsk.map((i) => m(`items.${i}.name`));
  const parts = [
    ...(never.length > 0 ? [t('erasure.never', { items: listOf(w, never) })] : []),
    ...summary.objections.map((o) => t('erasure.objection', pair(o))),
  ];
  return parts.length > 0 ? t('erasure.wishes', { list: listOf(w, parts) }) : '';
}
