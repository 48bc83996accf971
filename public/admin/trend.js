/** The trend chart (Chart.js): asks per day as bars and the opt-in rate as a line, over the filter's days. */
/* global window */
import { TEXT } from './texts.js';

let chart;

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive). */
function daysOf(from, to) {
  const days = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
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
