/**
 * The trend chart (Chart.js): asks per day as bars and the opt-in rate as a line, over the
 * filter's days. Its text alternative: a one-line summary the canvas is described by, and a table
 * of every day's figures (WCAG 1.1.1) that screen readers and keyboards reach as plain HTML.
 */
/* global window, document */
import { TEXT, percent } from './texts.js';

let chart;

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive). */
function daysOf(from, to) {
  const days = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The chart's figures as text: the summary line and one table row per day. */
export function describeTrend(summary, table, report) {
  const days = daysOf(report.from, report.to);
  const byDay = new Map(report.rows.map((r) => [r.group.day, r]));
  const total = report.total;
  summary.textContent = TEXT.trendSummary(
    days.length,
    total.hidden ? TEXT.hidden : String(total.asks),
    percent(total.rates.optInRate),
  );
  const head = document.createElement('tr');
  head.append(
    ...[TEXT.trendDay, TEXT.trendAsks, TEXT.optInRate].map((t) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t;
      return th;
    }),
  );
  const rows = days.map((d) => {
    const r = byDay.get(d);
    const tr = document.createElement('tr');
    tr.dataset.day = d;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = d;
    const asks = document.createElement('td');
    asks.textContent = !r ? '0' : r.hidden ? TEXT.hidden : String(r.asks);
    const rate = document.createElement('td');
    rate.textContent = !r ? '–' : percent(r.hidden ? null : r.rates.optInRate);
    tr.append(th, asks, rate);
    return tr;
  });
  const caption = document.createElement('caption');
  caption.textContent = TEXT.trendTitle;
  caption.className = 'visually-hidden';
  table.replaceChildren(caption, head, ...rows);
}

/** Draws (or redraws) the chart from a `groupBy=day` report. */
export function drawTrend(canvas, report) {
  const byDay = new Map(report.rows.map((r) => [r.group.day, r]));
  const days = daysOf(report.from, report.to);
  const value = (r, f) => (r && !r.hidden ? f(r) : null);
  const asks = days.map((d) => value(byDay.get(d), (r) => r.asks));
  const rate = days.map((d) =>
    value(byDay.get(d), (r) => (r.rates.optInRate === null ? null : r.rates.optInRate * 100)),
  );
  const data = {
    labels: days,
    datasets: [
      { type: 'bar', label: TEXT.trendAsks, data: asks, yAxisID: 'asks', backgroundColor: '#9ecae1' },
      {
        type: 'line',
        label: TEXT.trendRate,
        data: rate,
        yAxisID: 'rate',
        borderColor: '#1a9850',
        backgroundColor: '#1a9850',
        spanGaps: true,
        tension: 0.2,
      },
    ],
  };
  if (chart) {
    chart.data = data;
    chart.update();
    return chart;
  }
  chart = new window.Chart(canvas, {
    data,
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        asks: {
          type: 'linear',
          position: 'left',
          beginAtZero: true,
          title: { display: true, text: TEXT.trendAsks },
        },
        rate: {
          type: 'linear',
          position: 'right',
          min: 0,
          max: 100,
          grid: { drawOnChartArea: false },
          title: { display: true, text: TEXT.trendRate },
        },
      },
    },
  });
  return chart;
}
