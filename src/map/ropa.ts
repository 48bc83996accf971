/**
 * The record of processing activities (GDPR Art. 30(1) a–g), one activity per purpose, from the
 * same dialogue map the bot runs: controller and DPO (a), purposes (b), data subjects and data
 * categories (c), recipients (d), third-country transfers (e), time limits for erasure (f) and
 * the security measures justask applies (g). As JSON or CSV (RFC 4180).
 */
import { formatDuration } from './format-duration.ts';
import { BASIS_POINT } from './notice.ts';
import { isSpecialItem } from './special-categories.ts';
import type { Locale, Texts } from './texts.ts';
import { itemsOfPurpose, purposesOf, sitesOfPurpose, type MapContent } from './uses.ts';

/** Art. 30(1)(g): the technical and organisational measures every justask deployment applies. */
export const SECURITY_MEASURES: readonly string[] = [
  'values encrypted at rest (AES-256-GCM, keys rotate)',
  'pseudonymous customer ids (HMAC-SHA-256 of channel and user id)',
  'append-only consent ledger that never holds a value',
  'deleted at the end of retention, or sooner when unused (give-back), and the customer is told',
  'admin access by role (marketers see aggregates only)',
];

export const DATA_SUBJECTS = 'customers who use the chat assistant';

function activity(content: MapContent, texts: Texts, lng: Locale, p: ReturnType<typeof purposesOf>[number]) {
  const items = itemsOfPurpose(content, p.id).map((id) => {
    const item = content.catalog.items[id];
    return {
      item: id,
      name: texts.t(lng, `items.${id}.name`, {}, 'map'),
      category: item?.category ?? '',
      special: item ? isSpecialItem(item) : false,
    };
  });
  const special = items.some((i) => i.special);
  const article = `GDPR Art. 6(1)(${BASIS_POINT[p.basis]})${special ? ' and Art. 9(2)(a)' : ''}`;
  const days = (iso: string) => formatDuration(texts, lng, iso);
  return {
    id: p.id,
    purpose: texts.t(lng, `purposes.${p.id}.description`, {}, 'map'),
    use: p.use,
    department: p.department,
    basis: p.basis,
    article,
    dataSubjects: [DATA_SUBJECTS],
    dataCategories: items,
    specialCategories: special,
    recipients: p.recipients,
    transfers: p.transfers,
    retention: p.retention,
    giveBackAfter: p.giveBackAfter,
    erasure: `at most ${days(p.retention)} after collection; ${days(p.giveBackAfter)} after last use`,
    security: SECURITY_MEASURES,
    collectedIn: [...new Set(sitesOfPurpose(content, p.id).map((s) => `${s.journey.id}/${s.step}`))],
  };
}

export type RopaActivity = ReturnType<typeof activity>;

/** The record as data; texts (purpose descriptions, durations) in `lng`, English by default. */
export function buildRopa(content: MapContent, texts: Texts, noticeVersion: string, lng: Locale = 'en') {
  const { name, contact, dpo } = content.catalog.controller;
  return {
    article: 'GDPR Art. 30(1)',
    controller: { name, contact, dpo },
    noticeVersion,
    activities: purposesOf(content.catalog).map((p) => activity(content, texts, lng, p)),
  };
}

export type Ropa = ReturnType<typeof buildRopa>;

export const ropaJson = (ropa: Ropa): string => JSON.stringify(ropa, null, 2) + '\n';

const COLUMNS: readonly [string, (a: RopaActivity, r: Ropa) => string][] = [
  ['Activity', (a) => a.id],
  ['(a) Controller', (_a, r) => r.controller.name],
  ['(a) Contact', (_a, r) => r.controller.contact],
  ['(a) Data protection officer', (_a, r) => r.controller.dpo],
  ['(b) Purpose', (a) => a.purpose],
  ['(b) Data use', (a) => a.use],
  ['(b) Legal basis', (a) => `${a.basis} (${a.article})`],
  ['Department', (a) => a.department],
  ['(c) Data subjects', (a) => a.dataSubjects.join('; ')],
  ['(c) Personal data', (a) => a.dataCategories.map((d) => `${d.item} (${d.category})`).join('; ')],
  ['(c) Special categories', (a) => (a.specialCategories ? 'yes' : 'no')],
  [
    '(d) Recipients',
    (a, r) => (a.recipients.length > 0 ? a.recipients.join('; ') : `none outside ${r.controller.name}`),
  ],
  ['(e) Transfers to third countries', (a) => (a.transfers.length > 0 ? a.transfers.join('; ') : 'none')],
  ['(f) Retention', (a) => `${a.retention}; given back after ${a.giveBackAfter} unused`],
  ['(f) Time limits for erasure', (a) => a.erasure],
  ['(g) Security measures', (a) => a.security.join('; ')],
  ['Collected in', (a) => a.collectedIn.join('; ')],
];

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The record as CSV: a header row, then one row per activity, CRLF line ends (RFC 4180). */
export function ropaCsv(ropa: Ropa): string {
  const rows = [
    COLUMNS.map(([h]) => h),
    ...ropa.activities.map((a) => COLUMNS.map(([, get]) => get(a, ropa))),
  ];
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
