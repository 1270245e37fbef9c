/**
 * The scale check: a closed carton must weigh what its contents say, within a tolerance.
 * Allowed deviation = max(absolute grams, percent × expected) — the absolute part covers light
 * cartons (scale resolution, tape, a packing slip), the percent part heavy ones.
 */
import { InputError } from "../shared/errors.js";

export interface WeightTolerance {
  /** Absolute allowance in grams (default 50). */
  readonly grams?: number;
  /** Relative allowance, percent of the expected weight (default 5). */
  readonly percent?: number;
}

export const DEFAULT_WEIGHT_TOLERANCE: Required<WeightTolerance> = { grams: 50, percent: 5 };

export type WeightVerdict = "ok" | "too_light" | "too_heavy";

export interface WeightCheck {
  readonly verdict: WeightVerdict;
  readonly expectedGrams: number;
  readonly measuredGrams: number;
  /** measured − expected. */
  readonly deltaGrams: number;
  /** The allowed |delta|. */
  readonly toleranceGrams: number;
  /** One sentence for the packer: what the numbers say and what to check. */
  readonly message: string;
}

export function toleranceGrams(expectedGrams: number, tolerance: WeightTolerance = {}): number {
  const grams = tolerance.grams ?? DEFAULT_WEIGHT_TOLERANCE.grams;
  const percent = tolerance.percent ?? DEFAULT_WEIGHT_TOLERANCE.percent;
  return Math.max(grams, (percent / 100) * expectedGrams);
}

export function validateWeightTolerance(t: WeightTolerance): void {
  const issues = [];
  if (t.grams !== undefined && !(Number.isFinite(t.grams) && t.grams >= 0)) issues.push({ field: "grams", message: `must be a number ≥ 0, got ${String(t.grams)}` });
  if (t.percent !== undefined && !(Number.isFinite(t.percent) && t.percent >= 0 && t.percent <= 100)) issues.push({ field: "percent", message: `must be between 0 and 100, got ${String(t.percent)}` });
  if (issues.length > 0) throw new InputError("WEIGHT_TOLERANCE_INVALID", "invalid weight tolerance", issues);
}

const g = (x: number) => `${Math.round(x)} g`;

export function checkWeight(expectedGrams: number, measuredGrams: number, tolerance: WeightTolerance = {}): WeightCheck {
  if (!(Number.isFinite(measuredGrams) && measuredGrams >= 0)) {
    throw new InputError("WEIGHT_INVALID", `a measured weight must be a number of grams ≥ 0, got ${String(measuredGrams)}`);
  }
  const allowed = toleranceGrams(expectedGrams, tolerance);
  const delta = Math.round((measuredGrams - expectedGrams) * 1000) / 1000;
  const base = { expectedGrams, measuredGrams, deltaGrams: delta, toleranceGrams: allowed };
  if (Math.abs(delta) <= allowed) {
    return { ...base, verdict: "ok", message: `weight ${g(measuredGrams)} is within ±${g(allowed)} of the expected ${g(expectedGrams)}` };
  }
  if (delta < 0) {
    return {
      ...base,
      verdict: "too_light",
      message: `carton weighs ${g(measuredGrams)}, expected ${g(expectedGrams)} ±${g(allowed)} (${g(-delta)} too light): check that every scanned item is really in the carton and that the box type is right`,
    };
  }
  return {
    ...base,
    verdict: "too_heavy",
    message: `carton weighs ${g(measuredGrams)}, expected ${g(expectedGrams)} ±${g(allowed)} (${g(delta)} too heavy): check for an unscanned or wrong item, extra packing material, or a heavier box than the one recorded`,
  };
}
