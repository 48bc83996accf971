/**
 * Second pass of map loading: references between files, the journey graph, lean data and texts.
 * Each rule returns problems with the line of the offending value.
 */
import { itemWordsIssues } from './item-words.ts';
import type { Problem } from './problems.ts';
import type { Catalog, Journey } from './schema.ts';
import { SHIPPED_LOCALES, type Texts } from './texts.ts';
import type { YamlSource } from './yaml-source.ts';

interface Input {
  readonly catalog: Catalog;
  readonly catalogSrc: YamlSource;
  readonly journeys: readonly { src: YamlSource; journey: Journey; fileId: string }[];
  readonly texts: Texts;
}

type Emit = (path: (string | number)[], message: string, severity?: Problem['severity']) => void;

function emitterFor(src: YamlSource, out: Problem[]): Emit {
  return (path, message, severity = 'error') =>
    out.push({ severity, file: src.file, line: src.lineOf(path), path: path.join('.'), message });
}

/** Step ids a step can lead to, with the path of the field that leads there. */
export function edgesOf(journey: Journey, stepId: string): { to: string; path: (string | number)[] }[] {
  const step = journey.steps[stepId];
  if (!step) return [];
  const base = ['steps', stepId];
  const edges: { to: string; path: (string | number)[] }[] = [];
  if (step.next) edges.push({ to: step.next, path: [...base, 'next'] });
  if (step.onDecline) edges.push({ to: step.onDecline, path: [...base, 'onDecline'] });
  step.choice?.options.forEach((o, i) => {
    if (o.next) edges.push({ to: o.next, path: [...base, 'choice', 'options', i, 'next'] });
  });
  for (const [outcome, to] of Object.entries(step.do?.outcomes ?? {}))
    edges.push({ to, path: [...base, 'do', 'outcomes', outcome] });
  if (step.onError) edges.push({ to: step.onError, path: [...base, 'onError'] });
  return edges;
}

function checkGraph(journey: Journey, emit: Emit): void {
  if (!journey.steps[journey.start]) emit(['start'], `start step "${journey.start}" does not exist`);
  for (const stepId of Object.keys(journey.steps)) {
    for (const e of edgesOf(journey, stepId)) {
      if (!journey.steps[e.to]) emit(e.path, `step "${e.to}" does not exist`);
    }
  }
  const seen = new Set<string>();
  const onPath = new Set<string>();
  const visit = (id: string): void => {
    if (onPath.has(id)) return emit(['steps', id], `cycle: step "${id}" can be reached from itself`);
    if (seen.has(id) || !journey.steps[id]) return;
    seen.add(id);
    onPath.add(id);
    for (const e of edgesOf(journey, id)) visit(e.to);
    onPath.delete(id);
  };
  visit(journey.start);
  for (const id of Object.keys(journey.steps)) {
    if (!seen.has(id)) emit(['steps', id], `step "${id}" cannot be reached from the start step`);
  }
}

function checkNeeds(journey: Journey, catalog: Catalog, emit: Emit): void {
  for (const [stepId, step] of Object.entries(journey.steps)) {
    step.needs.forEach((need, i) => {
      const at = ['steps', stepId, 'needs', i];
      if (!catalog.items[need.item]) emit([...at, 'item'], `unknown item "${need.item}"`);
      const purpose = catalog.purposes[need.purpose];
      if (!purpose) emit([...at, 'purpose'], `unknown purpose "${need.purpose}"`);
      if (purpose?.basis === 'consent' && need.required) {
        emit(
          [...at, 'required'],
          'a consent-based need cannot be required: consent must not be a condition of service (GDPR Art. 7(4))',
        );
      }
      if (step.needs.findIndex((n) => n.item === need.item && n.purpose === need.purpose) !== i) {
        emit(at, `"${need.item}" for "${need.purpose}" is needed twice in this step`);
      }
    });
    if (step.choice && step.needs.length > 0) {
      emit(['steps', stepId], 'a step either offers a choice or needs data, not both: split it in two steps');
    }
  }
}

function checkTexts(keys: { key: string; path: (string | number)[] }[], texts: Texts, emit: Emit): void {
  for (const { key, path } of keys) {
    const missing = SHIPPED_LOCALES.filter((lng) => !texts.has(lng, key, 'map'));
    if (missing.length > 0) emit(path, `text "${key}" is missing in locale ${missing.join(', ')}`);
  }
}

function journeyTextKeys(journey: Journey): { key: string; path: (string | number)[] }[] {
  const keys: { key: string; path: (string | number)[] }[] = [
    { key: `journeys.${journey.id}.title`, path: ['id'] },
    { key: `journeys.${journey.id}.triggers`, path: ['id'] },
  ];
  for (const [stepId, step] of Object.entries(journey.steps)) {
    if (step.needs.length > 0)
      keys.push({ key: `journeys.${journey.id}.steps.${stepId}`, path: ['steps', stepId] });
    if (step.say) keys.push({ key: step.say, path: ['steps', stepId, 'say'] });
    if (step.choice) {
      keys.push({ key: step.choice.prompt, path: ['steps', stepId, 'choice', 'prompt'] });
      step.choice.options.forEach((o, i) => {
        const at = ['steps', stepId, 'choice', 'options', i];
        keys.push({ key: o.label, path: [...at, 'label'] });
        if (o.phrase) keys.push({ key: o.phrase, path: [...at, 'phrase'] });
      });
    }
  }
  return keys;
}

/** EU and EEA countries: data kept there is not transferred in the sense of GDPR Chapter V. */
const EEA = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' '),
);

function checkProviders(catalog: Catalog, emit: Emit): void {
  if (!Object.values(catalog.providers).some((p) => p.service === 'channel')) {
    emit(
      ['providers'],
      'no provider carries the chat (service: channel): if customers reach the bot through Azure Bot Service, Teams, Slack…, declare it, so the notice names it as a recipient',
      'warning',
    );
  }
  for (const [id, p] of Object.entries(catalog.providers)) {
    if (!EEA.has(p.country) && !p.transfers.some((t) => t.country === p.country)) {
      emit(
        ['providers', id, 'country'],
        `provider "${id}" processes in ${p.country}, outside the EEA: declare that transfer with its safeguard under transfers (GDPR Art. 44–49)`,
      );
    }
  }
}

function checkCatalog(input: Input, emit: Emit): void {
  const { catalog, journeys, texts } = input;
  const needed = new Set(journeys.flatMap((j) => Object.values(j.journey.steps).flatMap((s) => s.needs)));
  const neededItems = new Set([...needed].map((n) => n.item));
  const usedPurposes = new Set([...needed].map((n) => n.purpose));
  for (const id of Object.keys(catalog.items)) {
    if (!neededItems.has(id))
      emit(['items', id], `item "${id}" is not needed by any step: don't collect what no task uses`);
  }
  for (const id of Object.keys(catalog.purposes)) {
    if (!usedPurposes.has(id)) emit(['purposes', id], `purpose "${id}" is not used by any step`, 'warning');
  }
  checkProviders(catalog, emit);
  const keys = [
    ...Object.entries(catalog.purposes).flatMap(([id, p]) =>
      p.interest ? [{ key: p.interest, path: ['purposes', id, 'interest'] }] : [],
    ),
    ...Object.keys(catalog.items).map((id) => ({ key: `items.${id}.name`, path: ['items', id] })),
    ...Object.keys(catalog.purposes).flatMap((id) => [
      { key: `purposes.${id}.reason`, path: ['purposes', id] },
      { key: `purposes.${id}.description`, path: ['purposes', id] },
    ]),
  ];
  checkTexts(keys, texts, emit);
  for (const { item, message } of itemWordsIssues(catalog, texts)) emit(['items', item], message);
}

/** Runs every cross-file rule and returns the problems found. */
export function checkReferences(input: Input): Problem[] {
  const out: Problem[] = [];
  checkCatalog(input, emitterFor(input.catalogSrc, out));
  const ids = new Map<string, string>();
  for (const { src, journey, fileId } of input.journeys) {
    const emit = emitterFor(src, out);
    if (journey.id !== fileId)
      emit(['id'], `journey id "${journey.id}" must match its file name "${fileId}"`);
    const other = ids.get(journey.id);
    if (other) emit(['id'], `journey id "${journey.id}" is also used in ${other}`);
    ids.set(journey.id, src.file);
    checkGraph(journey, emit);
    checkNeeds(journey, input.catalog, emit);
    checkTexts(journeyTextKeys(journey), input.texts, emit);
  }
  return out;
}
