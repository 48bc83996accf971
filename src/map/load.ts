/**
 * Loads the dialogue map from a folder in two passes: shape (zod, strict) per file, then
 * references across files. Every problem is collected, never just the first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { checkPatterns } from './check-patterns.ts';
import { checkReferences } from './check-references.ts';
import { lintMap } from './lint.ts';
import { checkPolicy } from './check-policy.ts';
import { checkSystems } from './check-systems.ts';
import type { Env } from './systems.ts';
import { noticeVersionOf } from './notice-version.ts';
import { hasErrors, MapInvalidError, type Problem } from './problems.ts';
import { Catalog, Journey, type DialogueMap } from './schema.ts';
import { loadTexts, type Texts } from './texts.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

export interface LoadOptions {
  readonly dialogsDir: string;
  readonly localesDir: string;
  /** Resolves the catalog's `${VAR}` references for the systems checks (default: process.env). */
  readonly env?: Env;
}

export interface LoadResult {
  readonly map?: DialogueMap;
  readonly texts?: Texts;
  readonly problems: readonly Problem[];
}

/** Parses a YAML source with a zod schema, adding a problem with file and line for each issue. */
export function parseFile<S extends z.ZodType>(
  src: YamlSource,
  schema: S,
  problems: Problem[],
): z.infer<S> | undefined {
  for (const e of src.syntaxErrors) {
    problems.push({ severity: 'error', file: src.file, line: e.line, path: '', message: e.message });
  }
  if (src.syntaxErrors.length > 0) return undefined;
  const parsed = schema.safeParse(src.data);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    problems.push({
      severity: 'error',
      file: src.file,
      line: src.lineOf(issue.code === 'unrecognized_keys' && issue.keys[0] ? [...path, issue.keys[0]] : path),
      path: path.join('.'),
      message: issue.message + keys,
    });
  }
  return undefined;
}

function readSource(file: string, shown: string): YamlSource {
  return parseYamlSource(shown, readFileSync(file, 'utf8'));
}

/** Loads and validates a dialogue map; returns the map only when there are no errors. */
export function loadMap(opts: LoadOptions): LoadResult {
  const problems: Problem[] = [];
  const show = (f: string) => relative(process.cwd(), f) || f;
  const catalogFile = join(opts.dialogsDir, 'catalog.yaml');
  if (!existsSync(catalogFile)) {
    return {
      problems: [
        { severity: 'error', file: show(catalogFile), path: '', message: 'catalog.yaml is missing' },
      ],
    };
  }
  const catalogSrc = readSource(catalogFile, show(catalogFile));
  const catalog = parseFile(catalogSrc, Catalog, problems);
  const journeyDir = join(opts.dialogsDir, 'journeys');
  const journeyFiles = existsSync(journeyDir)
    ? readdirSync(journeyDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  const journeys: { src: YamlSource; journey: Journey; fileId: string }[] = [];
  for (const f of journeyFiles) {
    const src = readSource(join(journeyDir, f), show(join(journeyDir, f)));
    const journey = parseFile(src, Journey, problems);
    if (journey) journeys.push({ src, journey, fileId: f.replace(/\.ya?ml$/, '') });
  }
  if (journeyFiles.length === 0) {
    problems.push({
      severity: 'error',
      file: show(journeyDir),
      path: '',
      message: 'no journey files (*.yaml)',
    });
  }
  const ownLocales = join(opts.dialogsDir, 'locales');
  let texts: Texts;
  try {
    texts = loadTexts(opts.localesDir, existsSync(ownLocales) ? ownLocales : undefined);
  } catch (e) {
    problems.push({ severity: 'error', file: opts.localesDir, path: '', message: (e as Error).message });
    return { problems };
  }
  if (!catalog || hasErrors(problems)) return { problems };
  problems.push(...checkReferences({ catalog, catalogSrc, journeys, texts }));
  problems.push(...lintMap({ catalog, catalogSrc, journeys, texts, show }));
  problems.push(...checkPolicy(catalog, catalogSrc));
  problems.push(...checkPatterns(catalog, catalogSrc));
  problems.push(...checkSystems({ catalog, catalogSrc, journeys, env: opts.env ?? process.env }));
  if (hasErrors(problems)) return { problems, texts };
  const byId = new Map(journeys.map((j) => [j.journey.id, j.journey]));
  const map: DialogueMap = {
    catalog,
    journeys: byId,
    noticeVersion: noticeVersionOf({ catalog, journeys: byId }, texts),
  };
  return { map, texts, problems };
}

/** Loads a map or throws `MapInvalidError` with every problem. */
export function loadMapOrThrow(opts: LoadOptions): {
  map: DialogueMap;
  texts: Texts;
  problems: readonly Problem[];
} {
  const r = loadMap(opts);
  if (!r.map || !r.texts) throw new MapInvalidError(r.problems);
  return { map: r.map, texts: r.texts, problems: r.problems };
}
