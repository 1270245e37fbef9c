// Batching: total travel of the planned trips against single-order picking and against
// first-come-first-served (FCFS) batching, measured in the same run on the same seeded waves, with
// every trip's length from the real router (`planRoute`, method `exact`).
import { performance } from "node:perf_hooks";
import { planBatches, planRoute, type BatchOrder, type Layout, type PickingMode, type PickPoint } from "@pickpack/core";
import type { BenchContext } from "./run.js";
import { fmt, mean, seeded } from "./stats.js";

// A realistic single-block layout: 12 aisles of 30 m, 3 m apart, front and back cross aisles.
const layout: Layout = { warehouse: "BENCH", aisles: 12, aisleLength: 30, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } };
const WAVES = 12;
const ORDERS_PER_WAVE = 48;

function makeWave(rand: () => number, skewed: boolean): BatchOrder[] {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  // Storage slots every metre along each aisle; with `skewed`, half of all picks come from the
  // four aisles nearest the depot (fast movers stored up front, as an ABC slotting would).
  const point = (): PickPoint => ({ aisle: skewed && rand() < 0.5 ? int(0, 3) : int(0, layout.aisles - 1), y: int(1, 29) + 0.5 });
  return Array.from({ length: ORDERS_PER_WAVE }, (_, i) => {
    const lines = rand() < 0.45 ? 1 : int(2, 5);
    return { orderId: `O${i + 1}`, picks: Array.from({ length: lines }, point), volume: 2 + rand() * 10, weight: 0.5 + rand() * 4 };
  });
}

export default async function (ctx: BenchContext): Promise<void> {
  const routeLength = (points: readonly PickPoint[]): number => planRoute(layout, points, "exact").length;
  ctx.log(`layout ${layout.aisles} aisles × ${layout.aisleLength} m, ${layout.aisleSpacing} m apart, ${layout.crossAisles} cross aisles; ${WAVES} waves × ${ORDERS_PER_WAVE} orders (1–5 lines), route lengths from planRoute(exact)`);
  ctx.log(
    `${"scenario".padEnd(24)} ${"single m".padStart(9)} ${"FCFS m".padStart(9)} ${"planned m".padStart(9)} ${"FCFS/single".padStart(11)} ${"plan/single".padStart(11)} ${"plan/FCFS".padStart(9)} ${"orders/trip".padStart(11)} ${"ms/wave".padStart(8)}`,
  );
  const goals: string[] = [];
  for (const skewed of [false, true])
    for (const [mode, totes, maxOrders] of [["cluster", 4, 4], ["cluster", 6, 6], ["cluster", 8, 8], ["batch", 3, 8]] as [PickingMode, number, number][]) {
      const rand = seeded(skewed ? 4242 : 2424);
      const waves = Array.from({ length: WAVES }, () => makeWave(rand, skewed));
      // Carts: `totes` totes of 40 l each, 150 kg; cluster gives each order one tote, batch mixes
      // the orders' items in shared totes (at most 8 orders to sort at the pack station).
      const cart = { totes, toteVolume: 40, volume: totes * 40, weight: 150, maxOrders };
      let single = 0;
      let fcfs = 0;
      let planned = 0;
      let trips = 0;
      const times: number[] = [];
      for (const orders of waves) {
        single += planBatches({ orders, mode: "single", cart, routeLength }).totalLength;
        fcfs += planBatches({ orders, mode, cart, routeLength, construction: "fcfs", localSearch: false }).totalLength;
        const t0 = performance.now();
        const plan = planBatches({ orders, mode, cart, routeLength });
        times.push(performance.now() - t0);
        planned += plan.totalLength;
        trips += plan.trips.length;
      }
      const name = `${skewed ? "ABC-skewed" : "uniform"} ${mode} ${totes} totes${mode === "batch" ? ` ≤${maxOrders}` : ""}`;
      const vsSingle = planned / single;
      const vsFcfs = planned / fcfs;
      ctx.log(
        `${name.padEnd(24)} ${fmt(single, 0).padStart(9)} ${fmt(fcfs, 0).padStart(9)} ${fmt(planned, 0).padStart(9)} ${fmt(fcfs / single).padStart(11)} ${fmt(vsSingle).padStart(11)} ${fmt(vsFcfs).padStart(9)} ${fmt((WAVES * ORDERS_PER_WAVE) / trips, 2).padStart(11)} ${fmt(mean(times), 1).padStart(8)}`,
      );
      goals.push(`${name}: planned/single ${fmt(vsSingle)} ≤ 0.60 ${vsSingle <= 0.6 ? "met" : "MISSED"}; planned/FCFS ${fmt(vsFcfs)} ≤ 0.90 ${vsFcfs <= 0.9 ? "met" : "MISSED"}`);
    }
  for (const g of goals) ctx.log(`goal: ${g}`);
}
