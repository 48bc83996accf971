/**
 * The dashboard page: sign in with a token, then load the figures for the current filters —
 * totals, the trend chart, the item × purpose table and the dialogue map — in parallel.
 * `document.body.dataset.state` is `signed-out`, `loading`, `ready` or `error` (tests wait on it).
 */
/* global document, performance, Option */
import { ApiError, dialogueMap, downloadCsv, optins, token } from './api.js';
import { drawMap } from './map.js';
import { drawTable } from './table.js';
import { TEXT, fillTexts, percent } from './texts.js';
import { describeTrend, drawTrend } from './trend.js';

const $ = (id) => document.getElementById(id);
const TABLE_GROUPS = ['item', 'purpose'];
let structure;

const setState = (s) => (document.body.dataset.state = s);

function show(signedIn) {
  $('sign-in').hidden = signedIn;
  $('dashboard').hidden = !signedIn;
  $('sign-out').hidden = !signedIn;
  if (!signedIn) setState('signed-out');
}

const isoDay = (t) => new Date(t).toISOString().slice(0, 10);

function filters() {
  return {
    from: $('from').value,
    to: $('to').value,
    locale: $('locale').value,
    channel: $('channel').value,
    journey: $('journey').value,
  };
}

/** Fills a select with "All" plus `values`, keeping the current choice when it is still there. */
function options(select, values, label = (v) => v) {
  const keep = select.value;
  const all = new Option(TEXT.all, '');
  select.replaceChildren(all, ...values.map((v) => new Option(label(v), v)));
  select.value = values.includes(keep) ? keep : '';
}

function totals(total) {
  const cards = [
    ['asks', total.hidden ? TEXT.hidden : String(total.asks)],
    ['optInRate', percent(total.rates.optInRate)],
    ['declineRate', percent(total.rates.declineRate)],
    ['whyRate', percent(total.rates.whyRate)],
    ['abandonRate', percent(total.rates.abandonRate)],
    ['notAsked', total.hidden ? TEXT.hidden : String(total.counts.suppressed)],
  ];
  $('totals-cards').replaceChildren(
    ...cards.map(([key, value]) => {
      const card = document.createElement('div');
      card.className = 'card';
      card.dataset.key = key;
      const v = document.createElement('strong');
      v.textContent = value;
      const l = document.createElement('span');
      l.textContent = TEXT[key];
      card.append(v, l);
      return card;
    }),
  );
}

async function load() {
  setState('loading');
  $('error').textContent = '';
  const f = filters();
  try {
    const range = { from: f.from, to: f.to };
    const [map, table, trend, steps, locales, channels] = await Promise.all([
      structure ?? dialogueMap(),
      optins(f, TABLE_GROUPS),
      optins(f, ['day']),
      optins(f, ['journey', 'step', 'item', 'purpose']),
      optins(range, ['locale']),
      optins(range, ['channel']),
    ]);
    structure = map;
    options(
      $('locale'),
      locales.rows.map((r) => r.group.locale),
    );
    options(
      $('channel'),
      channels.rows.map((r) => r.group.channel),
    );
    options(
      $('journey'),
      structure.journeys.map((j) => j.id),
      (id) => structure.journeys.find((j) => j.id === id)?.title ?? id,
    );
    totals(table.total);
    drawTrend($('trend'), trend);
    describeTrend($('trend-summary'), $('trend-table'), trend);
    drawTable($('items'), table);
    drawMap($('map'), structure, steps, f.journey);
    setState('ready');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return signOut(TEXT.badToken);
    if (e instanceof ApiError && e.status === 403) return signOut(TEXT.forbidden);
    $('error').textContent = TEXT.failed + e.message;
    setState('error');
  }
}

function signOut(message = '') {
  token.clear();
  structure = undefined;
  $('sign-in-error').textContent = message;
  show(false);
}

function start() {
  fillTexts();
  const now = Date.now();
  $('from').value = isoDay(now - 29 * 86_400_000);
  $('to').value = isoDay(now);
  $('sign-in-form').addEventListener('submit', (e) => {
    e.preventDefault();
    token.set($('token').value.trim());
    $('token').value = '';
    show(true);
    void load();
  });
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  for (const id of ['locale', 'channel', 'journey']) $(id).addEventListener('change', () => void load());
  $('sign-out').addEventListener('click', () => signOut());
  $('csv').addEventListener('click', () =>
    downloadCsv(filters(), TABLE_GROUPS).catch((e) => ($('error').textContent = TEXT.failed + e.message)),
  );
  if (token.get()) {
    show(true);
    void load().then(() => (document.body.dataset.loadMs = String(Math.round(performance.now()))));
  } else show(false);
}

start();
