/**
 * `GET /admin/api/dialogue-map` (roles marketer, designer, dpo): the dialogue map as the dashboard
 * draws it — each journey's steps, the items each step asks for and for which purpose, and the
 * edges between steps (next, choice options, decline paths). Structure only, no customer data.
 */
import type { Request, Response, Server } from 'restify';
import {
  actionSends,
  exitsOf,
  nameIn,
  purposesOfSystem,
  recipientName,
  type DialogueMap,
  type Texts,
} from '../map/index.ts';
import { requireRole } from './admin-actor.ts';
import type { Role } from './auth.ts';

export interface MapRoutesDeps {
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
  readonly tokens: ReadonlyMap<string, Role>;
}

const ROLES: readonly Role[] = ['marketer', 'designer', 'dpo'];
/** Staff pages are English. */
const LANG = 'en';

/** The map's structure for drawing: journeys → steps (with needs) and edges. */
export function mapStructure(map: DialogueMap, texts: Texts) {
  const t = (key: string) => texts.t(LANG, key, {}, 'map');
  return {
    /** The business's systems and the purposes whose data each receives. */
    systems: Object.entries(map.catalog.systems).map(([id, s]) => ({
      id,
      name: nameIn(s.name, LANG),
      role: s.role,
      purposes: purposesOfSystem(map.catalog, id),
    })),
    journeys: [...map.journeys.values()].map((j) => {
      const stepIds = new Set(Object.keys(j.steps));
      const edges = Object.entries(j.steps).flatMap(([from, step]) =>
        exitsOf(step).map((e) => ({
          from,
          // `null` ends the journey; a decline of a required need with nowhere to go stops it.
          to: e.to === null ? '(end)' : stepIds.has(e.to) ? e.to : `(${e.to})`,
          label: e.label,
          declined: e.declined,
        })),
      );
      return {
        id: j.id,
        title: t(`journeys.${j.id}.title`),
        version: j.version,
        start: j.start,
        steps: Object.entries(j.steps).map(([id, step]) => ({
          id,
          task: step.task,
          choice: step.choice?.options.map((o) => o.id) ?? [],
          needs: step.needs.map((n) => ({
            item: n.item,
            itemName: t(`items.${n.item}.name`),
            purpose: n.purpose,
            basis: map.catalog.purposes[n.purpose]?.basis ?? '',
            required: n.required,
          })),
          /** The step's action: which system, and which items it sends for which purpose. */
          action: step.do
            ? {
                system: step.do.system,
                systemName: recipientName(map.catalog, step.do.system, 'en'),
                action: step.do.action,
                sends: actionSends(map.catalog, step).map((n) => ({ item: n.item, purpose: n.purpose })),
              }
            : null,
        })),
        edges,
      };
    }),
  };
}

/** Mounts the map structure route. */
export function mountDialogueMap(deps: MapRoutesDeps): (server: Server) => void {
  return (server) => {
    server.get(
      '/admin/api/dialogue-map',
      requireRole(deps.tokens, ROLES),
      async (_req: Request, res: Response) => {
        res.header('Cache-Control', 'no-store');
        res.send(200, mapStructure(deps.map(), deps.texts()));
        return Promise.resolve();
      },
    );
  };
}
