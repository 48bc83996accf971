/** Storage: ports, records and typed errors. Adapters live in sqlite/ and mongo/. */
export * from './ports.ts';
export * from './records.ts';
export * from './audit-records.ts';
export * from './errors.ts';
export * from './turn-batch.ts';
// What a turn observed of its asks (written with the turn's batch; analytics reads them back).
export * from './ask-events.ts';
export * from './pending-asks.ts';
export * from './ledger-chain.ts';
export * from './outbox-records.ts';
