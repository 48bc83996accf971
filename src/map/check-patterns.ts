/**
 * Designers' `pattern` constraints are regular expressions run on what customers type: one that
 * can backtrack catastrophically (a repetition inside a repetition, such as `(a+)+`) would let a
 * single answer hang a turn. Checked when the map loads, with safe-regex2's star-height test;
 * answers are also capped in length before any pattern sees them (validate-answer).
 */
import safeRegex from 'safe-regex2';
import type { Problem } from './problems.ts';
import type { Catalog } from './schema.ts';
import type { YamlSource } from './yaml-source.ts';

/** Longest pattern a designer may write. */
export const MAX_PATTERN_LENGTH = 200;

/** The regular expression an item's pattern becomes: anchored, the whole answer must match. */
export const anchoredPattern = (pattern: string) => `^(?:${pattern})$`;

/** Why `pattern` cannot be used, or undefined when it is safe. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(anchoredPattern(pattern));
  } catch (e) {
    return `pattern is not a valid regular expression: ${(e as Error).message}`;
  }
  if (!safeRegex(anchoredPattern(pattern)))
    return 'pattern can backtrack catastrophically (a repetition inside a repetition, such as (a+)+): one answer could hang the bot; rewrite it without nested repetition';
  return undefined;
}

/** A problem, with its line, for each item whose pattern is invalid or unsafe. */
export function checkPatterns(catalog: Catalog, src: YamlSource): Problem[] {
  const out: Problem[] = [];
  for (const [id, item] of Object.entries(catalog.items)) {
    const pattern = item.constraints.pattern;
    const message = pattern === undefined ? undefined : patternProblem(pattern);
    if (message === undefined) continue;
    const path = ['items', id, 'constraints', 'pattern'];
    out.push({ severity: 'error', file: src.file, line: src.lineOf(path), path: path.join('.'), message });
  }
  return out;
}
