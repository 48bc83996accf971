/**
 * The record of processing activities (GDPR Art. 30(1) a–g) in one language, from the same map
 * the bot runs: one activity per purpose and one per record the assistant keeps by itself, each
 * with controller and DPO (a), purpose, basis, interest and balancing (b), data subjects, data
 * and identifiers (c), recipients and processors (d), declared transfers (e), retention per store
 * (f) and the security measures (g). As JSON or CSV (RFC 4180), labels in the chosen language.
 */
import { formatDuration } from './format-duration.ts';
import { BASIS_POINT, countryName, noticeText } from './notice.ts';
import { OWN_ACTIVITIES, ownRetention, recordDurations, type OwnActivity } from './own-processing.ts';
import type { Catalog, LegalBasis } from './schema.ts';
import { isSpecialItem } from './special-categories.ts';
import type { Locale, Texts } from './texts.ts';
import { itemsOfPurpose, purposesOf, sitesOfPurpose, type MapContent } from './uses.ts';
import { nameIn } from './local-name.ts';
import { chatProviders, recipientName, recipientsOf } from './wording.ts';

/** Art. 30(1)(g): the measures every justask deployment applies, as `ropa.security.*` texts. */
export const SECURITY_MEASURES: readonly string[] = [
  'encryption',
  'pseudonymisation',
  'ledger',
  'give-back',
  'access',
  'audit',
];

type Purpose = ReturnType<typeof purposesOf>[number];

function recipientsIn(catalog: Catalog, texts: Texts, lng: Locale, ids: string[]) {
  const n = noticeText(texts, lng);
  return ids.flatMap((id) => {
    const p = catalog.providers[id];
    const s = catalog.systems[id];
    if (!p && s)
      return [
        {
          id,
          name: nameIn(s.name, lng),
          role: n(`role.${s.role}`),
          service: n('systems.service'),
          country: '',
          processor: s.role === 'processor',
        },
      ];
    if (!p) return [];
    return [
      {
        id,
        name: nameIn(p.name, lng),
        role: n(`role.${p.role}`),
        service: n(`service.${p.service}`),
        country: countryName(lng, p.country),
        processor: p.role === 'processor',
      },
    ];
  });
}

function transfersIn(catalog: Catalog, texts: Texts, lng: Locale, ids: string[]): string[] {
  const n = noticeText(texts, lng);
  const all = ids.flatMap((id) =>
    (catalog.providers[id]?.transfers ?? []).map((t) =>
      n('ropa.transfer', {
        provider: recipientName(catalog, id, lng),
        country: countryName(lng, t.country),
        safeguard: n(`safeguard.${t.safeguard}`),
        reference: t.reference ? n('value.reference', { reference: t.reference }) : '',
      }),
    ),
  );
  return [...new Set(all)];
}

/** What every activity shares: controller-side facts in `lng`. */
function common(
  catalog: Catalog,
  texts: Texts,
  lng: Locale,
  basis: LegalBasis,
  extra: string,
  ids: string[],
) {
  const n = noticeText(texts, lng);
  return {
    basis,
    article: `${n('law')} ${n('value.article', { point: BASIS_POINT[basis] })}${extra}`,
    dataSubjects: [n('ropa.subjects')],
    identifiers: [n('ropa.identifier')],
    recipients: recipientsIn(catalog, texts, lng, ids),
    transfers: transfersIn(catalog, texts, lng, ids),
    security: SECURITY_MEASURES.map((s) => n(`ropa.security.${s}`)),
  };
}

function purposeActivity(content: MapContent, texts: Texts, lng: Locale, p: Purpose) {
  const n = noticeText(texts, lng);
  const m = (key: string) => texts.t(lng, key, {}, 'map');
  const { catalog } = content;
  const data = itemsOfPurpose(content, p.id).map((id) => {
    const item = catalog.items[id];
    return {
      item: id,
      name: m(`items.${id}.name`),
      category: item?.category ?? '',
      special: item ? isSpecialItem(item) : false,
    };
  });
  const special = data.some((d) => d.special);
  const d = (iso: string) => formatDuration(texts, lng, iso);
  const sites = sitesOfPurpose(content, p.id);
  return {
    id: p.id,
    name: m(`purposes.${p.id}.reason`),
    purpose: m(`purposes.${p.id}.description`),
    use: p.use,
    department: nameIn(p.department, lng),
    ...common(
      catalog,
      texts,
      lng,
      p.basis,
      special ? n('value.article-special') : '',
      recipientsOf(catalog, p.id),
    ),
    interest: p.interest ? m(p.interest) : '',
    balancing: p.balancing ? nameIn(p.balancing, lng) : '',
    dataCategories: data,
    specialCategories: special,
    retention: n('ropa.retention', { retention: d(p.retention), giveBack: d(p.giveBackAfter) }),
    collectedIn: [
      ...new Set(
        sites.map((s) =>
          n('value.asked', {
            journey: m(`journeys.${s.journey.id}.title`),
            step: m(`journeys.${s.journey.id}.steps.${s.step}`),
          }),
        ),
      ),
    ],
  };
}

function ownActivity(catalog: Catalog, texts: Texts, lng: Locale, a: OwnActivity) {
  const n = noticeText(texts, lng);
  const k = `own.${a.id}`;
  const retention = ownRetention(catalog, texts, lng, a);
  return {
    id: `assistant-${a.id}`,
    name: n(`${k}.heading`),
    purpose: n(`${k}.purpose`),
    use: 'essential.service.operations',
    department: n('ropa.own-department'),
    ...common(catalog, texts, lng, a.basis, a.also ? n(a.also) : '', chatProviders(catalog)),
    interest: a.basis === 'legitimate_interests' ? n(`${k}.interest`) : '',
    balancing: a.basis === 'legitimate_interests' ? n(`${k}.balancing`) : '',
    dataCategories: [{ item: a.id, name: n(`${k}.data`), category: a.categories.join(', '), special: false }],
    specialCategories: false,
    retention,
    collectedIn: [n('ropa.every-chat')],
  };
}

/** How long each store keeps what it holds, in `lng`. */
function stores(catalog: Catalog, texts: Texts, lng: Locale) {
  const n = noticeText(texts, lng);
  const vars = recordDurations(catalog, texts, lng);
  return [
    ...['items', 'ledger', 'state', 'references', 'counters'].map((store) => ({
      store: n(`ropa.store.${store}.name`),
      retention: n(`ropa.store.${store}.retention`, vars),
    })),
    // What "forget me" keeps (consent/suppression.ts).
    { store: n('erasure.store-name'), retention: n('erasure.store-retention') },
  ];
}

/** The record as data, in `lng` (English by default). */
export function buildRopa(content: MapContent, texts: Texts, noticeVersion: string, lng: Locale = 'en') {
  const { catalog } = content;
  const { address, contact, dpo } = catalog.controller;
  const name = nameIn(catalog.controller.name, lng);
  return {
    article: `${noticeText(texts, lng)('law')} Art. 30(1)`,
    locale: lng,
    controller: { name, address, contact, dpo },
    noticeVersion,
    stores: stores(catalog, texts, lng),
    activities: [
      ...purposesOf(catalog).map((p) => purposeActivity(content, texts, lng, p)),
      ...OWN_ACTIVITIES.map((a) => ownActivity(catalog, texts, lng, a)),
    ],
  };
}

export type Ropa = ReturnType<typeof buildRopa>;
export type RopaActivity = Ropa['activities'][number];

export const ropaJson = (ropa: Ropa): string => JSON.stringify(ropa, null, 2) + '\n';

const recipientLine = (r: RopaActivity['recipients'][number]) =>
  `${r.name} (${[r.role, r.service, r.country].filter(Boolean).join('; ')})`;

type Labels = Record<'yes' | 'no' | 'none', string>;

const COLUMNS: readonly [string, (a: RopaActivity, r: Ropa & { labels: Labels }) => string][] = [
  ['activity', (a) => a.id],
  ['name', (a) => a.name],
  ['controller', (_a, r) => `${r.controller.name}, ${r.controller.address}`],
  ['contact', (_a, r) => r.controller.contact],
  ['dpo', (_a, r) => r.controller.dpo],
  ['purpose', (a) => a.purpose],
  ['use', (a) => a.use],
  ['basis', (a) => a.article],
  ['interest', (a) => a.interest],
  ['balancing', (a) => a.balancing],
  ['department', (a) => a.department],
  ['subjects', (a) => a.dataSubjects.join('; ')],
  ['data', (a) => a.dataCategories.map((d) => `${d.name} (${d.category})`).join('; ')],
  ['identifiers', (a) => a.identifiers.join('; ')],
  ['special', (a, r) => r.labels[a.specialCategories ? 'yes' : 'no']],
  ['recipients', (a) => a.recipients.map(recipientLine).join('; ')],
  [
    'processors',
    (a) =>
      a.recipients
        .filter((x) => x.processor)
        .map(recipientLine)
        .join('; '),
  ],
  ['transfers', (a, r) => (a.transfers.length > 0 ? a.transfers.join('; ') : r.labels.none)],
  ['retention', (a) => a.retention],
  ['security', (a) => a.security.join('; ')],
  ['collected', (a) => a.collectedIn.join('; ')],
];

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The record as CSV in `lng`: a header row, then one row per activity, CRLF line ends (RFC 4180). */
export function ropaCsv(ropa: Ropa, texts: Texts): string {
  const n = noticeText(texts, ropa.locale);
  const labels = { yes: n('ropa.yes'), no: n('ropa.no'), none: n('value.no-transfers') };
  const withLabels = { ...ropa, labels };
  const rows = [
    COLUMNS.map(([h]) => n(`ropa.column.${h}`)),
    ...ropa.activities.map((a) => COLUMNS.map(([, get]) => get(a, withLabels))),
  ];
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
