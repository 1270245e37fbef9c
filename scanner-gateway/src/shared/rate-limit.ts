/**
 * Token buckets per key: one flooding device is refused (RATE_LIMITED) without slowing the others;
 * the same buckets limit wrong pairing codes per remote address (http/pairing.ts).
 */
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
    const b = this.#refill(key, now);
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    return ok;
  }

  /** Whether `key` has a token at time `now`, without taking it (e.g. check first, charge only failures). */
  allows(key: string, now: number): boolean {
    if (!this.#buckets.has(key)) return this.#o.burst >= 1;
    return this.#refill(key, now).tokens >= 1;
  }

  #refill(key: string, now: number): { tokens: number; at: number } {
    const b = this.#buckets.get(key) ?? { tokens: this.#o.burst, at: now };
    b.tokens = Math.min(this.#o.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * this.#o.perSecond);
    b.at = now;
    this.#buckets.set(key, b);
    return b;
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }
}
