/**
 * Every text the dashboard shows, in one place (staff-facing, English only), and the helper
 * that fills elements marked `data-text="key"`.
 */
/* global document */

export const TEXT = {
  title: 'justask · opt-in dashboard',
  tagline: 'How often customers agree to give each piece of data — aggregates only, never a customer.',
  token: 'Admin token',
  tokenHint: 'A marketer or DPO token from ADMIN_TOKENS. It is kept for this browser tab only.',
  signIn: 'Sign in',
  signOut: 'Sign out',
  badToken: 'That token was not accepted.',
  forbidden: 'This token’s role may not see opt-in rates (marketer or dpo needed).',
  failed: 'Could not load the figures: ',
  loading: 'Loading…',
  filters: 'Filters',
  from: 'From',
  to: 'To',
  locale: 'Language',
  channel: 'Channel',
  journey: 'Journey',
  all: 'All',
  apply: 'Apply',
  totals: 'Totals',
  asks: 'Asks',
  optIns: 'Opt-ins',
  optInRate: 'Opt-in rate',
  declineRate: 'Decline rate',
  whyRate: 'Why rate',
  abandonRate: 'Abandonment rate',
  notAsked: 'Not asked',
  trendTitle: 'Asks and opt-in rate over time',
  trendAsks: 'Asks',
  trendRate: 'Opt-in rate (%)',
  trendFigures: 'The figures behind the chart',
  trendDay: 'Day',
  trendSummary: (days, asks, rate) =>
    `${days} days: ${asks} asks in all, opt-in rate ${rate}. The table below lists every day.`,
  tableTitle: 'Per item and purpose',
  downloadCsv: 'Download CSV',
  item: 'Item',
  purpose: 'Purpose',
  declined: 'Declined',
  why: 'Asked why',
  abandoned: 'Abandoned',
  noRows: 'No asks in this range.',
  mapTitle: 'The dialogue map',
  mapHint:
    'Each journey as its steps; a step that asks for data shows each item’s opt-in rate, coloured from low (red) to high (green). Dashed arrows are where a “no thanks” leads.',
  legendLow: 'low opt-in',
  legendHigh: 'high opt-in',
  legendNone: 'fewer than 5 asks',
  hidden: '<5',
  hiddenNote:
    'Every figure carries a small fixed noise (±2 at most; 1 and 2 never appear) and groups with fewer than 5 asks show “<5”, so no one customer can be singled out — not even by subtracting one view from another. Rows need not add up to the totals exactly.',
  optInShort: 'opt-in',
  asksShort: 'asks',
  noNeeds: 'asks for nothing',
  noAsks: 'no asks yet',
  end: 'end',
  stop: 'stop',
};

/** Fills every `[data-text]` element (text) and `[data-text-placeholder]` (placeholder). */
export function fillTexts(root = document) {
  for (const el of root.querySelectorAll('[data-text]'))
    el.textContent = TEXT[el.dataset.text] ?? el.dataset.text;
  for (const el of root.querySelectorAll('[data-text-title]')) el.title = TEXT[el.dataset.textTitle] ?? '';
  document.title = TEXT.title;
}

/** A rate (0..1) as a percentage, or the hidden mark. */
export const percent = (rate) =>
  rate === null || rate === undefined ? TEXT.hidden : `${Math.round(rate * 1000) / 10}%`;
