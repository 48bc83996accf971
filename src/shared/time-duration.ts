/** Short time spans for settings: ISO 8601 with a time part (PT30M, PT1H, P1DT12H, PT45S) or plain minutes ("30"). */

const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Milliseconds of `text`, or undefined when it is not such a span (or is zero). */
export function parseTimeSpan(text: string): number | undefined {
  const s = text.trim().toUpperCase();
  if (/^\d+$/.test(s)) return Number(s) > 0 ? Number(s) * 60_000 : undefined;
  const m = ISO.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) return undefined;
  const [d, h, min, sec] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  const ms = (((d * 24 + h) * 60 + min) * 60 + sec) * 1000;
  return ms > 0 ? ms : undefined;
}
