/** The dialogue map: schemas, loading with two-pass validation, texts. */
export * from './schema.ts';
export { loadMap, loadMapOrThrow, type LoadOptions, type LoadResult } from './load.ts';
export { formatProblem, hasErrors, MapInvalidError, type Problem, type Severity } from './problems.ts';
export { loadTexts, toLocale, SHIPPED_LOCALES, type Locale, type Texts, type Namespace } from './texts.ts';
export { textHash } from './notice-version.ts';
export { edgesOf } from './check-references.ts';
export { mapJsonSchemas } from './json-schema.ts';
