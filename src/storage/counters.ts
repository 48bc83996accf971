/**
 * The opt-in counters' data model — ask events, count keys and pending asks — as stored. Analytics
 * computes with it and re-exports it; storage owns it so that no adapter depends on analytics.
 */
export * from './ask-events.ts';
export * from './ask-counts.ts';
export * from './pending-asks.ts';
