/** ISO 8601 durations (P30D, P6M, P1Y2W) added to dates and split into parts for display. */

export interface DurationParts {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
}

/** Durations parsed so far: the map declares a handful, each read on every turn that stores a value. */
const parsed = new Map<string, DurationParts>();
const MAX_PARSED = 1000;

/** Parses the day-or-longer ISO 8601 durations the map allows. */
export function parseDuration(iso: string): DurationParts {
  let d = parsed.get(iso);
  if (d === undefined) {
    d = Object.freeze(parseFresh(iso));
    if (parsed.size < MAX_PARSED) parsed.set(iso, d);
  }
  return d;
}

function parseFresh(iso: string): DurationParts {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso);
  if (!m || iso === 'P') throw new Error(`not a supported ISO 8601 duration: ${iso}`);
  const n = (s: string | undefined) => (s ? Number(s) : 0);
  return { years: n(m[1]), months: n(m[2]), weeks: n(m[3]), days: n(m[4]) };
}

/** `at` plus the duration, in calendar terms (UTC). */
export function addDuration(at: Date, iso: string): Date {
  const d = parseDuration(iso);
  const out = new Date(at.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + d.years, out.getUTCMonth() + d.months);
  out.setUTCDate(out.getUTCDate() + d.weeks * 7 + d.days);
  return out;
}

/** Approximate length in days, for comparing durations (a month counts 30 days). */
export const durationDays = (iso: string): number => {
  const d = parseDuration(iso);
  return d.years * 365 + d.months * 30 + d.weeks * 7 + d.days;
};

/** `at` minus the duration, in calendar terms (UTC): the cutoff of a retention counted back from now. */
export function subtractDuration(at: Date, iso: string): Date {
  const d = parseDuration(iso);
  const out = new Date(at.getTime());
  out.setUTCFullYear(out.getUTCFullYear() - d.years, out.getUTCMonth() - d.months);
  out.setUTCDate(out.getUTCDate() - d.weeks * 7 - d.days);
  return out;
}
