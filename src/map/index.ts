/** The dialogue map: schemas, loading with two-pass validation, texts. */
export * from './schema.ts';
export { loadMap, loadMapOrThrow, parseFile, type LoadOptions, type LoadResult } from './load.ts';
export { formatProblem, hasErrors, MapInvalidError, type Problem, type Severity } from './problems.ts';
export { loadTexts, toLocale, SHIPPED_LOCALES, type Locale, type Texts, type Namespace } from './texts.ts';
export { textHash } from './notice-version.ts';
export { edgesOf } from './check-references.ts';
export { mapJsonSchemas } from './json-schema.ts';
export { formatDuration } from './format-duration.ts';
export { noticeBlocks, noticeHtml, noticeMarkdown, noticeVersionOf, BASIS_POINT } from './notice.ts';
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
export { mapHtml, mapMermaid, mapOutline, exitsOf } from './map-view.ts';
export { createLiveMap, type LiveMap, type LiveMapOptions, type MapLog } from './live-map.ts';
