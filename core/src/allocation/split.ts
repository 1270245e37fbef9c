/**
 * Order splitting across warehouses: which warehouse ships which lines of an order.
 *
 * - `fewest-shipments` (default): the minimum number of shipments, found exactly by trying every
 *   set of 1, 2, 3 … candidate warehouses in turn (depth-first, pruned with per-SKU stock bounds).
 *   Among the covering sets of minimal size: fewest split lines, then fewest missed cut-offs, then
 *   lowest total cost (shipment cost, then distance, then priority), then warehouse codes. A line is
 *   split only when no chosen warehouse can ship it whole. If the search exceeds its node budget it
 *   falls back to a greedy set cover plus improvement, and says the result is not proven optimal.
 * - `priority`: fill each line from the warehouses in priority order (Magento MSI-like).
 * - `closest`: fill each line from the warehouses nearest to the ship-to address first.
 *
 * Pure and deterministic: every tie is broken by a stable key ending in the warehouse code.
 */
import { InputError, type InputIssue } from "../shared/errors.js";
import { haversineKm } from "./geo.js";
import { isValidTimeZone, zonedDateTime } from "../carrier/local-time.js";
import {
  ALLOCATION_STRATEGIES,
  type AllocationRequest,
  type AllocationResult,
  type AllocationStrategy,
  type AllocationSummary,
  type CandidateTrace,
  type LinePart,
  type LineTrace,
  type MissingLine,
  type SearchReport,
  type Shipment,
} from "./types.js";

/** Half the Earth's circumference: the distance assumed when coordinates are missing. */
export const UNKNOWN_DISTANCE_KM = 20_037.5;
export const DEFAULT_MAX_SEARCH_NODES = 200_000;
/** Groups of lines of one SKU up to this size are assigned exactly (fewest split lines). */
const EXACT_GROUP_LINES = 8;

interface Wh {
  readonly code: string;
  readonly priority: number;
  readonly distanceKm: number | null;
  readonly distKey: number;
  readonly cost: number;
  readonly pastCutoff: boolean;
  /** Available units per SKU index (≥ 0). */
  readonly stock: readonly number[];
}

interface Line {
  readonly index: number;
  readonly lineId: string;
  readonly sku: string;
  readonly s: number;
  readonly quantity: number;
  /** Units to allocate (quantity − units nobody holds). */
  readonly target: number;
}

type Parts = [wh: number, qty: number][];

interface Assignment {
  /** Parts per line index, wh = index into the warehouse array. */
  readonly parts: readonly Parts[];
  readonly splitLines: number;
}

interface Plan {
  readonly assignment: Assignment;
  readonly used: readonly number[];
  readonly key: readonly (number | string)[];
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const byPriority = (a: Wh, b: Wh): number =>
  a.priority - b.priority || a.distKey - b.distKey || a.cost - b.cost || cmpStr(a.code, b.code);
const byDistance = (a: Wh, b: Wh): number =>
  a.distKey - b.distKey || a.priority - b.priority || a.cost - b.cost || cmpStr(a.code, b.code);

function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === "number" && typeof y === "number") {
      if (Math.abs(x - y) > 1e-9) return x - y;
      continue;
    }
    return cmpStr(String(x), String(y));
  }
  return 0;
}

function validate(req: AllocationRequest): void {
  const issues: InputIssue[] = [];
  const isInt = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);
  const geo = (p: unknown, field: string): void => {
    if (p === undefined || p === null) return;
    const g = p as { latitude?: unknown; longitude?: unknown };
    if (typeof g.latitude !== "number" || !(Math.abs(g.latitude) <= 90))
      issues.push({ field: `${field}.latitude`, message: "must be a number between -90 and 90" });
    if (typeof g.longitude !== "number" || !(Math.abs(g.longitude) <= 180))
      issues.push({ field: `${field}.longitude`, message: "must be a number between -180 and 180" });
  };
  const ids = new Set<string>();
  if (!Array.isArray(req.lines) || req.lines.length === 0) issues.push({ field: "lines", message: "the order has no lines" });
  (Array.isArray(req.lines) ? req.lines : []).forEach((l, i) => {
    if (typeof l.lineId !== "string" || l.lineId === "") issues.push({ field: `lines[${i}].lineId`, message: "is required" });
    else if (ids.has(l.lineId)) issues.push({ field: `lines[${i}].lineId`, message: `duplicate line id "${l.lineId}"` });
    else ids.add(l.lineId);
    if (typeof l.sku !== "string" || l.sku === "") issues.push({ field: `lines[${i}].sku`, message: "is required" });
    if (!isInt(l.quantity) || l.quantity <= 0)
      issues.push({ field: `lines[${i}].quantity`, message: `must be a positive whole number, got ${String(l.quantity)}` });
  });
  const codes = new Set<string>();
  (Array.isArray(req.warehouses) ? req.warehouses : []).forEach((w, i) => {
    if (typeof w.code !== "string" || w.code === "") issues.push({ field: `warehouses[${i}].code`, message: "is required" });
    else if (codes.has(w.code)) issues.push({ field: `warehouses[${i}].code`, message: `duplicate warehouse "${w.code}"` });
    else codes.add(w.code);
    if (typeof w.priority !== "number" || !Number.isFinite(w.priority))
      issues.push({ field: `warehouses[${i}].priority`, message: "must be a number" });
    if (w.costPerShipment !== undefined && (typeof w.costPerShipment !== "number" || !(w.costPerShipment >= 0)))
      issues.push({ field: `warehouses[${i}].costPerShipment`, message: "must be a number ≥ 0" });
    if (w.cutoff !== undefined) {
      const c = parseMoment(w.cutoff);
      const n = req.now !== undefined ? parseMoment(req.now) : undefined;
      if (!c) issues.push({ field: `warehouses[${i}].cutoff`, message: `must be "HH:MM" or an ISO 8601 instant, got "${w.cutoff}"` });
      else if (n && n.kind !== c.kind && !(c.kind === "time" && n.kind === "instant" && w.timeZone !== undefined))
        issues.push({
          field: `warehouses[${i}].cutoff`,
          message: `"${w.cutoff}" is ${c.kind === "time" ? "a time of day" : "an instant"} but now "${req.now}" is ${n.kind === "time" ? "a time of day" : "an instant"}; give both in the same form (or the warehouse's timeZone, to compare a time of day with an instant)`,
        });
    }
    if (w.timeZone !== undefined && (typeof w.timeZone !== "string" || !isValidTimeZone(w.timeZone)))
      issues.push({ field: `warehouses[${i}].timeZone`, message: `must be an IANA time zone such as "Europe/Berlin", got ${JSON.stringify(w.timeZone)}` });
    geo(w.location, `warehouses[${i}].location`);
    if (typeof w.available !== "object" || w.available === null)
      issues.push({ field: `warehouses[${i}].available`, message: "must map SKUs to units" });
    else
      for (const [sku, n] of Object.entries(w.available))
        if (!isInt(n)) issues.push({ field: `warehouses[${i}].available.${sku}`, message: `must be a whole number, got ${String(n)}` });
  });
  if (!Array.isArray(req.warehouses)) issues.push({ field: "warehouses", message: "must be a list" });
  geo(req.shipTo, "shipTo");
  if (req.now !== undefined && !parseMoment(req.now))
    issues.push({ field: "now", message: `must be "HH:MM" or an ISO 8601 instant, got "${req.now}"` });
  if (req.strategy !== undefined && !ALLOCATION_STRATEGIES.includes(req.strategy))
    issues.push({ field: "strategy", message: `unknown strategy "${String(req.strategy)}"; use ${ALLOCATION_STRATEGIES.join(", ")}` });
  const budget = req.options?.maxSearchNodes;
  if (budget !== undefined && (!isInt(budget) || budget < 1))
    issues.push({ field: "options.maxSearchNodes", message: "must be a positive whole number" });
  if (issues.length > 0) {
    const where = req.orderId ? ` of order ${req.orderId}` : "";
    throw new InputError("ALLOCATION_INPUT_INVALID", `cannot allocate${where}: ${issues.length} problem(s) in the input`, issues);
  }
}

/** "HH:MM" (a local time of day, minutes) or an ISO 8601 instant (ms since epoch). */
function parseMoment(s: string): { kind: "time" | "instant"; value: number } | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  if (m) return { kind: "time", value: Number(m[1]) * 60 + Number(m[2]) };
  const t = typeof s === "string" && /^\d{4}-\d{2}-\d{2}T/.test(s) ? Date.parse(s) : Number.NaN;
  return Number.isNaN(t) ? undefined : { kind: "instant", value: t };
}

/**
 * Is the cut-off at or before now? Same forms compare directly; a "HH:MM" cut-off against an instant
 * compares the instant's local time of day in the warehouse's time zone (validated before).
 */
function isPastCutoff(cutoff: string | undefined, timeZone: string | undefined, now: { kind: "time" | "instant"; value: number } | undefined): boolean {
  if (now === undefined || cutoff === undefined) return false;
  const c = parseMoment(cutoff)!;
  if (c.kind === now.kind) return c.value <= now.value;
  if (c.kind === "time" && timeZone !== undefined) return c.value <= zonedDateTime(now.value, timeZone).minutes;
  return false;
}

const fmtKm = (d: number | null): string => (d === null ? "distance unknown" : `${d.toFixed(1)} km`);
const fmtNum = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** Split one order across warehouses. Throws InputError on malformed input. */
export function allocateOrder(req: AllocationRequest): AllocationResult {
  validate(req);
  const strategy: AllocationStrategy = req.strategy ?? "fewest-shipments";
  const now = req.now !== undefined ? parseMoment(req.now) : undefined;

  // SKUs in order of first appearance; demand and coverable units per SKU.
  const skuIndex = new Map<string, number>();
  const skus: string[] = [];
  for (const l of req.lines)
    if (!skuIndex.has(l.sku)) {
      skuIndex.set(l.sku, skus.length);
      skus.push(l.sku);
    }
  const whs: Wh[] = req.warehouses.map((w) => {
    const distanceKm = w.location && req.shipTo ? haversineKm(req.shipTo, w.location) : null;
    return {
      code: w.code,
      priority: w.priority,
      distanceKm,
      distKey: distanceKm ?? UNKNOWN_DISTANCE_KM,
      cost: w.costPerShipment ?? 0,
      pastCutoff: isPastCutoff(w.cutoff, w.timeZone, now),
      stock: skus.map((sku) => Math.max(0, w.available[sku] ?? 0)),
    };
  });
  const demand = skus.map(() => 0);
  for (const l of req.lines) demand[skuIndex.get(l.sku)!]! += l.quantity;
  const total = skus.map((_, s) => whs.reduce((acc, w) => acc + w.stock[s]!, 0));
  const cap = skus.map((_, s) => Math.min(demand[s]!, total[s]!));

  // Units nobody holds are taken off the last lines of each SKU.
  const coverLeft = [...cap];
  const lines: Line[] = req.lines.map((l, index) => {
    const s = skuIndex.get(l.sku)!;
    const target = Math.min(l.quantity, coverLeft[s]!);
    coverLeft[s]! -= target;
    return { index, lineId: l.lineId, sku: l.sku, s, quantity: l.quantity, target };
  });

  const rankCmp = strategy === "closest" ? byDistance : byPriority;
  const order = whs.map((_, i) => i).sort((a, b) => rankCmp(whs[a]!, whs[b]!));
  const usable = whs.map((w) => skus.some((_, s) => cap[s]! > 0 && w.stock[s]! > 0));

  let assignment: Assignment;
  let search: SearchReport | undefined;
  const head: string[] = [];
  if (strategy === "fewest-shipments") {
    const r = fewestShipments(whs, lines, cap, order.filter((i) => usable[i]), req.options?.maxSearchNodes ?? DEFAULT_MAX_SEARCH_NODES);
    assignment = r.plan.assignment;
    search = r.report;
    head.push(...r.notes);
  } else {
    assignment = fillInOrder(whs, lines, order);
    head.push(
      strategy === "priority"
        ? "each line filled from the warehouses in priority order (lower number first)"
        : "each line filled from the warehouses nearest to the ship-to address first",
    );
  }
  return buildResult(req, strategy, whs, lines, order, usable, assignment, search, head);
}

/** Greedy fill: each line in input order from the warehouses in `order`. */
function fillInOrder(whs: readonly Wh[], lines: readonly Line[], order: readonly number[]): Assignment {
  const rem = whs.map((w) => [...w.stock]);
  let splitLines = 0;
  const parts = lines.map((l) => {
    const p: Parts = [];
    let need = l.target;
    for (const w of order) {
      if (need === 0) break;
      const take = Math.min(need, rem[w]![l.s]!);
      if (take > 0) {
        p.push([w, take]);
        rem[w]![l.s]! -= take;
        need -= take;
      }
    }
    if (p.length > 1) splitLines++;
    return p;
  });
  return { parts, splitLines };
}

/**
 * Assign lines to a fixed set of warehouses (given in ranking order), fewest split lines first.
 * Lines of one SKU compete for the same stock; small groups are searched exhaustively.
 */
function assignWithin(whs: readonly Wh[], lines: readonly Line[], set: readonly number[]): Assignment {
  const parts: Parts[] = lines.map(() => []);
  let splitLines = 0;
  const groups = new Map<number, Line[]>();
  for (const l of lines) if (l.target > 0) (groups.get(l.s) ?? groups.set(l.s, []).get(l.s)!).push(l);
  for (const [s, group] of groups) {
    const rem = set.map((w) => whs[w]!.stock[s]!);
    // whole[k] = position in `set` shipping group[k] whole, or −1 when it is split.
    const sorted = [...group].sort((a, b) => b.target - a.target || a.index - b.index);
    let best: number[];
    if (sorted.length === 1) {
      const t = sorted[0]!.target;
      best = [rem.findIndex((r) => r >= t)];
    } else if (sorted.length <= EXACT_GROUP_LINES) {
      best = sorted.map(() => -1);
      let bestSplits = sorted.length + 1;
      const cur: number[] = [];
      const dfs = (k: number, splits: number): void => {
        if (splits >= bestSplits) return;
        if (k === sorted.length) {
          bestSplits = splits;
          best = [...cur];
          return;
        }
        const t = sorted[k]!.target;
        for (let j = 0; j < rem.length; j++)
          if (rem[j]! >= t) {
            rem[j]! -= t;
            cur.push(j);
            dfs(k + 1, splits);
            cur.pop();
            rem[j]! += t;
          }
        cur.push(-1);
        dfs(k + 1, splits + 1);
        cur.pop();
      };
      dfs(0, 0);
    } else {
      const r = [...rem];
      best = sorted.map((l) => {
        const j = r.findIndex((x) => x >= l.target);
        if (j >= 0) r[j]! -= l.target;
        return j;
      });
    }
    sorted.forEach((l, k) => {
      const j = best[k]!;
      if (j >= 0) {
        parts[l.index]!.push([set[j]!, l.target]);
        rem[j]! -= l.target;
      }
    });
    // Split lines: take from the warehouse with the most remaining first (fewest parts).
    for (const [k, l] of sorted.entries()) {
      if (best[k]! >= 0) continue;
      splitLines++;
      let need = l.target;
      while (need > 0) {
        let j = 0;
        for (let x = 1; x < rem.length; x++) if (rem[x]! > rem[j]!) j = x;
        const take = Math.min(need, rem[j]!);
        if (take <= 0) throw new Error("allocation invariant: a covering set ran out of stock");
        parts[l.index]!.push([set[j]!, take]);
        rem[j]! -= take;
        need -= take;
      }
    }
  }
  return { parts, splitLines };
}

function usedWarehouses(a: Assignment): number[] {
  const used = new Set<number>();
  for (const p of a.parts) for (const [w] of p) used.add(w);
  return [...used];
}

function planKey(whs: readonly Wh[], a: Assignment, used: readonly number[]): (number | string)[] {
  const ws = used.map((w) => whs[w]!).sort((x, y) => cmpStr(x.code, y.code));
  return [
    ws.length,
    a.splitLines,
    ws.filter((w) => w.pastCutoff).length,
    ws.reduce((t, w) => t + w.cost, 0),
    ws.reduce((t, w) => t + w.distKey, 0),
    ws.reduce((t, w) => t + w.priority, 0),
    ws.map((w) => w.code).join("\u0000"),
  ];
}

function makePlan(whs: readonly Wh[], lines: readonly Line[], set: readonly number[]): Plan {
  const assignment = assignWithin(whs, lines, set);
  const used = usedWarehouses(assignment);
  return { assignment, used, key: planKey(whs, assignment, used) };
}

function fewestShipments(
  whs: readonly Wh[],
  lines: readonly Line[],
  cap: readonly number[],
  cands: readonly number[],
  budget: number,
): { plan: Plan; report: SearchReport; notes: string[] } {
  const active = cap.map((c, s) => (c > 0 ? s : -1)).filter((s) => s >= 0);
  const n = cands.length;
  const notes: string[] = [];
  if (active.length === 0) {
    const plan: Plan = { assignment: { parts: lines.map(() => []), splitLines: 0 }, used: [], key: [] };
    return { plan, notes: ["no warehouse holds any ordered SKU"], report: { exhaustive: true, minimalShipmentsProven: true, lowerBound: 0, nodes: 0, feasibleSets: 0 } };
  }
  const m = active.length;
  // eff[i][j]: units of active SKU j that candidate i can contribute (capped at the demand).
  const eff = cands.map((w) => active.map((s) => Math.min(whs[w]!.stock[s]!, cap[s]!)));
  const sufSum: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m).fill(0));
  const sufMax: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = 0; j < m; j++) {
      sufSum[i]![j] = sufSum[i + 1]![j]! + eff[i]![j]!;
      sufMax[i]![j] = Math.max(sufMax[i + 1]![j]!, eff[i]![j]!);
    }

  let nodes = 0;
  let aborted = false;
  let best: Plan | undefined;
  let feasibleSets = 0;
  let lowerBound = 1;
  const chosen: number[] = [];
  const deficit = active.map((s) => cap[s]!);
  const dfs = (start: number, r: number): void => {
    if (aborted) return;
    if (++nodes > budget) {
      aborted = true;
      return;
    }
    if (r === 0) {
      if (deficit.every((d) => d <= 0)) {
        feasibleSets++;
        const plan = makePlan(whs, lines, chosen.map((i) => cands[i]!));
        if (!best || compareKeys(plan.key, best.key) < 0) best = plan;
      }
      return;
    }
    for (let i = start; i <= n - r; i++) {
      // Bound: the r warehouses still to choose come from i..n−1.
      let ok = true;
      for (let j = 0; j < m; j++) {
        const d = deficit[j]!;
        if (d > 0 && Math.min(sufSum[i]![j]!, r * sufMax[i]![j]!) < d) {
          ok = false;
          break;
        }
      }
      if (!ok) break; // suffixes only shrink
      chosen.push(i);
      for (let j = 0; j < m; j++) deficit[j]! -= eff[i]![j]!;
      dfs(i + 1, r - 1);
      for (let j = 0; j < m; j++) deficit[j]! += eff[i]![j]!;
      chosen.pop();
      if (aborted) return;
    }
  };
  for (let k = 1; k <= n; k++) {
    lowerBound = k;
    dfs(0, k);
    if (aborted || best) break;
  }

  if (best && !aborted) {
    const k = best.used.length;
    notes.push(
      k === 1
        ? `proven minimum: 1 shipment (${feasibleSets} warehouse(s) can ship the whole order)`
        : `proven minimum: ${k} shipments; no set of ${k - 1} warehouse(s) covers the order (${nodes} search nodes)`,
    );
    if (feasibleSets > 1)
      notes.push(
        `tie-break among ${feasibleSets} covering sets of ${k}: fewest split lines, then missed cut-offs, shipment cost, distance, priority, code`,
      );
    return { plan: best, notes, report: { exhaustive: true, minimalShipmentsProven: true, lowerBound: k, nodes: Math.min(nodes, budget), feasibleSets } };
  }

  // Budget exhausted: greedy set cover plus improvement. Sets smaller than lowerBound are proven infeasible.
  const plan = greedyCover(whs, lines, cands, eff, active.map((s) => cap[s]!));
  const k = plan.used.length;
  const proven = k <= lowerBound;
  notes.push(
    `not proven optimal: exact search stopped after ${budget} nodes; greedy set cover + improvement gave ${k} shipment(s)` +
      (proven ? ` (the count is minimal: no set of ${k - 1} covers the order; tie-breaks not exhaustively searched)` : ` (lower bound ${lowerBound})`),
  );
  return { plan, notes, report: { exhaustive: false, minimalShipmentsProven: proven, lowerBound, nodes: budget, feasibleSets: 0 } };
}

function greedyCover(
  whs: readonly Wh[],
  lines: readonly Line[],
  cands: readonly number[],
  eff: readonly (readonly number[])[],
  need: readonly number[],
): Plan {
  const n = cands.length;
  const m = need.length;
  const covers = (set: readonly number[]): boolean => {
    for (let j = 0; j < m; j++) {
      let t = 0;
      for (const i of set) t += eff[i]![j]!;
      if (t < need[j]!) return false;
    }
    return true;
  };
  // Greedy: repeatedly add the candidate contributing most still-missing units (ties: ranking order).
  const set: number[] = [];
  const deficit = [...need];
  while (deficit.some((d) => d > 0)) {
    let bestI = -1;
    let bestGain = 0;
    for (let i = 0; i < n; i++) {
      if (set.includes(i)) continue;
      let gain = 0;
      for (let j = 0; j < m; j++) gain += Math.min(deficit[j]!, eff[i]![j]!);
      if (gain > bestGain) {
        bestGain = gain;
        bestI = i;
      }
    }
    if (bestI < 0) throw new Error("allocation invariant: coverable demand not coverable");
    set.push(bestI);
    for (let j = 0; j < m; j++) deficit[j] = Math.max(0, deficit[j]! - eff[bestI]![j]!);
  }
  // Improvement: drop redundant warehouses, then replace any two by one while possible.
  let improved = true;
  while (improved) {
    improved = false;
    for (const i of [...set].sort((a, b) => b - a)) {
      const without = set.filter((x) => x !== i);
      if (covers(without)) {
        set.splice(set.indexOf(i), 1);
        improved = true;
      }
    }
    outer: for (let a = 0; a < set.length; a++)
      for (let b = a + 1; b < set.length; b++)
        for (let i = 0; i < n; i++) {
          if (set.includes(i)) continue;
          const trial = set.filter((_, x) => x !== a && x !== b).concat(i);
          if (covers(trial)) {
            set.splice(0, set.length, ...trial);
            improved = true;
            break outer;
          }
        }
  }
  set.sort((a, b) => a - b);
  return makePlan(whs, lines, set.map((i) => cands[i]!));
}

function buildResult(
  req: AllocationRequest,
  strategy: AllocationStrategy,
  whs: readonly Wh[],
  lines: readonly Line[],
  order: readonly number[],
  usable: readonly boolean[],
  a: Assignment,
  search: SearchReport | undefined,
  head: readonly string[],
): AllocationResult {
  const rankPos = new Map(order.map((w, i) => [w, i]));
  const used = usedWarehouses(a).sort((x, y) => rankPos.get(x)! - rankPos.get(y)!);
  const shipments: Shipment[] = used.map((w) => ({
    warehouse: whs[w]!.code,
    lines: lines.flatMap((l) => a.parts[l.index]!.filter(([pw]) => pw === w).map(([, q]) => ({ lineId: l.lineId, sku: l.sku, quantity: q }))),
  }));
  const missing: MissingLine[] = lines.filter((l) => l.target < l.quantity).map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity - l.target }));
  const chosenCodes = used.map((w) => whs[w]!.code);

  const lineTraces: LineTrace[] = lines.map((l) => {
    const p = a.parts[l.index]!;
    const parts: LinePart[] = p.map(([w, q]) => ({ warehouse: whs[w]!.code, quantity: q }));
    const split = parts.length > 1;
    const miss = l.quantity - l.target;
    const holdings = (ws: readonly number[]): string => ws.map((w) => `${whs[w]!.code} holds ${whs[w]!.stock[l.s]!}`).join(", ");
    let reason: string;
    if (l.target === 0) reason = `no warehouse holds ${l.sku}`;
    else if (strategy === "fewest-shipments") {
      const others = used.filter((w) => w !== p[0]?.[0]);
      if (!split) {
        const alsoWhole = others.filter((w) => whs[w]!.stock[l.s]! >= l.target).map((w) => whs[w]!.code);
        reason =
          `whole from ${parts[0]!.warehouse}` +
          (others.length === 0
            ? ""
            : alsoWhole.length > 0
              ? ` (${alsoWhole.join(", ")} could also ship it whole; ranking order decides)`
              : ` (the only chosen warehouse able to ship it whole; ${holdings(others)})`);
      } else {
        reason = `split: no chosen warehouse can ship ${l.target} whole (${holdings(used.filter((w) => whs[w]!.stock[l.s]! > 0))}); largest remaining stock taken first`;
      }
    } else {
      const verb = strategy === "priority" ? "priority order" : "nearest first";
      const skipped = order.filter((w) => whs[w]!.stock[l.s]! === 0 && rankPos.get(w)! < rankPos.get(p[p.length - 1]![0])!).map((w) => whs[w]!.code);
      reason = `filled ${verb}: ${parts.map((x) => `${x.warehouse} ${x.quantity}`).join(", ")}` + (skipped.length > 0 ? ` (${skipped.join(", ")} ${skipped.length === 1 ? "holds" : "hold"} none)` : "");
    }
    if (miss > 0) reason += `; short ${miss}: all warehouses together hold only ${whs.reduce((t, w) => t + w.stock[l.s]!, 0)} of ${l.sku}` + (l.target < l.quantity && lines.filter((x) => x.s === l.s).length > 1 ? " (shared with earlier lines of the SKU)" : "");
    return { lineId: l.lineId, sku: l.sku, quantity: l.quantity, parts, missing: miss, split, reason };
  });

  const ws = used.map((w) => whs[w]!);
  const summary: AllocationSummary = {
    shipments: used.length,
    splitLines: a.splitLines,
    missedCutoffs: ws.filter((w) => w.pastCutoff).length,
    totalCost: ws.reduce((t, w) => t + w.cost, 0),
    totalDistanceKm: ws.reduce((t, w) => t + w.distKey, 0),
    prioritySum: ws.reduce((t, w) => t + w.priority, 0),
  };
  const candidates: CandidateTrace[] = order.map((w) => ({
    code: whs[w]!.code,
    priority: whs[w]!.priority,
    distanceKm: whs[w]!.distanceKm,
    costPerShipment: whs[w]!.cost,
    pastCutoff: whs[w]!.pastCutoff,
    usable: usable[w]!,
  }));

  const trace: string[] = [];
  const complete = missing.length === 0;
  trace.push(
    `order ${req.orderId ?? "(unnamed)"}: strategy ${strategy}; ${summary.shipments} shipment(s), ${summary.splitLines} split line(s), ` +
      (complete ? "complete" : `incomplete (${missing.reduce((t, x) => t + x.quantity, 0)} unit(s) missing)`),
  );
  const desc = (w: Wh): string =>
    `${w.code} (priority ${w.priority}, ${fmtKm(w.distanceKm)}, cost ${fmtNum(w.cost)}${w.pastCutoff ? ", cut-off passed" : ""})`;
  const useful = order.filter((w) => usable[w]);
  const useless = order.filter((w) => !usable[w]);
  trace.push(`  candidates: ${useful.length > 0 ? useful.map((w) => desc(whs[w]!)).join("; ") : "none"}`);
  if (useless.length > 0) trace.push(`  not considered (hold none of the ordered SKUs): ${useless.map((w) => whs[w]!.code).join(", ")}`);
  for (const h of head) trace.push(`  ${h}`);
  if (chosenCodes.length > 0) trace.push(`  chosen: ${chosenCodes.join(" + ")}`);
  shipments.forEach((s, i) => {
    const lineText = s.lines.map((x) => `${x.lineId} ${x.sku}×${x.quantity}`).join(", ");
    trace.push(`  shipment ${i + 1} from ${s.warehouse}: ${lineText}`);
  });
  for (const t of lineTraces) {
    const dest = t.parts.length > 0 ? t.parts.map((x) => `${x.warehouse}×${x.quantity}`).join(" + ") : "nowhere";
    trace.push(`  line ${t.lineId} ${t.sku}×${t.quantity} → ${dest}: ${t.reason}`);
  }
  if (!complete) trace.push(`  missing: ${missing.map((x) => `${x.lineId} ${x.sku}×${x.quantity}`).join(", ")}`);

  return {
    orderId: req.orderId,
    strategy,
    shipments,
    lines: lineTraces,
    missing,
    complete,
    summary,
    candidates,
    search,
    trace,
  };
}
