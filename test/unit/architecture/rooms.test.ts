/**
 * The architecture's rules, checked on the sources: rooms (top-level folders of src/) depend on
 * each other without cycles, and each external SDK is imported in its one seam only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');
const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => join(e.parentPath, e.name));
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  );
const roomOf = (file: string) => relative(SRC, file).split('/')[0] ?? '';

/** Room → rooms it imports from. */
function roomGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = roomOf(file);
    for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
      const to = roomOf(resolve(dirname(file), spec));
      if (to !== from && !to.startsWith('..')) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** One cycle of rooms, if there is any. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (room: string): string[] | undefined => {
    if (state.get(room) === 'open') return [...path.slice(path.indexOf(room)), room];
    if (state.get(room) === 'done') return undefined;
    state.set(room, 'open');
    path.push(room);
    for (const next of graph.get(room) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(room, 'done');
    return undefined;
  };
  for (const room of graph.keys()) {
    const cycle = visit(room);
    if (cycle) return cycle;
  }
  return undefined;
}

const SEAMS: [pkg: RegExp, allowed: RegExp][] = [
  [/^botbuilder(-[a-z]+)?(\/|$)/, /^channels\//],
  [/^mongodb(\/|$)/, /^storage\/mongo\//],
  [/^better-sqlite3(\/|$)/, /^storage\/sqlite\//],
  [/^restify(\/|$)/, /^(http|app)\//],
];

describe('the rooms of src/', () => {
  it('import each other without a cycle', () => {
    expect(findCycle(roomGraph())).toBeUndefined();
  });

  it("keep analytics an observer: nothing on a turn's path imports it", () => {
    // A turn's ask observations are storage records (ask-events, pending-asks) written with its
    // batch; analytics reads them back. Only the composition root and the admin API wire it in.
    const graph = roomGraph();
    const importers = [...graph].filter(([, to]) => to.has('analytics')).map(([from]) => from);
    expect(importers.sort()).toEqual(['app', 'http']);
  });

  it('reach each external SDK through its one seam', () => {
    const crossings = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) =>
          SEAMS.some(([pkg, allowed]) => pkg.test(spec) && !allowed.test(relative(SRC, file))),
        )
        .map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(crossings).toEqual([]);
  });
});
