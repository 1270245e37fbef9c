/**
 * Per-person work rates as picker-performance reports count them: units per hour of ACTIVE time, where
 * active time is the sum of the gaps between a person's consecutive events that are no longer than the
 * idle threshold (a break, a meeting or the end of a shift is not counted against them). The SQL queries
 * compute the same sum with a window function; this is the definition they are tested against.
 */

/** Gaps longer than this are idle time (default 5 minutes). */
export const DEFAULT_IDLE_GAP_MS = 5 * 60_000;

export interface ActiveRate {
  readonly units: number;
  readonly events: number;
  /** Active milliseconds (idle gaps excluded). */
  readonly activeMs: number;
  /** Units per active hour; null when there is no active time (0 or 1 event). */
  readonly perHour: number | null;
}

/** The active rate of one person's events (`at` in ms, any order). */
export function activeRate(events: readonly { readonly at: number; readonly units: number }[], idleGapMs = DEFAULT_IDLE_GAP_MS): ActiveRate {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  let activeMs = 0;
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i]!.at - sorted[i - 1]!.at;
    if (gap <= idleGapMs) activeMs += gap;
  }
  const units = sorted.reduce((n, e) => n + e.units, 0);
  return { units, events: sorted.length, activeMs, perHour: perHour(units, activeMs) };
}

/** Units per hour over `activeMs`; null without active time. */
export function perHour(units: number, activeMs: number): number | null {
  return activeMs > 0 ? Math.round((units / (activeMs / 3_600_000)) * 10) / 10 : null;
}
