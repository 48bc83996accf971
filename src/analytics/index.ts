/** Analytics: ask events and opt-in rates (aggregates only). */
export { AskEvent, AskEventType, type AskEventSink } from '../storage/ask-events.ts';
export {
  channelValue,
  countKeyOf,
  CountDelta,
  CountKey,
  CountQuery,
  Day,
  dayOf,
  Dimension,
  DIMENSIONS,
  KEY_FIELDS,
  keyId,
  keyOfId,
  CountSums,
  mergeDeltas,
  type CountRow,
  type ParsedCountQuery,
} from '../storage/ask-counts.ts';
export { PendingAsk, pendingKeyOf } from '../storage/pending-asks.ts';
export { createAskEventSink, type FlushableSink, type SinkLog } from './sink.ts';
export {
  optinReport,
  FULL_GRAIN,
  MIN_ASKS,
  HIDDEN,
  COUNTED,
  RATES,
  type OptinRow,
  type OptinReport,
} from './rates.ts';
export {
  cellKeySecret,
  createCellKeys,
  EMPTY_GROUP,
  perturb,
  PROTECTION,
  PTABLE,
  PTABLE_WEIGHT,
  type CellKeys,
  type GroupKey,
} from './cell-key.ts';
export { optinCsv, csvCell } from './csv.ts';
export { counterReads, type CounterReads } from './counter-reads.ts';
export { optinsParams } from './optins-query.ts';
export { compactCounts, every, type CompactDeps } from './jobs.ts';
export { sweepAbandoned, scheduleAbandonSweep, type SweepDeps } from './abandonment.ts';
