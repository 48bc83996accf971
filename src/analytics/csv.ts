/**
 * The opt-in report as CSV (RFC 4180): one line per group, then a total line. Hidden groups show
 * "<5" in every count and rate. Cells that a spreadsheet would run as a formula are defused.
 */
import { COUNTED, HIDDEN, RATES, type OptinReport, type OptinRow, type RateName } from './rates.ts';

const RATE_HEADERS: Record<RateName, string> = {
  optInRate: 'opt-in rate',
  declineRate: 'decline rate',
  whyRate: 'why rate',
  abandonRate: 'abandonment rate',
};

/** Quotes a cell when needed; a leading = + - @ (a formula in a spreadsheet) gets a quote mark. */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const rate = (row: OptinRow, r: RateName) => (row.hidden ? HIDDEN : (row.rates[r]?.toFixed(4) ?? ''));

/** The report as CSV text (CRLF line ends, header first). */
export function optinCsv(report: OptinReport): string {
  const reasons = [
    ...new Set([...report.rows, report.total].flatMap((r) => Object.keys(r.suppressedBy))),
  ].sort();
  const header = [
    ...report.groupBy,
    'asks',
    ...COUNTED,
    ...reasons.map((r) => `suppressed: ${r}`),
    ...RATES.map((r) => RATE_HEADERS[r]),
  ];
  const line = (row: OptinRow, dims: string[]) => [
    ...dims,
    row.asks,
    ...COUNTED.map((c) => row.counts[c]),
    ...reasons.map((r) => (row.hidden ? HIDDEN : (row.suppressedBy[r] ?? 0))),
    ...RATES.map((r) => rate(row, r)),
  ];
  const lines = [
    header,
    ...report.rows.map((row) =>
      line(
        row,
        report.groupBy.map((d) => row.group[d] ?? ''),
      ),
    ),
    // Without grouping the one row is the total already.
    ...(report.groupBy.length > 0
      ? [
          line(
            report.total,
            report.groupBy.map((_, i) => (i ? '' : 'total')),
          ),
        ]
      : []),
  ];
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
