/**
 * The business's systems, wired: the catalog's `${VAR}` references read from the environment
 * (again whenever the map is reloaded), the action caller, and a start-up warning for each system
 * that cannot be reached (its actions fail visibly, its events wait in the outbox).
 */
import type { Logger } from 'pino';
import type { ActionCaller } from '../journey/index.ts';
import { resolveSystems, type DialogueMap, type Env, type ResolvedSystem } from '../map/index.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { valueAad, type Cipher } from '../consent/index.ts';
import type { Store } from '../storage/index.ts';
import { createActionCaller, createOutboxWorker, type OutboxWorker } from '../systems/index.ts';

export interface SystemsWiring {
  readonly systems: () => ReadonlyMap<string, ResolvedSystem>;
  readonly actions: ActionCaller;
}

export function wireSystems(deps: {
  readonly map: () => DialogueMap;
  readonly env: Env;
  readonly clock: Clock;
  readonly log: Logger;
  /** Systems holding a pull token (`SYSTEM_TOKENS`): one the catalog does not declare is warned of. */
  readonly pulling?: Iterable<string>;
}): SystemsWiring {
  for (const id of new Set(deps.pulling ?? []))
    if (!deps.map().catalog.systems[id])
      deps.log.warn(
        { system: id },
        'SYSTEM_TOKENS names a system the catalog does not declare: it can pull nothing',
      );
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

/**
 * The events worker over the store, and its timer: every `everySeconds` (0: off) it delivers
 * what is due, one run at a time.
 */
export function wireOutbox(deps: {
  readonly store: Store;
  readonly systems: () => ReadonlyMap<string, ResolvedSystem>;
  readonly cipher: Cipher;
  readonly clock: Clock;
  readonly holder: string;
  readonly log: Logger;
  readonly everySeconds: number;
}) {
  const worker: OutboxWorker = createOutboxWorker({
    store: deps.store,
    systems: deps.systems,
    reveal: (e) => {
      if (!e.value) throw new Error('the event carries no value');
      return deps.cipher.decrypt(e.value, valueAad(e.subject, e.item));
    },
    clock: deps.clock,
    wallClock: systemClock,
    holder: deps.holder,
    log: deps.log,
  });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    running ??= worker
      .run()
      .catch((e: unknown) => deps.log.warn({ err: (e as Error).name }, 'events delivery failed'))
      .finally(() => (running = undefined));
  };
  return {
    worker,
    start() {
      if (deps.everySeconds <= 0 || timer) return;
      timer = setInterval(tick, deps.everySeconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
