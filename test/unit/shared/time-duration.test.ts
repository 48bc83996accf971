import { describe, expect, it } from 'vitest';
import { parseTimeSpan } from '../../../src/shared/time-duration.ts';

describe('time spans for settings', () => {
  it.each([
    ['PT30M', 30 * 60_000],
    ['PT1H30M', 90 * 60_000],
    ['P1DT2H', 26 * 3_600_000],
    ['PT45S', 45_000],
    ['30', 30 * 60_000],
    ['pt2h', 2 * 3_600_000],
  ])('reads %s', (text, ms) => expect(parseTimeSpan(text)).toBe(ms));

  it.each(['', 'P', 'PT', 'PT0M', '0', '30m', 'P1M', '-5'])('refuses %j', (text) =>
    expect(parseTimeSpan(text)).toBeUndefined(),
  );
});
