/**
 * The item × purpose table: one row per (item, purpose) with counts and rates; clicking a column
 * header sorts by it (again: the other way). Hidden groups show "<5" and sort below every number.
 */
/* global document */
import { TEXT, percent } from './texts.js';

const optIns = (r) => (r.hidden ? null : r.counts.granted + r.counts.reused);
const COLUMNS = [
  { key: 'item', label: 'item', value: (r) => r.group.item, text: true },
  { key: 'purpose', label: 'purpose', value: (r) => r.group.purpose, text: true },
  { key: 'asks', label: 'asks', value: (r) => (r.hidden ? null : r.asks) },
  { key: 'optIns', label: 'optIns', value: optIns },
  { key: 'declined', label: 'declined', value: (r) => (r.hidden ? null : r.counts.declined) },
  { key: 'why', label: 'why', value: (r) => (r.hidden ? null : r.counts.why) },
  { key: 'abandoned', label: 'abandoned', value: (r) => (r.hidden ? null : r.counts.abandoned) },
  { key: 'notAsked', label: 'notAsked', value: (r) => (r.hidden ? null : r.counts.suppressed) },
  { key: 'optInRate', label: 'optInRate', value: (r) => r.rates.optInRate, rate: true },
  { key: 'declineRate', label: 'declineRate', value: (r) => r.rates.declineRate, rate: true },
  { key: 'whyRate', label: 'whyRate', value: (r) => r.rates.whyRate, rate: true },
  { key: 'abandonRate', label: 'abandonRate', value: (r) => r.rates.abandonRate, rate: true },
];

const sort = { key: 'asks', dir: -1 };

function compare(col) {
  return (a, b) => {
    const [x, y] = [col.value(a), col.value(b)];
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (col.text ? String(x).localeCompare(String(y)) : x - y) * sort.dir;
  };
}

const cell = (tag, text, cls) => {
  const el = document.createElement(tag);
  el.textContent = text;
  if (cls) el.className = cls;
  return el;
};

/** Renders `report` (grouped by item, purpose) into `table`; sorting re-renders from the same rows. */
export function drawTable(table, report) {
  const head = document.createElement('tr');
  for (const col of COLUMNS) {
    const th = cell('th', TEXT[col.label], col.text ? '' : 'num');
    th.dataset.key = col.key;
    th.tabIndex = 0;
    th.setAttribute('aria-sort', sort.key === col.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    const pick = () => {
      sort.dir = sort.key === col.key ? -sort.dir : col.text ? 1 : -1;
      sort.key = col.key;
      drawTable(table, report);
    };
    th.addEventListener('click', pick);
    th.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && pick());
    head.append(th);
  }
  const col = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[2];
  const rows = [...report.rows].sort(compare(col)).map((r) => {
    const tr = document.createElement('tr');
    tr.dataset.item = r.group.item;
    tr.dataset.purpose = r.group.purpose;
    for (const c of COLUMNS) {
      const v = c.value(r);
      const shown = c.text ? v : c.rate ? percent(v) : v === null ? TEXT.hidden : String(v);
      tr.append(cell('td', shown, c.text ? '' : 'num'));
    }
    return tr;
  });
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  if (rows.length === 0) {
    const empty = cell('td', TEXT.noRows);
    empty.colSpan = COLUMNS.length;
    tbody.append(document.createElement('tr'));
    tbody.lastChild.append(empty);
  } else tbody.append(...rows);
  table.replaceChildren(thead, tbody);
}
