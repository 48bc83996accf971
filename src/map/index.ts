/** The dialogue map: schemas, loading with two-pass validation, texts. */
export * from './schema.ts';
export { loadMap, loadMapOrThrow, parseFile, type LoadOptions, type LoadResult } from './load.ts';
export { formatProblem, hasErrors, MapInvalidError, type Problem, type Severity } from './problems.ts';
export {
  fastFill,
  loadI18n,
  loadTexts,
  NAMESPACES,
  toLocale,
  SHIPPED_LOCALES,
  type Locale,
  type Texts,
  type Namespace,
} from './texts.ts';
export { textHash } from './notice-version.ts';
export { edgesOf } from './check-references.ts';
export { mapJsonSchemas } from './json-schema.ts';
export { formatDuration } from './format-duration.ts';
export {
  ART13_ITEMS,
  BASIS_POINT,
  countryName,
  noticeBlocks,
  noticeHtml,
  noticeMarkdown,
  noticePage,
  type LanguageLink,
} from './notice.ts';
export {
  findArchivedText,
  isNoticeVersion,
  noticeArchiveOf,
  noticeVersionOf,
  readNoticeArchive,
  writeNoticeArchive,
  wordingOf,
  NoticeArchive,
  PLACEHOLDERS,
  type ArchivedText,
} from './notice-archive.ts';
export { OWN_ACTIVITIES, recordDurations, type OwnActivity } from './own-processing.ts';
export { escapeHtml, htmlDocument, toHtmlBody, toMarkdown, type Block } from './document.ts';
export { isSpecialCategory, isSpecialItem, SPECIAL_CATEGORIES } from './special-categories.ts';
export {
  itemsOfPurpose,
  isMarketing,
  needSites,
  sitesOfPurpose,
  type MapContent,
  type NeedSite,
} from './uses.ts';
export { parseYamlSource, type YamlSource } from './yaml-source.ts';
export { buildRopa, ropaCsv, ropaJson, SECURITY_MEASURES, type Ropa, type RopaActivity } from './ropa.ts';
export { actionLabel, actionSends, mapHtml, mapMermaid, mapOutline, exitsOf } from './map-view.ts';
export { createLiveMap, type LiveMap, type LiveMapOptions, type MapLog } from './live-map.ts';
export {
  askReuseText,
  knownPhoneText,
  askText,
  basisText,
  chatProviders,
  needWords,
  providedText,
  recipientName,
  recipientsOf,
  reusedText,
  whyText,
} from './wording.ts';
export { LocalName, isTranslated, nameIn } from './local-name.ts';
export {
  ItemText,
  fillItem,
  formNames,
  itemWords,
  itemWordsIssues,
  optionLabel,
  wordsOf,
  type ItemWords,
} from './item-words.ts';
export { elideFrench, polish, tidyPunctuation } from './typography.ts';
export { formatDate } from './format-date.ts';
export {
  expandEnv,
  envRefsOf,
  purposesOfSystem,
  resolveSystems,
  systemsOfPurpose,
  WEBHOOK_SECRET,
  type Env,
  type ResolvedSystem,
} from './systems.ts';
