/**
 * Where the map uses what: every need with its journey and step, and the items each purpose
 * covers. The notice, the record of processing, purpose terms and the lint all read from here.
 */
import type { Catalog, DialogueMap, Journey, Need } from './schema.ts';

/** The parts of a map its documents are generated from (no notice version: it is derived from them). */
export type MapContent = Pick<DialogueMap, 'catalog' | 'journeys'>;

/** A need where it occurs: journey, step and its index in the step's `needs`. */
export interface NeedSite {
  readonly journey: Journey;
  readonly step: string;
  readonly index: number;
  readonly need: Need;
}

/** Every need of every journey, in journey then step order. */
export function needSites(journeys: Iterable<Journey>): NeedSite[] {
  const out: NeedSite[] = [];
  for (const journey of journeys) {
    for (const [step, s] of Object.entries(journey.steps)) {
      s.needs.forEach((need, index) => out.push({ journey, step, index, need }));
    }
  }
  return out;
}

/** The needs of one purpose. */
export const sitesOfPurpose = (content: MapContent, purpose: string): NeedSite[] =>
  needSites(content.journeys.values()).filter((s) => s.need.purpose === purpose);

/** The items a purpose covers, in catalog order. */
export function itemsOfPurpose(content: MapContent, purpose: string): string[] {
  const used = new Set(sitesOfPurpose(content, purpose).map((s) => s.need.item));
  return Object.keys(content.catalog.items).filter((id) => used.has(id));
}

/** Whether a purpose's use is marketing (fideslang `marketing.*`). */
export const isMarketing = (use: string): boolean => use === 'marketing' || use.startsWith('marketing.');

/** Purposes in catalog order with their id. */
export const purposesOf = (catalog: Catalog) =>
  Object.entries(catalog.purposes).map(([id, purpose]) => ({ id, ...purpose }));
