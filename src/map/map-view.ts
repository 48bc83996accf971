/**
 * The dialogue map for people: journeys, their steps, the items each step needs and for which
 * purpose, and where a decline leads. As a plain-text outline, a Mermaid flowchart or an HTML page.
 */
import { escapeHtml, htmlDocument } from './document.ts';
import type { Catalog, Journey, Need, Step } from './schema.ts';
import { purposesOfSystem } from './systems.ts';
import { recipientName } from './wording.ts';
import type { Texts } from './texts.ts';
import type { MapContent } from './uses.ts';
import { nameIn } from './local-name.ts';

/** Where a step leads: its choice options' own next steps, its next step, its decline path. */
export function exitsOf(step: Step): { label: string; to: string | null; declined: boolean }[] {
  const exits: { label: string; to: string | null; declined: boolean }[] = [];
  for (const o of step.choice?.options ?? [])
    if (o.next) exits.push({ label: o.id, to: o.next, declined: false });
  const plainOptions = (step.choice?.options ?? []).filter((o) => !o.next).map((o) => o.id);
  if (!step.choice || plainOptions.length > 0) {
    exits.push({
      label: step.choice ? plainOptions.join(', ') : 'next',
      to: step.next ?? null,
      declined: false,
    });
  }
  for (const [outcome, to] of Object.entries(step.do?.outcomes ?? {}))
    exits.push({ label: outcome, to, declined: false });
  if (step.do) exits.push({ label: 'failed', to: step.onError ?? null, declined: true });
  if (step.onDecline) exits.push({ label: 'declined', to: step.onDecline, declined: true });
  else if (step.needs.some((n) => n.required)) exits.push({ label: 'declined', to: 'stop', declined: true });
  return exits;
}

/** "mobile for delivery-sms (contract, P30D, optional)". */
export function needLabel(catalog: Catalog, need: Need): string {
  const p = catalog.purposes[need.purpose];
  const terms = p ? `${p.basis}, ${p.retention}, ` : '';
  return `${need.item} for ${need.purpose} (${terms}${need.required ? 'required' : 'optional'})`;
}

/** The items a step's action sends: its needs whose purpose the action's system receives. */
export const actionSends = (catalog: Catalog, step: Step): Need[] =>
  step.do
    ? step.needs.filter((n) => catalog.purposes[n.purpose]?.recipients.includes(step.do?.system ?? ''))
    : [];

/** "logistics/book-delivery, sends mobile for delivery-sms" (or "sends nothing"). */
export function actionLabel(catalog: Catalog, step: Step): string {
  if (!step.do) return '';
  const sends = actionSends(catalog, step).map((n) => `${n.item} for ${n.purpose}`);
  return `${step.do.system}/${step.do.action}, sends ${sends.length > 0 ? sends.join(', ') : 'nothing'}`;
}

const title = (texts: Texts, j: Journey) => texts.t('en', `journeys.${j.id}.title`, {}, 'map');

/** A plain-text outline of every journey, for the terminal. */
export function mapOutline(content: MapContent, texts: Texts): string {
  const lines: string[] = [];
  const { catalog } = content;
  for (const [id, sys] of Object.entries(catalog.systems)) {
    const receives = purposesOfSystem(catalog, id);
    lines.push(
      `system ${id}  “${nameIn(sys.name, 'en')}”  (${sys.role})  receives ${receives.length > 0 ? receives.join(', ') : 'nothing'}`,
    );
  }
  if (lines.length > 0) lines.push('');
  for (const j of content.journeys.values()) {
    lines.push(`${j.id}  “${title(texts, j)}”  (version ${j.version}, starts at ${j.start})`);
    for (const [id, step] of Object.entries(j.steps)) {
      lines.push(`  ${id}  ${step.task}`);
      if (step.choice) lines.push(`      choice: ${step.choice.options.map((o) => o.id).join(' | ')}`);
      for (const n of step.needs) lines.push(`      needs ${needLabel(content.catalog, n)}`);
      if (step.do) lines.push(`      does ${actionLabel(content.catalog, step)}`);
      const exits = exitsOf(step).map((e) => `${e.label} → ${e.to ?? '(end)'}`);
      lines.push(`      ${exits.join('   ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const nodeId = (journey: string, step: string) => `${journey}__${step}`.replace(/-/g, '_');
const mermaidText = (s: string) => s.replace(/"/g, '#quot;');

/** A Mermaid flowchart: one subgraph per journey; dotted edges are decline paths. */
export function mapMermaid(content: MapContent, texts: Texts): string {
  const out = ['flowchart TD'];
  for (const j of content.journeys.values()) {
    out.push(
      `  subgraph ${nodeId(j.id, '')}["${mermaidText(`${title(texts, j)} (${j.id} v${j.version})`)}"]`,
    );
    out.push(`    ${nodeId(j.id, '_start')}((start)) --> ${nodeId(j.id, j.start)}`);
    for (const [id, step] of Object.entries(j.steps)) {
      const needs =
        step.needs.map((n) => `<br/>needs ${needLabel(content.catalog, n)}`).join('') +
        (step.do ? `<br/>does ${actionLabel(content.catalog, step)}` : '');
      out.push(`    ${nodeId(j.id, id)}["${mermaidText(`<b>${id}</b><br/>${step.task}${needs}`)}"]`);
    }
    for (const [id, step] of Object.entries(j.steps)) {
      for (const e of exitsOf(step)) {
        const to = nodeId(j.id, e.to === null ? '_end' : e.to === 'stop' && !j.steps.stop ? '_stop' : e.to);
        const arrow = e.declined
          ? `-. ${e.label} .->`
          : e.label === 'next'
            ? '-->'
            : `-->|${mermaidText(e.label)}|`;
        out.push(`    ${nodeId(j.id, id)} ${arrow} ${to}`);
      }
    }
    out.push(`    ${nodeId(j.id, '_end')}((end))`);
    if (Object.values(j.steps).some((s) => !s.onDecline && s.needs.some((n) => n.required))) {
      out.push(`    ${nodeId(j.id, '_stop')}((stop))`);
    }
    out.push('  end');
  }
  return out.join('\n') + '\n';
}

const cell = (s: string) => `<td>${s}</td>`;

function journeyTable(content: MapContent, j: Journey): string {
  const rows = Object.entries(j.steps).map(([id, step]) => {
    const needs = step.needs.map((n) => escapeHtml(needLabel(content.catalog, n))).join('<br>');
    const exits = exitsOf(step).map((e) => escapeHtml(`${e.label} → ${e.to ?? '(end)'}`));
    const choice = step.choice ? `choice: ${step.choice.options.map((o) => o.id).join(' | ')}` : '';
    const action = escapeHtml(actionLabel(content.catalog, step));
    return `<tr>${[`<code>${escapeHtml(id)}</code>`, escapeHtml(step.task), escapeHtml(choice), needs, action, exits.join('<br>')].map(cell).join('')}</tr>`;
  });
  return `<table>\n<tr><th>Step</th><th>Task</th><th>Choice</th><th>Needs</th><th>Action</th><th>Leads to</th></tr>\n${rows.join('\n')}\n</table>`;
}

/** A self-contained HTML page: catalog tables, then each journey's steps and its Mermaid source. */
export function mapHtml(content: MapContent, texts: Texts): string {
  const { catalog } = content;
  const items = Object.entries(catalog.items).map(
    ([id, i]) =>
      `<tr>${[id, i.type, i.category, i.special ? 'special (Art. 9)' : ''].map((s) => cell(escapeHtml(s))).join('')}</tr>`,
  );
  const purposes = Object.entries(catalog.purposes).map(
    ([id, p]) =>
      `<tr>${[id, p.use, p.basis, p.retention, p.giveBackAfter, nameIn(p.department, 'en'), p.recipients.map((r) => recipientName(catalog, r, 'en')).join(', ')].map((s) => cell(escapeHtml(s))).join('')}</tr>`,
  );
  const systems = Object.entries(catalog.systems).map(
    ([id, sys]) =>
      `<tr>${[id, nameIn(sys.name, 'en'), sys.role, sys.url ?? '(none)', purposesOfSystem(catalog, id).join(', ')].map((x) => cell(escapeHtml(x))).join('')}</tr>`,
  );
  const journeys = [...content.journeys.values()].map(
    (j) =>
      `<h2>${escapeHtml(title(texts, j))} <small><code>${escapeHtml(j.id)}</code> v${j.version}</small></h2>\n${journeyTable(content, j)}`,
  );
  const body = [
    `<h1>Dialogue map of ${escapeHtml(nameIn(catalog.controller.name, 'en'))}</h1>`,
    '<h2>Items</h2>',
    `<table>\n<tr><th>Item</th><th>Type</th><th>Category</th><th></th></tr>\n${items.join('\n')}\n</table>`,
    ...(systems.length > 0
      ? [
          '<h2>Systems</h2>',
          `<table>\n<tr><th>System</th><th>Name</th><th>Role</th><th>URL</th><th>Receives</th></tr>\n${systems.join('\n')}\n</table>`,
        ]
      : []),
    '<h2>Purposes</h2>',
    `<table>\n<tr><th>Purpose</th><th>Use</th><th>Basis</th><th>Retention</th><th>Give back after</th><th>Department</th><th>Recipients</th></tr>\n${purposes.join('\n')}\n</table>`,
    ...journeys,
    `<details><summary>Mermaid source</summary>\n<pre>${escapeHtml(mapMermaid(content, texts))}</pre>\n</details>`,
  ];
  return htmlDocument({
    lang: 'en',
    title: `Dialogue map of ${nameIn(catalog.controller.name, 'en')}`,
    body: body.join('\n'),
    css: 'body{max-width:70rem}',
  });
}
