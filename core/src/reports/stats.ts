/** Summary statistics for reports: nearest-rank percentiles and rates that say "no data" instead of dividing by zero. */

/** The p-th percentile (0 < p ≤ 100) by the nearest-rank method, of values in any order; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

export interface DurationSummary {
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly max: number | null;
}

/** Count, p50, p90 and max of a list of durations (any unit); nulls when the list is empty. */
export function summarize(values: readonly number[]): DurationSummary {
  return { count: values.length, p50: percentile(values, 50), p90: percentile(values, 90), max: values.length === 0 ? null : Math.max(...values) };
}

/** part ÷ whole as a fraction 0..1, or null when whole is 0 (an empty period has no rate, not a 0 % one). */
export function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return part / whole;
}

/** A fraction as a percentage with one decimal (null stays null). */
export function percent(fraction: number | null): number | null {
  return fraction === null ? null : Math.round(fraction * 1000) / 10;
}
