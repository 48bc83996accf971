/**
 * The business's systems, wired: the catalog's `${VAR}` references read from the environment
 * (again whenever the map is reloaded), the action caller, and a start-up warning for each system
 * that cannot be reached (its actions fail visibly, its events wait in the outbox).
 */
import type { Logger } from 'pino';
import type { ActionCaller } from '../journey/index.ts';
import { resolveSystems, type DialogueMap, type Env, type ResolvedSystem } from '../map/index.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { createActionCaller } from '../systems/index.ts';

export interface SystemsWiring {
  readonly systems: () => ReadonlyMap<string, ResolvedSystem>;
  readonly actions: ActionCaller;
}

export function wireSystems(deps: {
  readonly map: () => DialogueMap;
  readonly env: Env;
  readonly clock: Clock;
  readonly log: Logger;
}): SystemsWiring {
  let seen: DialogueMap | undefined;
  let resolved: ReadonlyMap<string, ResolvedSystem> = new Map();
  const systems = () => {
    const map = deps.map();
    if (map !== seen) {
      seen = map;
      resolved = resolveSystems(map.catalog, deps.env);
      for (const s of resolved.values())
        if (!s.url || !s.secret)
          deps.log.warn(
            { system: s.id, url: Boolean(s.url), secret: Boolean(s.secret) },
            'system not set up: its actions fail and its events wait until its url and secret are set',
          );
    }
    return resolved;
  };
  systems();
  // Signatures carry the real time: a receiver checks it against its own clock.
  return { systems, actions: createActionCaller({ systems, clock: systemClock, log: deps.log }) };
}
