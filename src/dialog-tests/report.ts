/** How conversation-test results read in a terminal and in a failing vitest test. */
import type { ConversationResult } from './run.ts';

/** `✓ name` or `✗ name (file:line)` followed by each failure and its diff. */
export function formatResult(r: ConversationResult): string {
  const where = `${r.file}${r.line ? `:${r.line}` : ''}`;
  if (r.failures.length === 0) return `✓ ${r.name}  (${Math.round(r.ms)} ms)`;
  const lines = [`✗ ${r.name}  (${where})`];
  for (const f of r.failures) {
    const at = f.turn ? `turn ${f.turn}${f.line ? ` (${r.file}:${f.line})` : ''}: ` : '';
    lines.push(`    ${at}${f.message} (- expected, + actual):`);
    for (const d of f.diff) lines.push(`      ${d}`);
  }
  return lines.join('\n');
}

/** The closing line: counts, time and journeys no conversation goes through. */
export function formatSummary(
  results: readonly ConversationResult[],
  journeys: readonly string[],
  ms: number,
): string {
  const failed = results.filter((r) => r.failures.length > 0).length;
  const covered = new Set(results.flatMap((r) => r.journeys));
  const uncovered = journeys.filter((j) => !covered.has(j));
  const lines = [
    `${failed === 0 ? '✓' : '✗'} ${results.length - failed} passed, ${failed} failed (${(ms / 1000).toFixed(2)} s)`,
  ];
  if (uncovered.length > 0) lines.push(`warning: no conversation test goes through ${uncovered.join(', ')}`);
  return lines.join('\n');
}
