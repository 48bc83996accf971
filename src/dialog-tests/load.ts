/**
 * Loads conversation tests from a folder: each file parsed strictly (problems with file and
 * line, like the map loader), then checked against the map: journeys, items, purposes, locales
 * and /regex/ lines must exist and be valid.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  parseFile,
  parseYamlSource,
  SHIPPED_LOCALES,
  type DialogueMap,
  type Problem,
  type YamlSource,
} from '../map/index.ts';
import { ConversationFile, patternOf, type Conversation } from './format.ts';

/** A conversation with where it was written. */
export interface LoadedConversation {
  readonly conversation: Conversation;
  readonly file: string;
  readonly line: number | undefined;
  /** Line of each turn. */
  readonly turnLines: readonly (number | undefined)[];
}

export interface LoadedTests {
  readonly conversations: readonly LoadedConversation[];
  readonly problems: readonly Problem[];
}

function checkConversation(
  c: Conversation,
  at: (string | number)[],
  src: YamlSource,
  map: DialogueMap,
): Problem[] {
  const out: Problem[] = [];
  const emit = (path: (string | number)[], message: string) =>
    out.push({ severity: 'error', file: src.file, line: src.lineOf(path), path: path.join('.'), message });
  const { items, purposes } = map.catalog;
  if (!(SHIPPED_LOCALES as readonly string[]).includes(c.locale.slice(0, 2)))
    emit([...at, 'locale'], `locale "${c.locale}" is not shipped (${SHIPPED_LOCALES.join(', ')})`);
  if (c.journey && !map.journeys.has(c.journey)) emit([...at, 'journey'], `unknown journey "${c.journey}"`);
  c.turns.forEach((t, i) => {
    const tp = [...at, 'turns', i];
    if (t.start && !map.journeys.has(t.start)) emit([...tp, 'start'], `unknown journey "${t.start}"`);
    if (t.ask && !items[t.ask.item]) emit([...tp, 'ask', 'item'], `unknown item "${t.ask.item}"`);
    if (t.ask && !purposes[t.ask.purpose])
      emit([...tp, 'ask', 'purpose'], `unknown purpose "${t.ask.purpose}"`);
    const lines = t.bot === undefined ? [] : [t.bot].flat();
    lines.forEach((line, j) => {
      try {
        patternOf(line);
      } catch (e) {
        emit(
          [...tp, 'bot', ...(Array.isArray(t.bot) ? [j] : [])],
          `bad pattern ${line}: ${(e as Error).message}`,
        );
      }
    });
  });
  (c.stored ?? []).forEach((s, i) => {
    if (!items[s.item]) emit([...at, 'stored', i, 'item'], `unknown item "${s.item}"`);
    (s.purposes ?? []).forEach((p, j) => {
      if (!purposes[p]) emit([...at, 'stored', i, 'purposes', j], `unknown purpose "${p}"`);
    });
  });
  return out;
}

/** Loads every `*.yaml` in `dir` (sorted); conversations come back only from files without errors. */
export function loadConversationTests(dir: string, map: DialogueMap): LoadedTests {
  const show = (f: string) => relative(process.cwd(), f) || f;
  if (!existsSync(dir)) {
    return {
      conversations: [],
      problems: [{ severity: 'error', file: show(dir), path: '', message: 'no tests folder' }],
    };
  }
  const problems: Problem[] = [];
  const conversations: LoadedConversation[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    const file = show(join(dir, f));
    const src = parseYamlSource(file, readFileSync(join(dir, f), 'utf8'));
    const own: Problem[] = [];
    const parsed = parseFile(src, ConversationFile, own);
    parsed?.conversations.forEach((c, i) =>
      own.push(...checkConversation(c, ['conversations', i], src, map)),
    );
    problems.push(...own);
    if (!parsed || own.length > 0) continue;
    parsed.conversations.forEach((conversation, i) =>
      conversations.push({
        conversation,
        file,
        line: src.lineOf(['conversations', i]),
        turnLines: conversation.turns.map((_t, j) => src.lineOf(['conversations', i, 'turns', j])),
      }),
    );
  }
  if (conversations.length === 0 && problems.length === 0)
    problems.push({
      severity: 'error',
      file: show(dir),
      path: '',
      message: 'no conversation tests (*.yaml)',
    });
  return { conversations, problems };
}
