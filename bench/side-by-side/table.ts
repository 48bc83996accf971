/** The one table `npm run bench` prints: a row per contender and a ratio row per (store, c). */
import type { Ratio, Row } from './summary.ts';

const HEAD = [
  'store',
  'c',
  'server',
  'turns/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'CPU ms/turn',
  'RSS MB',
  'errors',
  'host idle %',
];

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const x = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');

function rowCells(r: Row): string[] {
  return [
    r.store,
    String(r.concurrency),
    r.contender,
    f(r.turnsPerSecond, 0),
    f(r.p50Ms),
    f(r.p95Ms),
    f(r.p99Ms),
    f(r.cpuMsPerTurn, 2),
    f(r.rssMb, 0),
    String(r.errors),
    f(r.hostIdlePercent, 0),
  ];
}

function ratioCells(q: Ratio): string[] {
  return [
    q.store,
    String(q.concurrency),
    'justask/baseline',
    x(q.turnsPerSecond),
    x(q.p50),
    x(q.p95),
    x(q.p99),
    x(q.cpuPerTurn),
    x(q.rss),
    '',
    '',
  ];
}

/** Renders rows and ratios as one aligned text table (ratio row under each pair). */
export function renderTable(rows: readonly Row[], ratios: readonly Ratio[]): string {
  const lines: string[][] = [HEAD];
  for (const q of ratios) {
    for (const r of rows.filter((r) => r.store === q.store && r.concurrency === q.concurrency))
      lines.push(rowCells(r));
    lines.push(ratioCells(q));
  }
  const widths = HEAD.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const render = (l: string[]) =>
    l.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [render(HEAD), rule, ...lines.slice(1).map(render)].join('\n');
}
