/** ISO 8601 durations as milliseconds, for settings that take either a calendar span or a time span. */
import { durationDays, parseDuration } from './duration.ts';
import { parseTimeSpan } from './time-duration.ts';

/** Milliseconds of an ISO 8601 duration, day-or-longer (P1M counts 30 days) or with a time part. */
export function isoSpanMs(s: string): number | undefined {
  if (!s.trim().toUpperCase().startsWith('P')) return undefined;
  const span = parseTimeSpan(s);
  if (span !== undefined) return span;
  try {
    parseDuration(s);
  } catch {
    return undefined;
  }
  return durationDays(s) > 0 ? durationDays(s) * 86_400_000 : undefined;
}
