// The retry schedule: the attempts follow 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h with
// at most +20 % jitter, never sooner than the receiver's Retry-After, and end after the last step.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, DEFAULT_RETRY_SCHEDULE_MS, nextRetryDelay } from "@pickpack/data";

describe("retry schedule", () => {
  it("is the Standard Webhooks schedule", () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS.map((ms) => ms / 1000)).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
  });
  it("after the n-th failure waits step n (+0..20 % jitter), at least Retry-After; nothing after the last step", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.option(fc.integer({ min: 0, max: 200_000_000 }), { nil: undefined }), (n, r, retryAfter) => {
        const d = nextRetryDelay(DEFAULT_RETRY_POLICY, n, () => r, retryAfter);
        if (n >= DEFAULT_RETRY_SCHEDULE_MS.length) {
          expect(d).toBeUndefined();
          return;
        }
        const base = DEFAULT_RETRY_SCHEDULE_MS[n]!;
        expect(d).toBeGreaterThanOrEqual(Math.max(base, retryAfter ?? 0));
        expect(d).toBeLessThanOrEqual(Math.max(Math.round(base * 1.2), retryAfter ?? 0));
      }),
    );
  });
});
