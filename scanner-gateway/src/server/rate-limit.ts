/** Per-device token buckets: one flooding device is refused (RATE_LIMITED) without slowing the others. */
export interface RateLimitOptions {
  /** Sustained events per second per device. */
  readonly perSecond: number;
  /** Burst size. */
  readonly burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 20, burst: 40 };

export class RateLimiter {
  readonly #o: RateLimitOptions;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  constructor(options: RateLimitOptions = DEFAULT_RATE_LIMIT) {
    this.#o = options;
  }

  /** Take one token for `key` at time `now` (ms); false when the bucket is empty. */
  take(key: string, now: number): boolean {
    const b = this.#buckets.get(key) ?? { tokens: this.#o.burst, at: now };
    b.tokens = Math.min(this.#o.burst, b.tokens + ((now - b.at) / 1000) * this.#o.perSecond);
    b.at = now;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.#buckets.set(key, b);
    return ok;
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }
}
