// Held–Karp dynamic programme over the aisle graph's shortest-path metric: the optimal visiting order
// by brute force, exponential in the number of points. A reference for tests and benchmarks (≤ 15 points).

import type { Layout, PickPoint } from "./layout.js";
import { dedupePicks } from "./layout.js";
import { distanceMatrix } from "./heuristics.js";

export const HELD_KARP_MAX_POINTS = 15;

/** Length of the shortest depot → all picks → depot tour (duplicates count once). */
export function heldKarpLength(layout: Layout, picks: readonly PickPoint[]): number {
  const { points } = dedupePicks(picks);
  const n = points.length;
  if (n === 0) return 0;
  if (n > HELD_KARP_MAX_POINTS) throw new RangeError(`Held–Karp is limited to ${HELD_KARP_MAX_POINTS} distinct points`);
  const d = distanceMatrix(layout, points);
  const w = n + 1;
  const full = 1 << n;
  // best[mask * n + j]: shortest path from the depot through `mask`, ending at j (j in mask).
  const best = new Float64Array(full * n).fill(Infinity);
  for (let j = 0; j < n; j++) best[(1 << j) * n + j] = d[n * w + j] ?? Infinity;
  for (let mask = 1; mask < full; mask++) {
    for (let j = 0; j < n; j++) {
      const cur = best[mask * n + j] ?? Infinity;
      if (cur === Infinity || !(mask & (1 << j))) continue;
      for (let q = 0; q < n; q++) {
        if (mask & (1 << q)) continue;
        const nm = mask | (1 << q);
        const v = cur + (d[j * w + q] ?? Infinity);
        if (v < (best[nm * n + q] ?? Infinity)) best[nm * n + q] = v;
      }
    }
  }
  let out = Infinity;
  for (let j = 0; j < n; j++) out = Math.min(out, (best[(full - 1) * n + j] ?? Infinity) + (d[j * w + n] ?? Infinity));
  return out;
}
