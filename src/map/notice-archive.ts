/**
 * Notice versions and their archive. A version is a hash of the notice in every shipped locale
 * together with the exact wording of every ask, "why" and confirmation the bot can say for the
 * map; each published version is kept as `<dir>/<version>.json`, so an old notice can be served
 * again and a ledger `textHash` traced back to the text the customer was shown.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { toMarkdown } from './document.ts';
import { noticeBlocks } from './notice.ts';
import { SHIPPED_LOCALES, type Locale, type Texts } from './texts.ts';
import { needSites, type MapContent } from './uses.ts';
import { nameIn } from './local-name.ts';
import { askReuseText, askText, knownPhoneText, providedText, reusedText, whyText } from './wording.ts';

/** Hash of the exact text shown to a customer, stored in the consent ledger. */
export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Stand-ins for what differs per customer or deployment, kept in archived texts as written here. */
export const PLACEHOLDERS = {
  masked: '{{masked}}',
  notice: '{{notice}}',
} as const;

const BlockSchema = z.union([
  z.object({
    kind: z.literal('heading'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    text: z.string(),
  }),
  z.object({ kind: z.literal('paragraph'), text: z.string() }),
  z.object({ kind: z.literal('fields'), rows: z.array(z.tuple([z.string(), z.string()])) }),
  z.object({ kind: z.literal('list'), items: z.array(z.string()) }),
]);

export const ArchivedText = z.object({
  kind: z.enum(['ask', 'ask-reuse', 'ask-known', 'why', 'provided', 'reused']),
  journey: z.string(),
  step: z.string(),
  item: z.string(),
  purpose: z.string(),
  required: z.boolean(),
  text: z.string(),
  /** The ledger's `textHash` of `text`; absent when the text holds a placeholder. */
  hash: z.string().optional(),
});
export type ArchivedText = z.infer<typeof ArchivedText>;

const ArchivedLocale = z.object({
  title: z.string(),
  notice: z.array(BlockSchema),
  texts: z.array(ArchivedText),
});

export const NoticeArchive = z.object({
  schema: z.literal(1),
  version: z.string(),
  controller: z.string(),
  placeholders: z.record(z.string(), z.string()),
  locales: z.record(z.enum(SHIPPED_LOCALES), ArchivedLocale),
});
export type NoticeArchive = z.infer<typeof NoticeArchive>;

/** Every text the bot can say about a need, in `lng`, in journey and step order. */
export function wordingOf(content: MapContent, texts: Texts, lng: Locale): ArchivedText[] {
  const { catalog } = content;
  return needSites(content.journeys.values()).flatMap(({ journey, step, need }) => {
    const at = { journey: journey.id, step, item: need.item, purpose: need.purpose, required: need.required };
    const said: [ArchivedText['kind'], string][] = [
      ['ask', askText(texts, lng, catalog, need)],
      ['ask-reuse', askReuseText(texts, lng, catalog, need, PLACEHOLDERS.masked)],
      ['why', whyText(texts, lng, catalog, need, PLACEHOLDERS.notice)],
      ['provided', providedText(texts, lng, catalog, need, PLACEHOLDERS.masked)],
      ['reused', reusedText(texts, lng, catalog, need)],
      // On SMS and WhatsApp a phone item is offered: the sender's number, masked.
      ...(catalog.items[need.item]?.type === 'phone'
        ? [
            ['ask-known', knownPhoneText(texts, lng, catalog, need, PLACEHOLDERS.masked)] as [
              ArchivedText['kind'],
              string,
            ],
          ]
        : []),
    ];
    return said.map(([kind, text]) => {
      const plain = !Object.values(PLACEHOLDERS).some((p) => text.includes(p));
      return { kind, ...at, text, ...(plain ? { hash: textHash(text) } : {}) };
    });
  });
}

/** The version of a notice: a short hash of the notice and the wording in every shipped locale. */
export function noticeVersionOf(content: MapContent, texts: Texts): string {
  const hash = createHash('sha256');
  for (const lng of SHIPPED_LOCALES) {
    hash.update(`${lng}\n${toMarkdown(noticeBlocks(content, texts, lng))}`);
    for (const w of wordingOf(content, texts, lng)) {
      hash.update(`${w.kind}\0${w.journey}\0${w.step}\0${w.item}\0${w.purpose}\0${w.text}\n`);
    }
  }
  return `n-${hash.digest('hex').slice(0, 12)}`;
}

/** The archive record of a map's notice: every locale's notice and wording. */
export function noticeArchiveOf(content: MapContent, texts: Texts, version: string): NoticeArchive {
  const { controller } = content.catalog;
  const locales = Object.fromEntries(
    SHIPPED_LOCALES.map((lng) => [
      lng,
      {
        title: texts.t(lng, 'title', { controller: nameIn(controller.name, lng) }, 'notice'),
        notice: noticeBlocks(content, texts, lng, version),
        texts: wordingOf(content, texts, lng),
      },
    ]),
  ) as NoticeArchive['locales'];
  return {
    schema: 1,
    version,
    controller: nameIn(controller.name, 'en'),
    placeholders: PLACEHOLDERS,
    locales,
  };
}

const VERSION = /^n-[0-9a-f]{12}$/;

/** Whether `version` has the shape of a notice version (so it can name a file safely). */
export const isNoticeVersion = (version: string): boolean => VERSION.test(version);

/** Writes the archive record once: an existing version is never rewritten. True when written. */
export function writeNoticeArchive(dir: string, archive: NoticeArchive): boolean {
  const file = join(dir, `${archive.version}.json`);
  if (existsSync(file)) return false;
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(archive, null, 2) + '\n');
  renameSync(tmp, file);
  return true;
}

/** Reads a version from the first folder that has it; undefined when none does. */
export function readNoticeArchive(dirs: readonly string[], version: string): NoticeArchive | undefined {
  if (!isNoticeVersion(version)) return undefined;
  for (const dir of dirs) {
    const file = join(dir, `${version}.json`);
    if (existsSync(file)) return NoticeArchive.parse(JSON.parse(readFileSync(file, 'utf8')));
  }
  return undefined;
}

/**
 * The archived text a ledger `textHash` was made from, with its locale. An ask to reuse a held
 * value shows it masked: give `masked` (as the bot showed it) to match those texts too.
 */
export function findArchivedText(
  archive: NoticeArchive,
  hash: string,
  masked?: string,
): { locale: Locale; text: ArchivedText } | undefined {
  const hashOf = (t: ArchivedText) =>
    t.hash ?? (masked === undefined ? undefined : textHash(t.text.split(PLACEHOLDERS.masked).join(masked)));
  for (const lng of SHIPPED_LOCALES) {
    const text = archive.locales[lng]?.texts.find((t) => hashOf(t) === hash);
    if (text) return { locale: lng, text };
  }
  return undefined;
}
