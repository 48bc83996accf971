/**
 * The dialogue map (Cytoscape.js with its dagre layout): one graph per journey, its steps as
 * nodes laid out top-down in ranks from the start step. A step that asks for data lists each item with its opt-in rate and is
 * coloured by its lowest rate, red (low) to green (high); dashed arrows are decline paths.
 * Under each graph the same figures as text, for reading and for assistive technology.
 */
/* global window, document */
import { TEXT, percent } from './texts.js';

const LOW = [215, 48, 39];
const MID = [254, 224, 139];
const HIGH = [26, 152, 80];
const NONE = '#d9d9d9';

/** Red → yellow → green for a rate in 0..1. */
export function rateColour(rate) {
  if (rate === null || rate === undefined) return NONE;
  const [a, b, t] = rate < 0.5 ? [LOW, MID, rate * 2] : [MID, HIGH, (rate - 0.5) * 2];
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * t));
  return `rgb(${c.join(',')})`;
}

const needKey = (step, n) => `${step}|${n.item}|${n.purpose}`;

/** Rates by step|item|purpose from a `groupBy=journey,step,item,purpose` report, for one journey. */
function ratesOf(report, journey) {
  const out = new Map();
  for (const r of report.rows)
    if (r.group.journey === journey) out.set(`${r.group.step}|${r.group.item}|${r.group.purpose}`, r);
  return out;
}

function needLine(row, need) {
  const what = `${need.itemName} · ${need.purpose}`;
  if (!row) return { rate: null, text: `${what}: ${TEXT.noAsks}` };
  if (row.hidden) return { rate: null, text: `${what}: ${TEXT.hidden} ${TEXT.asksShort}` };
  const rate = row.rates.optInRate;
  return { rate, text: `${what}: ${percent(rate)} ${TEXT.optInShort} (${row.asks} ${TEXT.asksShort})` };
}

/** Node size from its label (Cytoscape cannot size a node to its label without a deprecated style). */
function sized(data) {
  const lines = data.label.split('\n');
  const w = Math.max(...lines.map((l) => l.length)) * 6.6 + 24;
  return { ...data, w, h: lines.length * 15 + 16 };
}

function elementsOf(journey, rates) {
  const nodes = journey.steps.map((s) => {
    const lines = s.needs.map((n) => needLine(rates.get(needKey(s.id, n)), n));
    const known = lines.map((l) => l.rate).filter((r) => r !== null);
    const colour = s.needs.length === 0 ? '#f7f7f7' : rateColour(known.length ? Math.min(...known) : null);
    const action = s.action
      ? [
          `→ ${s.action.systemName}: ${s.action.action} (${s.action.sends.map((x) => x.item).join(', ') || '–'})`,
        ]
      : [];
    const label = [s.id, ...lines.map((l) => l.text), ...action].join('\n');
    return { data: sized({ id: s.id, label, colour, asks: s.needs.length > 0 ? 'yes' : 'no' }) };
  });
  const pseudo = [...new Set(journey.edges.map((e) => e.to).filter((t) => t.startsWith('(')))];
  for (const p of pseudo)
    nodes.push({
      data: sized({ id: p, label: p === '(end)' ? TEXT.end : TEXT.stop, colour: '#ffffff', asks: 'end' }),
    });
  const edges = journey.edges.map((e, i) => ({
    data: {
      id: `e${i}`,
      source: e.from,
      target: e.to,
      label: e.label === 'next' ? '' : e.label,
      declined: e.declined ? 'yes' : 'no',
    },
  }));
  return {
    nodes,
    edges,
    lines: journey.steps.map((s) => ({
      step: s,
      lines: s.needs.map((n) => needLine(rates.get(needKey(s.id, n)), n)),
    })),
  };
}

const STYLE = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      label: 'data(label)',
      'background-color': 'data(colour)',
      'border-width': 1,
      'border-color': '#555',
      'text-wrap': 'wrap',
      'text-valign': 'center',
      'text-halign': 'center',
      'font-size': 11,
      width: 'data(w)',
      height: 'data(h)',
    },
  },
  { selector: 'node[asks = "end"]', style: { shape: 'ellipse', 'font-size': 10 } },
  {
    selector: 'edge',
    style: {
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      width: 1.5,
      'line-color': '#777',
      'target-arrow-color': '#777',
      label: 'data(label)',
      'font-size': 9,
      'text-background-color': '#fff',
      'text-background-opacity': 1,
    },
  },
  {
    selector: 'edge[declined = "yes"]',
    style: { 'line-style': 'dashed', 'line-color': '#d73027', 'target-arrow-color': '#d73027' },
  },
];

const graphs = [];

function journeyCard(journey, rates) {
  const { nodes, edges, lines } = elementsOf(journey, rates);
  const card = document.createElement('article');
  card.className = 'journey';
  card.dataset.journey = journey.id;
  const h = document.createElement('h3');
  h.textContent = `${journey.title} (${journey.id})`;
  const box = document.createElement('div');
  box.className = 'graph';
  const list = document.createElement('ul');
  list.className = 'map-details';
  for (const { step, lines: ls } of lines) {
    for (const l of ls.length ? ls : [{ text: TEXT.noNeeds, rate: undefined }]) {
      const li = document.createElement('li');
      li.dataset.step = step.id;
      const chip = document.createElement('span');
      chip.className = 'chip';
      chip.style.background = l.rate === undefined ? 'transparent' : rateColour(l.rate);
      li.append(chip, `${step.id}: ${l.text}`);
      list.append(li);
    }
  }
  card.append(h, box, list);
  return { card, box, elements: [...nodes, ...edges] };
}

/** Draws every journey of `structure` (optionally only `only`) with the rates of `report`. */
export function drawMap(container, structure, report, only) {
  for (const g of graphs.splice(0)) g.destroy();
  const journeys = structure.journeys.filter((j) => !only || j.id === only);
  const cards = journeys.map((j) => journeyCard(j, ratesOf(report, j.id)));
  container.replaceChildren(...cards.map((c) => c.card));
  for (const { box, elements } of cards) {
    const cy = window.cytoscape({
      container: box,
      elements,
      style: STYLE,
      layout: { name: 'dagre', rankDir: 'TB', nodeSep: 24, rankSep: 46, fit: false },
      maxZoom: 1,
      userZoomingEnabled: false,
      boxSelectionEnabled: false,
      autoungrabify: true,
    });
    // Size the box to the laid-out graph, then fit: labels stay readable (zoom ≤ 1).
    box.style.height = `${Math.min(720, Math.ceil(cy.elements().boundingBox().h) + 28)}px`;
    cy.resize();
    cy.fit(undefined, 12);
    graphs.push(cy);
  }
  return graphs;
}
