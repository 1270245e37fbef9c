/**
 * When a failed delivery is tried again: the retry schedule (0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 14 h, 20 h, 24 h — the Standard Webhooks reference schedule), with jitter so a recovering receiver
 * is not hit by every retry at once, and at least what the receiver asked for (Retry-After / 429).
 */

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** Delay before attempt n+1 (index n-1 after the n-th failure); the first attempt is immediate. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H];

export interface RetryPolicy {
  /** Delays of the attempts: [0] before the first (always 0 in practice), [n] after the n-th failure. */
  readonly scheduleMs: readonly number[];
  /** Fraction of a delay added at random (0.2: up to +20 %). */
  readonly jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { scheduleMs: DEFAULT_RETRY_SCHEDULE_MS, jitter: 0.2 };

/**
 * After `attempts` attempts (the last failed): when to try next (ms from now), or undefined when the
 * schedule is exhausted (the delivery becomes failed and waits for `outbox retry`).
 */
export function nextRetryDelay(policy: RetryPolicy, attempts: number, random: () => number, retryAfterMs?: number): number | undefined {
  if (attempts >= policy.scheduleMs.length) return undefined;
  const base = policy.scheduleMs[attempts]!;
  const jittered = Math.round(base * (1 + policy.jitter * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}
