// Routing: the `exact` method against a Held–Karp optimum over the same aisle graph (1 and 2 blocks),
// every baseline policy beside it, planning time at 60 picks, and the heuristic `exact` uses past two
// blocks against the best of 20 randomised 2-opt/Or-opt restarts and against S-shape.
import { performance } from "node:perf_hooks";
import { ROUTE_METHODS, dedupePicks, heldKarpLength, planRoute, type Layout, type PickPoint, type RouteMethod } from "@pickpack/core";
import { distanceMatrix, improveOrder, orderCost } from "@pickpack/core";
import type { BenchContext } from "./run.js";
import { fmt, mean, percentile, seeded } from "./stats.js";

const EXACTNESS_INSTANCES = 1000;
const TIMING_RUNS = 2000;
const HEURISTIC_INSTANCES = 100;
const RESTARTS = 20;

function randomLayout(rand: () => number, crossAisles: number, minAisles: number, maxAisles: number): Layout {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const aisles = int(minAisles, maxAisles);
  const aisleSpacing = int(2, 4);
  const aisleLength = [20, 30, 40][int(0, 2)] ?? 30;
  // Depot at the first aisle, at a random aisle, or anywhere on the front cross aisle.
  const kind = int(0, 2);
  const x = kind === 0 ? 0 : kind === 1 ? int(0, aisles - 1) * aisleSpacing : Math.round(rand() * (aisles - 1) * aisleSpacing * 10) / 10;
  return { warehouse: "BENCH", aisles, aisleLength, aisleSpacing, crossAisles, depot: { x, y: 0 } };
}

function randomPicks(rand: () => number, layout: Layout, n: number): PickPoint[] {
  // Slots every half metre, so duplicates and picks on a cross aisle occur now and then.
  return Array.from({ length: n }, () => ({
    aisle: Math.floor(rand() * layout.aisles),
    y: Math.round(rand() * layout.aisleLength * 2) / 2,
  }));
}

const pct = (ratio: number) => `${fmt((ratio - 1) * 100)} %`;
const goal = (met: boolean) => (met ? "met" : "MISSED");

function exactness(ctx: BenchContext, rand: () => number, crossAisles: number): boolean {
  const ratios = new Map<RouteMethod, number[]>(ROUTE_METHODS.map((m) => [m, []]));
  let worstExact = 1;
  for (let i = 0; i < EXACTNESS_INSTANCES; i++) {
    const layout = randomLayout(rand, crossAisles, 5, 30);
    const picks = randomPicks(rand, layout, 1 + Math.floor(rand() * 11));
    const optimum = heldKarpLength(layout, picks);
    for (const m of ROUTE_METHODS) {
      const r = planRoute(layout, picks, m).length / optimum;
      ratios.get(m)?.push(r);
      if (m === "exact") worstExact = Math.max(worstExact, r);
    }
  }
  const blocks = crossAisles - 1;
  ctx.log(`${EXACTNESS_INSTANCES} random ${blocks}-block instances (5–30 aisles, 1–11 picks) vs Held–Karp optimum:`);
  ctx.log(`  ${"method".padEnd(12)} ${"mean ratio".padStart(10)} ${"max ratio".padStart(10)} ${"at optimum".padStart(11)}`);
  for (const m of ROUTE_METHODS) {
    const rs = ratios.get(m) ?? [];
    const atOpt = rs.filter((r) => r <= 1 + 1e-9).length;
    ctx.log(`  ${m.padEnd(12)} ${fmt(mean(rs), 4).padStart(10)} ${fmt(Math.max(...rs), 4).padStart(10)} ${`${atOpt}/${rs.length}`.padStart(11)}`);
  }
  const met = worstExact <= 1 + 1e-9;
  ctx.log(`  goal: exact gap 0.000 % on every instance — worst gap ${pct(worstExact)} — ${goal(met)}`);
  return met;
}

function timing(ctx: BenchContext, rand: () => number, crossAisles: number, runs: number, withGoal: boolean): void {
  const layout: Layout = { warehouse: "BENCH", aisles: 30, aisleLength: 30, aisleSpacing: 3, crossAisles, depot: { x: 0, y: 0 } };
  const instances = Array.from({ length: runs }, () => randomPicks(rand, layout, 60));
  for (const picks of instances.slice(0, 200)) planRoute(layout, picks); // warm-up (JIT)
  const times: number[] = [];
  for (const picks of instances) {
    const t0 = performance.now();
    planRoute(layout, picks);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p99 = percentile(times, 99);
  const line = `  ${crossAisles} cross aisles, 30 aisles, 60 picks: p50 ${fmt(percentile(times, 50))} ms, p99 ${fmt(p99)} ms`;
  ctx.log(withGoal ? `${line} — goal p99 ≤ 1 ms — ${goal(p99 <= 1)}` : `${line} (no goal)`);
}

function heuristic(ctx: BenchContext, rand: () => number, crossAisles: number): { vsRestarts: number; vsSshape: number } {
  const vsRestarts: number[] = [];
  const vsSshape: number[] = [];
  let worst = 1;
  for (let i = 0; i < HEURISTIC_INSTANCES; i++) {
    const layout = randomLayout(rand, crossAisles, 10, 30);
    const picks = randomPicks(rand, layout, 10 + Math.floor(rand() * 31));
    const route = planRoute(layout, picks);
    const { points } = dedupePicks(picks);
    const n = points.length;
    const d = distanceMatrix(layout, points);
    let best = Infinity;
    for (let r = 0; r < RESTARTS; r++) {
      const order = points.map((_, j) => j);
      for (let j = n - 1; j > 0; j--) {
        const s = Math.floor(rand() * (j + 1));
        [order[j], order[s]] = [order[s] as number, order[j] as number];
      }
      best = Math.min(best, orderCost(d, n, improveOrder(d, n, order)));
    }
    const ratio = route.length / best;
    worst = Math.max(worst, ratio);
    vsRestarts.push(ratio);
    vsSshape.push(route.length / planRoute(layout, picks, "sshape").length);
  }
  const m = mean(vsRestarts);
  const s = mean(vsSshape);
  ctx.log(
    `  ${crossAisles} cross aisles (${crossAisles - 1} blocks), ${HEURISTIC_INSTANCES} instances, 10–30 aisles, 10–40 picks: ` +
      `exact/best-of-${RESTARTS} mean ${fmt(m, 4)} (max ${fmt(worst, 4)}), exact/S-shape mean ${fmt(s, 4)}`,
  );
  return { vsRestarts: m, vsSshape: s };
}

export default async function routingBench(ctx: BenchContext): Promise<void> {
  const rand = seeded(20261122);
  exactness(ctx, rand, 2);
  exactness(ctx, rand, 3);

  ctx.log(`Planning time (${TIMING_RUNS} random instances each, after warm-up):`);
  timing(ctx, rand, 2, TIMING_RUNS, true);
  timing(ctx, rand, 3, TIMING_RUNS, true);
  timing(ctx, rand, 4, 300, false);

  ctx.log(`Past two blocks (exact = combined+ with 2-opt/Or-opt, a heuristic):`);
  const results = [heuristic(ctx, rand, 4), heuristic(ctx, rand, 5)];
  const restarts = Math.max(...results.map((r) => r.vsRestarts));
  const sshape = Math.max(...results.map((r) => r.vsSshape));
  ctx.log(`  goal: within 2 % of the best of ${RESTARTS} randomised restarts on average — worst layout mean ${pct(restarts)} — ${goal(restarts <= 1.02)}`);
  ctx.log(`  goal: ≥ 10 % shorter than S-shape on average — worst layout mean ${fmt((1 - sshape) * 100, 1)} % shorter — ${goal(sshape <= 0.9)}`);
}
