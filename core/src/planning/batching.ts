/**
 * Batching: which orders a picker takes on one trip (one cart), so that total travel is small.
 *
 * - `single`: one order per trip.
 * - `batch`: several orders per trip; their items share totes and are sorted per order at the pack
 *   station.
 * - `cluster`: several orders per trip; each order has its own tote(s) on the cart.
 *
 * Construction is the savings method on real route lengths (start with one trip per order, keep
 * merging the two trips whose merge saves the most walking while the cart holds them), followed by
 * a local search (move one order to another trip, swap two orders between trips) until no move
 * shortens the total. The route length is injected, so planning does not depend on a router.
 */
import { InputError, type InputIssue } from "../shared/errors.js";
import type { PickPoint } from "../routing/index.js";

export type PickingMode = "single" | "batch" | "cluster";
export const PICKING_MODES: readonly PickingMode[] = ["single", "batch", "cluster"];

/** Length of the shortest (or planned) tour from the depot through the points and back. */
export type RouteLength = (points: readonly PickPoint[]) => number;

export interface BatchOrder {
  readonly orderId: string;
  /** Where the picker must stop for this order (one per pick line; repeats are fine). */
  readonly picks: readonly PickPoint[];
  /** Total volume of the order's items (same unit as the cart's volume, e.g. litres). Default 0. */
  readonly volume?: number | undefined;
  /** Total weight (same unit as the cart's weight, e.g. kg). Default 0. */
  readonly weight?: number | undefined;
  /**
   * Totes the order needs in `cluster`/`single` mode. Default: ⌈volume / toteVolume⌉ when the cart
   * gives a tote volume, else 1.
   */
  readonly totes?: number | undefined;
}

export interface CartCapacity {
  /** Totes the cart carries. */
  readonly totes: number;
  /** Volume the cart carries. Default: unlimited. */
  readonly volume?: number | undefined;
  /** Weight the cart carries. Default: unlimited. */
  readonly weight?: number | undefined;
  /** Volume of one tote: in `batch` mode a trip needs ⌈Σ volume / toteVolume⌉ totes. */
  readonly toteVolume?: number | undefined;
  /** Most orders on one trip. Default: unlimited. */
  readonly maxOrders?: number | undefined;
}

export interface BatchRequest {
  readonly orders: readonly BatchOrder[];
  readonly mode: PickingMode;
  readonly cart: CartCapacity;
  readonly routeLength: RouteLength;
  /** `savings` (default) or `fcfs`: fill carts in the given order (first come, first served). */
  readonly construction?: "savings" | "fcfs" | undefined;
  /** Improve the construction by relocating and swapping orders. Default true. */
  readonly localSearch?: boolean | undefined;
  /** Most local-search passes. Default 20. */
  readonly maxPasses?: number | undefined;
}

export interface TripOrder {
  readonly orderId: string;
  /** Tote numbers (1-based, per trip) holding this order; empty in `batch` mode (sorted at packing). */
  readonly totes: readonly number[];
}

export interface Trip {
  /** 1-based. */
  readonly sequence: number;
  readonly orders: readonly TripOrder[];
  readonly totes: number;
  readonly volume: number;
  readonly weight: number;
  /** Route length of the trip (from the injected route-length function). */
  readonly length: number;
  /** True when a single order alone exceeds the cart; it gets a trip of its own. */
  readonly overCapacity: boolean;
}

export interface BatchPlan {
  readonly mode: PickingMode;
  readonly trips: readonly Trip[];
  readonly totalLength: number;
  /** Calls of the route-length function (distinct order sets). */
  readonly routeEvaluations: number;
}

const EPS = 1e-9;

function validate(req: BatchRequest): void {
  const issues: InputIssue[] = [];
  const nonNeg = (v: unknown, field: string, int = false): void => {
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (int && !Number.isInteger(v))))
      issues.push({ field, message: `must be ${int ? "a whole number" : "a number"} ≥ 0, got ${String(v)}` });
  };
  const positive = (v: unknown, field: string, int = false): void => {
    if (v !== undefined && (typeof v !== "number" || !(v > 0) || (int && !Number.isInteger(v))))
      issues.push({ field, message: `must be ${int ? "a whole number" : "a number"} > 0, got ${String(v)}` });
  };
  if (!PICKING_MODES.includes(req.mode)) issues.push({ field: "mode", message: `unknown mode "${String(req.mode)}"; use ${PICKING_MODES.join(", ")}` });
  if (req.cart.totes === undefined) issues.push({ field: "cart.totes", message: "is required" });
  positive(req.cart.totes, "cart.totes", true);
  positive(req.cart.volume, "cart.volume");
  positive(req.cart.weight, "cart.weight");
  positive(req.cart.toteVolume, "cart.toteVolume");
  positive(req.cart.maxOrders, "cart.maxOrders", true);
  positive(req.maxPasses, "maxPasses", true);
  const ids = new Set<string>();
  req.orders.forEach((o, i) => {
    if (typeof o.orderId !== "string" || o.orderId === "") issues.push({ field: `orders[${i}].orderId`, message: "is required" });
    else if (ids.has(o.orderId)) issues.push({ field: `orders[${i}].orderId`, message: `order "${o.orderId}" listed twice` });
    else ids.add(o.orderId);
    nonNeg(o.volume, `orders[${i}].volume`);
    nonNeg(o.weight, `orders[${i}].weight`);
    positive(o.totes, `orders[${i}].totes`, true);
    if (!Array.isArray(o.picks)) issues.push({ field: `orders[${i}].picks`, message: "must be a list of pick points" });
  });
  if (issues.length > 0) throw new InputError("BATCHING_INPUT_INVALID", `cannot plan trips: ${issues.length} problem(s) in the input`, issues);
}

interface Ord {
  readonly id: string;
  readonly index: number;
  readonly picks: readonly PickPoint[];
  readonly volume: number;
  readonly weight: number;
  readonly totes: number;
}

/** Plan the trips of one wave. Every order is on exactly one trip. Throws InputError on bad input. */
export function planBatches(req: BatchRequest): BatchPlan {
  validate(req);
  const { cart, mode } = req;
  const toteVolume = cart.toteVolume;
  const orders: Ord[] = req.orders.map((o, index) => ({
    id: o.orderId,
    index,
    picks: o.picks,
    volume: o.volume ?? 0,
    weight: o.weight ?? 0,
    totes: o.totes ?? (toteVolume ? Math.max(1, Math.ceil((o.volume ?? 0) / toteVolume - EPS)) : 1),
  }));

  const totesOf = (set: readonly Ord[]): number =>
    mode === "batch" && toteVolume
      ? Math.max(1, Math.ceil(set.reduce((t, o) => t + o.volume, 0) / toteVolume - EPS))
      : set.reduce((t, o) => t + o.totes, 0);
  const fits = (set: readonly Ord[]): boolean =>
    set.length <= (cart.maxOrders ?? Infinity) &&
    totesOf(set) <= cart.totes &&
    set.reduce((t, o) => t + o.volume, 0) <= (cart.volume ?? Infinity) + EPS &&
    set.reduce((t, o) => t + o.weight, 0) <= (cart.weight ?? Infinity) + EPS;

  const cache = new Map<string, number>();
  const lengthOf = (set: readonly Ord[]): number => {
    if (set.length === 0) return 0;
    const key = set.map((o) => o.index).sort((a, b) => a - b).join(",");
    let len = cache.get(key);
    if (len === undefined) {
      const seen = new Set<string>();
      const points: PickPoint[] = [];
      for (const o of [...set].sort((a, b) => a.index - b.index))
        for (const p of o.picks) {
          const k = `${p.aisle}:${p.y}`;
          if (!seen.has(k)) {
            seen.add(k);
            points.push({ aisle: p.aisle, y: p.y });
          }
        }
      len = points.length === 0 ? 0 : req.routeLength(points);
      cache.set(key, len);
    }
    return len;
  };

  const alone = orders.filter((o) => !fits([o]));
  const fitting = orders.filter((o) => fits([o]));
  let trips: Ord[][];
  if (mode === "single") trips = fitting.map((o) => [o]);
  else if ((req.construction ?? "savings") === "fcfs") {
    trips = [];
    let cur: Ord[] = [];
    for (const o of fitting) {
      if (cur.length > 0 && !fits([...cur, o])) {
        trips.push(cur);
        cur = [];
      }
      cur.push(o);
    }
    if (cur.length > 0) trips.push(cur);
  } else trips = savings(fitting, fits, lengthOf);
  if (mode !== "single" && (req.localSearch ?? true)) trips = improve(trips, fits, lengthOf, req.maxPasses ?? 20);

  // Stable output: trips by their first order's input position; orders inside by input position.
  const all = [...trips.map((t) => ({ t, over: false })), ...alone.map((o) => ({ t: [o], over: true }))]
    .map(({ t, over }) => ({ t: [...t].sort((a, b) => a.index - b.index), over }))
    .sort((a, b) => a.t[0]!.index - b.t[0]!.index);
  const out: Trip[] = all.map(({ t, over }, i) => {
    let next = 1;
    const tripOrders: TripOrder[] = t.map((o) => {
      if (mode === "batch") return { orderId: o.id, totes: [] };
      const totes = Array.from({ length: o.totes }, (_, k) => next + k);
      next += o.totes;
      return { orderId: o.id, totes };
    });
    return {
      sequence: i + 1,
      orders: tripOrders,
      totes: totesOf(t),
      volume: t.reduce((s, o) => s + o.volume, 0),
      weight: t.reduce((s, o) => s + o.weight, 0),
      length: lengthOf(t),
      overCapacity: over,
    };
  });
  return { mode, trips: out, totalLength: out.reduce((s, t) => s + t.length, 0), routeEvaluations: cache.size };
}

/** Savings construction on real route lengths: merge the pair of trips saving the most, while they fit. */
function savings(orders: readonly Ord[], fits: (s: readonly Ord[]) => boolean, lengthOf: (s: readonly Ord[]) => number): Ord[][] {
  const trips = new Map<number, Ord[]>(orders.map((o, i) => [i, [o]]));
  let nextId = orders.length;
  // saving[a][b] for trip ids a < b; absent when the merge does not fit.
  const pairSaving = new Map<number, Map<number, number>>();
  const setSaving = (a: number, b: number): void => {
    const [x, y] = a < b ? [a, b] : [b, a];
    const ta = trips.get(x)!;
    const tb = trips.get(y)!;
    const merged = [...ta, ...tb];
    if (!fits(merged)) return;
    const s = lengthOf(ta) + lengthOf(tb) - lengthOf(merged);
    (pairSaving.get(x) ?? pairSaving.set(x, new Map()).get(x)!).set(y, s);
  };
  const ids = [...trips.keys()];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) setSaving(ids[i]!, ids[j]!);
  for (;;) {
    let best: [number, number, number] | undefined;
    for (const [a, m] of pairSaving)
      for (const [b, s] of m)
        if (s > -EPS && (!best || s > best[2] + EPS || (Math.abs(s - best[2]) <= EPS && (a < best[0] || (a === best[0] && b < best[1]))))) best = [a, b, s];
    if (!best) break;
    const [a, b] = best;
    const merged = [...trips.get(a)!, ...trips.get(b)!];
    trips.delete(a);
    trips.delete(b);
    pairSaving.delete(a);
    pairSaving.delete(b);
    for (const m of pairSaving.values()) {
      m.delete(a);
      m.delete(b);
    }
    const id = nextId++;
    trips.set(id, merged);
    for (const other of trips.keys()) if (other !== id) setSaving(other, id);
  }
  return [...trips.values()];
}

/** Local search: relocate one order, or swap two orders between trips, while the total shrinks. */
function improve(
  start: readonly Ord[][],
  fits: (s: readonly Ord[]) => boolean,
  lengthOf: (s: readonly Ord[]) => number,
  maxPasses: number,
): Ord[][] {
  let trips = start.map((t) => [...t]);
  // Every accepted move shortens the total by more than EPS, so the search ends.
  const tryRelocate = (a: number, b: number): boolean => {
    const ta = trips[a]!;
    const tb = trips[b]!;
    const base = lengthOf(ta) + lengthOf(tb);
    for (let i = 0; i < ta.length; i++) {
      const nb = [...tb, ta[i]!];
      if (!fits(nb)) continue;
      const na = ta.filter((_, k) => k !== i);
      if (lengthOf(na) + lengthOf(nb) < base - EPS) {
        trips[a] = na;
        trips[b] = nb;
        return true;
      }
    }
    return false;
  };
  const trySwap = (a: number, b: number): boolean => {
    const ta = trips[a]!;
    const tb = trips[b]!;
    const base = lengthOf(ta) + lengthOf(tb);
    for (let i = 0; i < ta.length; i++)
      for (let j = 0; j < tb.length; j++) {
        const na = ta.map((o, k) => (k === i ? tb[j]! : o));
        const nb = tb.map((o, k) => (k === j ? ta[i]! : o));
        if (!fits(na) || !fits(nb)) continue;
        if (lengthOf(na) + lengthOf(nb) < base - EPS) {
          trips[a] = na;
          trips[b] = nb;
          return true;
        }
      }
    return false;
  };
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (let a = 0; a < trips.length; a++)
      for (let b = 0; b < trips.length; b++) {
        if (a === b) continue;
        while (tryRelocate(a, b)) improved = true;
        if (a < b) while (trySwap(a, b)) improved = true;
      }
    trips = trips.filter((t) => t.length > 0);
    if (!improved) break;
  }
  return trips;
}
