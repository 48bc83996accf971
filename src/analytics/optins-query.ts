/**
 * The opt-in report's request: `from`, `to` (days, inclusive; default the 30 days up to today),
 * `groupBy` (comma-separated dimensions; default item,purpose) and filters (comma-separated
 * values) on locale, channel, journey, item, purpose and step. Unknown parameters are errors.
 */
import { z } from 'zod';
import { Day, dayOf, Dimension, type CountQuery } from '../storage/ask-counts.ts';

const MAX_DAYS = 3660;
const DEFAULT_DAYS = 30;
const FILTERS = ['locale', 'channel', 'journey', 'item', 'purpose', 'step'] as const;

const split = (s: string) => [...new Set(s.split(',').map((x) => x.trim()))].filter(Boolean);
const Values = z
  .string()
  .transform(split)
  .pipe(z.array(z.string().max(100)).min(1, 'give at least one value').max(50));
const GroupBy = z.string().transform(split).pipe(z.array(Dimension));

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** The request's schema; `now` gives the default range. Parses into a store query. */
export function optinsParams(now: Date) {
  const today = dayOf(now);
  const monthAgo = dayOf(new Date(now.getTime() - (DEFAULT_DAYS - 1) * 86_400_000));
  return z
    .strictObject({
      from: Day.default(monthAgo),
      to: Day.default(today),
      groupBy: GroupBy.default(['item', 'purpose']),
      locale: Values.optional(),
      channel: Values.optional(),
      journey: Values.optional(),
      item: Values.optional(),
      purpose: Values.optional(),
      step: Values.optional(),
    })
    .superRefine((p, ctx) => {
      const span = daysBetween(p.from, p.to);
      if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` is before `from`' });
      if (span > MAX_DAYS)
        ctx.addIssue({ code: 'custom', path: ['from'], message: `at most ${MAX_DAYS} days` });
    })
    .transform((p): CountQuery & { groupBy: Dimension[] } => ({
      from: p.from,
      to: p.to,
      groupBy: p.groupBy,
      filters: Object.fromEntries(FILTERS.flatMap((f) => (p[f] ? [[f, p[f]]] : []))),
    }));
}
