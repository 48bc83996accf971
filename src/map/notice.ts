/**
 * The privacy notice (GDPR Art. 13(1)–(2)), generated from the dialogue map and the `notice`
 * texts of one locale, item by item: controller with address and DPO (1)(a–b); each purpose and
 * each of the assistant's own records with its data, basis, legitimate interest, retention,
 * recipients and transfers (1)(c–f), (2)(a), (2)(e); every provider as a recipient (1)(e–f); the
 * rights (2)(b–c), the unconditional right to complain (2)(d) and automated decisions (2)(f).
 */
import { escapeHtml, htmlDocument, toHtmlBody, toMarkdown, type Block } from './document.ts';
import { formatDuration } from './format-duration.ts';
import { OWN_ACTIVITIES, ownRetention, type OwnActivity } from './own-processing.ts';
import type { Catalog, LegalBasis, Transfer } from './schema.ts';
import { isSpecialItem } from './special-categories.ts';
import { SHIPPED_LOCALES, type Locale, type Texts } from './texts.ts';
import { itemsOfPurpose, purposesOf, sitesOfPurpose, type MapContent, type NeedSite } from './uses.ts';
import { nameIn } from './local-name.ts';
import { chatProviders, recipientName, recipientsOf } from './wording.ts';
import { purposesOfSystem } from './systems.ts';

/** The point of GDPR Art. 6(1) each legal basis rests on. */
export const BASIS_POINT: Record<LegalBasis, string> = {
  consent: 'a',
  contract: 'b',
  legal_obligation: 'c',
  vital_interests: 'd',
  public_task: 'e',
  legitimate_interests: 'f',
};

/** Each item of GDPR Art. 13(1)–(2) and the notice text (heading or label) that answers it. */
export const ART13_ITEMS: Readonly<Record<string, string>> = {
  '13(1)(a)': 'controller.heading',
  '13(1)(b)': 'controller.dpo',
  '13(1)(c)': 'field.basis',
  '13(1)(d)': 'field.interest',
  '13(1)(e)': 'recipients.heading',
  '13(1)(f)': 'field.transfers',
  '13(2)(a)': 'field.retention',
  '13(2)(b)': 'rights.heading',
  '13(2)(c)': 'field.withdraw',
  '13(2)(d)': 'complaint.heading',
  '13(2)(e)': 'field.obligation',
  '13(2)(f)': 'automated.heading',
};

type Purpose = ReturnType<typeof purposesOf>[number];
type NoticeText = (key: string, vars?: Record<string, unknown>) => string;

/** A notice text in `lng`, with the law's name and the decline button's words at hand. */
export const noticeText =
  (texts: Texts, lng: Locale): NoticeText =>
  (key, vars = {}) =>
    texts.t(
      lng,
      key,
      { law: texts.t(lng, 'law', {}, 'notice'), decline: texts.t(lng, 'buttons.decline'), ...vars },
      'notice',
    );

/** A country's name in `lng` (NL → Nederland). */
export const countryName = (lng: Locale, code: string): string =>
  new Intl.DisplayNames([lng], { type: 'region' }).of(code) ?? code;

const transferText = (n: NoticeText, lng: Locale, t: Transfer): string =>
  n('value.transfer', {
    country: countryName(lng, t.country),
    safeguard: n(`safeguard.${t.safeguard}`),
    reference: t.reference ? n('value.reference', { reference: t.reference }) : '',
  });

/** The transfers outside the EEA the given providers make, or "none" as a declared fact. */
function transfersOf(n: NoticeText, lng: Locale, catalog: Catalog, providers: string[]): string {
  const all = providers.flatMap((id) => catalog.providers[id]?.transfers ?? []);
  const lines = [...new Set(all.map((t) => transferText(n, lng, t)))];
  return lines.length > 0 ? lines.join('; ') : n('value.no-transfers');
}

function recipientsText(n: NoticeText, lng: Locale, catalog: Catalog, providers: string[]): string {
  const names = providers.map((id) => recipientName(catalog, id, lng));
  return names.length > 0
    ? n('value.recipients', { names: names.join(', ') })
    : n('value.no-recipients', { controller: nameIn(catalog.controller.name, lng) });
}

/** Basis, with the point of Art. 6(1) (and Art. 9(2)(a) for special categories). */
function basisText(texts: Texts, lng: Locale, basis: LegalBasis, extra = ''): string {
  const n = noticeText(texts, lng);
  return n('value.basis', {
    basis: texts.t(lng, `basis.${basis}`),
    article: n('value.article', { point: BASIS_POINT[basis] }) + extra,
  });
}

/** Where a purpose's data is asked for: journey titles and step names as customers see them. */
function askedWhere(texts: Texts, lng: Locale, sites: NeedSite[]): string {
  const n = noticeText(texts, lng);
  const m = (key: string) => texts.t(lng, key, {}, 'map');
  const asked = sites.map((s) =>
    n('value.asked', {
      journey: m(`journeys.${s.journey.id}.title`),
      step: m(`journeys.${s.journey.id}.steps.${s.step}`),
    }),
  );
  return asked.length > 0 ? asked.join('; ') : n('value.not-asked');
}

/** Art. 13(2)(e): whether the data must be given, and for which tasks. */
function obligationText(texts: Texts, lng: Locale, sites: NeedSite[]): string {
  const n = noticeText(texts, lng);
  const requiredIn = [...new Set(sites.filter((s) => s.need.required).map((s) => s.journey.id))];
  if (requiredIn.length === 0) return n('value.optional');
  const titles = requiredIn.map((j) =>
    n('value.quoted', { text: texts.t(lng, `journeys.${j}.title`, {}, 'map') }),
  );
  return n('value.required', { journeys: titles.join(', ') });
}

function purposeBlocks(content: MapContent, texts: Texts, lng: Locale, p: Purpose): Block[] {
  const n = noticeText(texts, lng);
  const m = (key: string) => texts.t(lng, key, {}, 'map');
  const { catalog } = content;
  const items = itemsOfPurpose(content, p.id);
  const isSpecial = (id: string) => {
    const item = catalog.items[id];
    return item !== undefined && isSpecialItem(item);
  };
  const special = items.some(isSpecial);
  const data = items.map((id) =>
    isSpecial(id) ? n('value.special', { item: m(`items.${id}.name`) }) : m(`items.${id}.name`),
  );
  const sites = sitesOfPurpose(content, p.id);
  const providers = recipientsOf(catalog, p.id);
  const rows: [string, string][] = [
    [n('field.data'), data.join(', ')],
    [n('field.purpose'), m(`purposes.${p.id}.description`)],
    [n('field.basis'), basisText(texts, lng, p.basis, special ? n('value.article-special') : '')],
    ...(p.interest ? [[n('field.interest'), m(p.interest)] as [string, string]] : []),
    ...(p.basis === 'consent' ? [[n('field.withdraw'), n('value.withdraw')] as [string, string]] : []),
    [
      n('field.retention'),
      n('value.retention', {
        retention: formatDuration(texts, lng, p.retention),
        giveBack: formatDuration(texts, lng, p.giveBackAfter),
      }),
    ],
    [n('field.recipients'), recipientsText(n, lng, catalog, providers)],
    [n('field.transfers'), transfersOf(n, lng, catalog, providers)],
    [n('field.asked'), askedWhere(texts, lng, sites)],
    [n('field.obligation'), obligationText(texts, lng, sites)],
  ];
  return [
    { kind: 'heading', level: 3, text: m(`purposes.${p.id}.reason`) },
    { kind: 'fields', rows },
  ];
}

function ownBlocks(catalog: Catalog, texts: Texts, lng: Locale, a: OwnActivity): Block[] {
  const n = noticeText(texts, lng);
  const k = `own.${a.id}`;
  const providers = chatProviders(catalog);
  const retention = ownRetention(catalog, texts, lng, a);
  const extra = a.also ? n(a.also) : '';
  const rows: [string, string][] = [
    [n('field.data'), n(`${k}.data`)],
    [n('field.purpose'), n(`${k}.purpose`)],
    [n('field.basis'), basisText(texts, lng, a.basis, extra)],
    ...(a.basis === 'legitimate_interests'
      ? [[n('field.interest'), n(`${k}.interest`)] as [string, string]]
      : []),
    [n('field.retention'), retention],
    [n('field.recipients'), recipientsText(n, lng, catalog, providers)],
    [n('field.transfers'), transfersOf(n, lng, catalog, providers)],
    [n('field.obligation'), n(`${k}.obligation`)],
  ];
  return [
    { kind: 'heading', level: 3, text: n(`${k}.heading`) },
    { kind: 'fields', rows },
  ];
}

function providerLines(catalog: Catalog, texts: Texts, lng: Locale): string[] {
  const n = noticeText(texts, lng);
  return Object.values(catalog.providers).map((p) =>
    n('recipients.line', {
      name: nameIn(p.name, lng),
      role: n(`role.${p.role}`),
      service: n(`service.${p.service}`),
      country: countryName(lng, p.country),
      transfers:
        p.transfers.length > 0
          ? p.transfers.map((t) => transferText(n, lng, t)).join('; ')
          : n('value.no-transfers'),
    }),
  );
}

/** Art. 13(1)(e): the business's own systems, each with its role and the purposes it receives. */
function systemBlocks(catalog: Catalog, texts: Texts, lng: Locale): Block[] {
  const n = noticeText(texts, lng);
  const systems = Object.entries(catalog.systems);
  if (systems.length === 0) return [];
  const lines = systems.map(([id, s]) => {
    const purposes = purposesOfSystem(catalog, id).map((p) =>
      texts.t(lng, `purposes.${p}.description`, {}, 'map'),
    );
    return n('systems.line', {
      name: nameIn(s.name, lng),
      role: n(`role.${s.role}`),
      purposes: purposes.length > 0 ? purposes.join(', ') : n('systems.none'),
    });
  });
  return [
    { kind: 'paragraph', text: n('systems.intro') },
    { kind: 'list', items: lines },
  ];
}

function controllerBlocks(catalog: Catalog, lng: Locale, n: NoticeText): Block[] {
  const { controller } = catalog;
  const name = nameIn(controller.name, lng);
  return [
    { kind: 'heading', level: 2, text: n('controller.heading') },
    { kind: 'paragraph', text: n('controller.text', { name }) },
    {
      kind: 'fields',
      rows: [
        [n('controller.name'), name],
        [n('controller.address'), controller.address],
        [n('controller.contact'), controller.contact],
        [n('controller.dpo'), controller.dpo],
      ],
    },
  ];
}

function rightsBlocks(catalog: Catalog, n: NoticeText): Block[] {
  const { controller } = catalog;
  const contact = { contact: controller.contact };
  return [
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

/** The notice's blocks in `lng`; with `version`, a version line follows the introduction. */
export function noticeBlocks(content: MapContent, texts: Texts, lng: Locale, version?: string): Block[] {
  const { catalog } = content;
  const n = noticeText(texts, lng);
  const controller = nameIn(catalog.controller.name, lng);
  return [
    { kind: 'heading', level: 1, text: n('title', { controller }) },
    { kind: 'paragraph', text: n('intro', { controller }) },
    ...(version ? [{ kind: 'paragraph', text: n('version', { version }) } as const] : []),
    ...controllerBlocks(catalog, lng, n),
    { kind: 'heading', level: 2, text: n('purposes.heading') },
    { kind: 'paragraph', text: n('purposes.intro') },
    ...purposesOf(catalog).flatMap((p) => purposeBlocks(content, texts, lng, p)),
    { kind: 'heading', level: 2, text: n('own.heading') },
    { kind: 'paragraph', text: n('own.intro') },
    ...OWN_ACTIVITIES.flatMap((a) => ownBlocks(catalog, texts, lng, a)),
    { kind: 'heading', level: 2, text: n('recipients.heading') },
    { kind: 'paragraph', text: n('recipients.intro', { controller }) },
    { kind: 'list', items: providerLines(catalog, texts, lng) },
    ...systemBlocks(catalog, texts, lng),
    ...rightsBlocks(catalog, n),
    { kind: 'heading', level: 2, text: n('versions.heading') },
    { kind: 'paragraph', text: n('versions.text') },
  ];
}

/** The notice as Markdown. */
export const noticeMarkdown = (content: MapContent, texts: Texts, lng: Locale, version: string): string =>
  toMarkdown(noticeBlocks(content, texts, lng, version));

/** A link to the notice in another language, for the HTML page's language menu. */
export type LanguageLink = (lng: Locale) => string;

/** A notice page from its blocks: the language menu (when `link` is given), then the notice. */
export function noticePage(
  blocks: readonly Block[],
  texts: Texts,
  lng: Locale,
  title: string,
  link?: LanguageLink,
): string {
  const nav = link
    ? `<nav>${SHIPPED_LOCALES.map((l) =>
        l === lng
          ? `<strong>${escapeHtml(texts.t(l, 'language', {}, 'notice'))}</strong>`
          : `<a href="${escapeHtml(link(l))}" hreflang="${l}">${escapeHtml(texts.t(l, 'language', {}, 'notice'))}</a>`,
      ).join(' ')}</nav>\n`
    : '';
  return htmlDocument({ lang: lng, title, body: `${nav}<main>\n${toHtmlBody(blocks)}\n</main>` });
}

/** The notice as a self-contained HTML page; with `link`, a menu links every shipped language. */
export function noticeHtml(
  content: MapContent,
  texts: Texts,
  lng: Locale,
  version: string,
  link?: LanguageLink,
): string {
  const title = texts.t(lng, 'title', { controller: nameIn(content.catalog.controller.name, lng) }, 'notice');
  return noticePage(noticeBlocks(content, texts, lng, version), texts, lng, title, link);
}
