/** Prometheus gauges of the events outbox: events waiting, and events given up (to act on). */
import { Gauge, type Registry } from 'prom-client';

export function registerOutboxMetrics(
  registry: Registry,
  counts: () => Promise<{ pending: number; failed: number }>,
): void {
  const read = async () => counts().catch(() => undefined);
  new Gauge({
    name: 'justask_events_pending',
    help: 'Events to the business systems waiting for delivery (retried with backoff)',
    registers: [registry],
    async collect() {
      const c = await read();
      if (c) this.set(c.pending);
    },
  });
  new Gauge({
    name: 'justask_events_failed',
    help: 'Events to the business systems given up after their retry window (see /admin/api/events/failed)',
    registers: [registry],
    async collect() {
      const c = await read();
      if (c) this.set(c.failed);
    },
  });
}
