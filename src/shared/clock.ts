/** Time and ids come from here, injected, so tests can move time and domain code stays pure. */
import { randomUUID } from 'node:crypto';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test can set and advance. */
export function manualClock(start: Date): Clock & { set(d: Date): void; advanceDays(n: number): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (d) => void (t = d.getTime()),
    advanceDays: (n) => void (t += n * 86_400_000),
  };
}

export type IdSource = () => string;
export const randomIds: IdSource = () => randomUUID();
