/**
 * The runtime's ask-event sink on the analytics store. Counting must never fail or stall a
 * customer's turn: a failed write is logged and dropped, a slow one is waited for only briefly
 * and finishes in the background. `flush()` waits for writes still running (shutdown, tests).
 */
import type { AnalyticsStore } from '../storage/index.ts';
import type { AskEvent, AskEventSink } from '../storage/ask-events.ts';

export interface SinkLog {
  warn(obj: object, msg: string): void;
}

export interface AskEventSinkOptions {
  readonly store: Pick<AnalyticsStore, 'record'>;
  readonly log: SinkLog;
  /** How long a turn waits for a write before going on without it (default 250 ms). */
  readonly waitMs?: number;
}

export interface FlushableSink extends AskEventSink {
  /** Resolves when every write started so far has finished (or failed). */
  flush(): Promise<void>;
}

/** Runs `work` in the background but lets the caller wait up to `ms` for it; tracks it for flushing. */
export function boundedBackground(log: SinkLog, what: string, waitMs: number) {
  const running = new Set<Promise<void>>();
  const run = async (fields: object, work: () => Promise<void>): Promise<void> => {
    const p = Promise.resolve()
      .then(work)
      .catch((err: unknown) =>
        log.warn(
          { ...fields, err: { name: (err as Error).name, message: (err as Error).message } },
          `${what} failed`,
        ),
      );
    running.add(p);
    void p.finally(() => running.delete(p));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((ok) => (timer = setTimeout(ok, waitMs)));
    await Promise.race([p, late]);
    clearTimeout(timer);
  };
  const flush = async () => {
    while (running.size > 0) await Promise.all([...running]);
  };
  return { run, flush };
}

/** The sink the runtime reports ask events to (`createRuntime({ events })`). */
export function createAskEventSink(opts: AskEventSinkOptions): FlushableSink {
  const bg = boundedBackground(opts.log, 'counting an ask event', opts.waitMs ?? 250);
  return {
    // Only ids go in the log: an event never carries a value or a subject.
    record: (e: AskEvent) =>
      bg.run({ type: e.type, item: e.item, purpose: e.purpose, journey: e.journey }, () =>
        opts.store.record(e),
      ),
    flush: bg.flush,
  };
}
