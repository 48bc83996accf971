/**
 * The privacy notice (GDPR Art. 13), generated from the dialogue map and the `notice` texts of
 * one locale: controller and DPO, each purpose with its data, basis, retention, recipients and
 * where it is asked, the customer's rights and how to use them in the chat, and the right to
 * complain. Its version is a hash of its content in every shipped locale.
 */
import { createHash } from 'node:crypto';
import { escapeHtml, htmlDocument, toHtmlBody, toMarkdown, type Block } from './document.ts';
import { formatDuration } from './format-duration.ts';
import type { LegalBasis } from './schema.ts';
import { isSpecialItem } from './special-categories.ts';
import { SHIPPED_LOCALES, type Locale, type Texts } from './texts.ts';
import { itemsOfPurpose, purposesOf, sitesOfPurpose, type MapContent } from './uses.ts';

/** The point of GDPR Art. 6(1) each legal basis rests on. */
export const BASIS_POINT: Record<LegalBasis, string> = {
  consent: 'a',
  contract: 'b',
  legal_obligation: 'c',
  vital_interests: 'd',
  public_task: 'e',
  legitimate_interests: 'f',
};

type Purpose = ReturnType<typeof purposesOf>[number];

/** A notice text in `lng`, with the law's name and the decline button's words at hand. */
const noticeText =
  (texts: Texts, lng: Locale) =>
  (key: string, vars: Record<string, unknown> = {}): string =>
    texts.t(
      lng,
      key,
      { law: texts.t(lng, 'law', {}, 'notice'), decline: texts.t(lng, 'buttons.decline'), ...vars },
      'notice',
    );

function purposeBlocks(content: MapContent, texts: Texts, lng: Locale, p: Purpose): Block[] {
  const n = noticeText(texts, lng);
  const m = (key: string) => texts.t(lng, key, {}, 'map');
  const { controller, items } = content.catalog;
  const data = itemsOfPurpose(content, p.id).map((id) => {
    const name = m(`items.${id}.name`);
    const item = items[id];
    return item && isSpecialItem(item) ? n('value.special', { item: name }) : name;
  });
  const sites = sitesOfPurpose(content, p.id);
  const asked = sites.map((s) =>
    n('value.asked', { journey: m(`journeys.${s.journey.id}.title`), step: s.step }),
  );
  const requiredIn = [...new Set(sites.filter((s) => s.need.required).map((s) => s.journey.id))];
  const obligation =
    requiredIn.length > 0
      ? n('value.required', {
          journeys: requiredIn.map((j) => n('value.quoted', { text: m(`journeys.${j}.title`) })).join(', '),
        })
      : n('value.optional');
  const rows: [string, string][] = [
    [n('field.data'), data.join(', ')],
    [n('field.purpose'), m(`purposes.${p.id}.description`)],
    [
      n('field.basis'),
      n('value.basis', {
        basis: texts.t(lng, `basis.${p.basis}`),
        article: n('value.article', { point: BASIS_POINT[p.basis] }),
      }),
    ],
    [
      n('field.retention'),
      n('value.retention', {
        retention: formatDuration(texts, lng, p.retention),
        giveBack: formatDuration(texts, lng, p.giveBackAfter),
      }),
    ],
    [
      n('field.recipients'),
      p.recipients.length > 0
        ? p.recipients.join(', ')
        : n('value.no-recipients', { controller: controller.name }),
    ],
    [n('field.transfers'), p.transfers.length > 0 ? p.transfers.join('; ') : n('value.no-transfers')],
    [n('field.asked'), asked.length > 0 ? asked.join('; ') : n('value.not-asked')],
    [n('field.obligation'), obligation],
  ];
  return [
    { kind: 'heading', level: 3, text: m(`purposes.${p.id}.reason`) },
    { kind: 'fields', rows },
  ];
}

/** The notice's blocks in `lng`; with `version`, a version line follows the introduction. */
export function noticeBlocks(content: MapContent, texts: Texts, lng: Locale, version?: string): Block[] {
  const { controller } = content.catalog;
  const n = noticeText(texts, lng);
  const contact = { contact: controller.contact };
  return [
    { kind: 'heading', level: 1, text: n('title', { controller: controller.name }) },
    { kind: 'paragraph', text: n('intro', { controller: controller.name }) },
    ...(version ? [{ kind: 'paragraph', text: n('version', { version }) } as const] : []),
    { kind: 'heading', level: 2, text: n('controller.heading') },
    { kind: 'paragraph', text: n('controller.text', { name: controller.name }) },
    { kind: 'list', items: [n('controller.contact', contact), n('controller.dpo', { dpo: controller.dpo })] },
    { kind: 'heading', level: 2, text: n('purposes.heading') },
    { kind: 'paragraph', text: n('purposes.intro') },
    ...purposesOf(content.catalog).flatMap((p) => purposeBlocks(content, texts, lng, p)),
    { kind: 'heading', level: 2, text: n('rights.heading') },
    { kind: 'paragraph', text: n('rights.intro', contact) },
    {
      kind: 'list',
      items: ['access', 'rectify', 'erase', 'withdraw', 'export', 'object', 'decline'].map((r) =>
        n(`rights.${r}`, contact),
      ),
    },
    { kind: 'heading', level: 2, text: n('automated.heading') },
    { kind: 'paragraph', text: n('automated.text') },
    { kind: 'heading', level: 2, text: n('complaint.heading') },
    {
      kind: 'paragraph',
      text: n('complaint.text', {
        dpo: controller.dpo,
        authority: controller.authority.name,
        url: controller.authority.url,
      }),
    },
  ];
}

/** The notice version: a short hash of the notice (without its version line) in every shipped locale. */
export function noticeVersionOf(content: MapContent, texts: Texts): string {
  const hash = createHash('sha256');
  for (const lng of SHIPPED_LOCALES) hash.update(`${lng}\n${toMarkdown(noticeBlocks(content, texts, lng))}`);
  return `n-${hash.digest('hex').slice(0, 12)}`;
}

/** The notice as Markdown. */
export const noticeMarkdown = (content: MapContent, texts: Texts, lng: Locale, version: string): string =>
  toMarkdown(noticeBlocks(content, texts, lng, version));

/** A link to the notice in another language, for the HTML page's language menu. */
export type LanguageLink = (lng: Locale) => string;

/** The notice as a self-contained HTML page; with `link`, a menu links every shipped language. */
export function noticeHtml(
  content: MapContent,
  texts: Texts,
  lng: Locale,
  version: string,
  link?: LanguageLink,
): string {
  const blocks = noticeBlocks(content, texts, lng, version);
  const nav = link
    ? `<nav>${SHIPPED_LOCALES.map((l) =>
        l === lng
          ? `<strong>${escapeHtml(texts.t(l, 'language', {}, 'notice'))}</strong>`
          : `<a href="${escapeHtml(link(l))}" hreflang="${l}">${escapeHtml(texts.t(l, 'language', {}, 'notice'))}</a>`,
      ).join(' ')}</nav>\n`
    : '';
  const title = texts.t(lng, 'title', { controller: content.catalog.controller.name }, 'notice');
  return htmlDocument({ lang: lng, title, body: `${nav}<main>\n${toHtmlBody(blocks)}\n</main>` });
}
