/** Storage: ports, records and typed errors. Adapters live in sqlite/ and mongo/. */
export * from './ports.ts';
export * from './records.ts';
export * from './audit-records.ts';
export * from './errors.ts';
export * from './turn-batch.ts';
export * from './outbox-records.ts';
