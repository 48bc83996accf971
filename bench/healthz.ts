/**
 * Waiting for a spawned server: polls its /healthz until it answers (no fixed wait), failing as
 * soon as the process has exited or the deadline (a `performance.now()` time) has passed.
 */
export async function untilHealthy(url: string, deadlineMs: number, exited: () => boolean): Promise<void> {
  for (;;) {
    if (exited()) throw new Error('the server exited during start');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadlineMs) throw new Error('the server did not start in time');
    await new Promise((ok) => setTimeout(ok, 100));
  }
}
