/** Prometheus metrics: a registry of the process defaults plus turn and HTTP counters. */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Counter({
    name: 'justask_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: 'justask_turn_seconds',
    help: 'Time to handle one /api/messages request',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, http, turnSeconds };
}
export type Metrics = ReturnType<typeof createMetrics>;
