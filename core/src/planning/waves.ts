/**
 * Wave grouping: Confirmed orders of one warehouse, grouped by cut-off, priority and carrier, cut
 * into waves within limits (orders and lines per wave). Pure and deterministic; an order appears in
 * at most one wave.
 */
import { InputError, type InputIssue } from "../shared/errors.js";

export interface WaveOrder {
  readonly orderId: string;
  readonly warehouse: string;
  /** Order status; only "Confirmed" orders are planned. */
  readonly status: string;
  /** Lower number = more urgent. */
  readonly priority: number;
  readonly carrier: string;
  /**
   * The cut-off the order must make (e.g. the warehouse's "HH:MM" or an ISO instant; use one form
   * per call). Earlier cut-offs are planned first; orders without one come last.
   */
  readonly cutoff?: string | undefined;
  /** Number of order lines (counts against `maxLines`). */
  readonly lines: number;
  /** Arrival time (ms since epoch): earlier orders first within a group; ties by order id. */
  readonly createdAt?: number | undefined;
}

export interface WaveLimits {
  /** Most orders in one wave. Default: unlimited. */
  readonly maxOrders?: number | undefined;
  /** Most order lines in one wave. An order with more lines gets a wave of its own (flagged). */
  readonly maxLines?: number | undefined;
  /**
   * Most waves in one plan. Default: 1 when `maxOrders` or `maxLines` is given (a person asking for
   * "at most 6 orders" means one wave of at most 6), otherwise no limit.
   */
  readonly maxWaves?: number | undefined;
}

export interface WaveRequest {
  readonly warehouse: string;
  readonly orders: readonly WaveOrder[];
  readonly limits?: WaveLimits | undefined;
}

export interface PlannedWave {
  /** 1-based, in planning order (earliest cut-off, most urgent first). */
  readonly sequence: number;
  readonly warehouse: string;
  readonly cutoff: string | undefined;
  readonly priority: number;
  readonly carrier: string;
  readonly orderIds: readonly string[];
  readonly lines: number;
  /** True when a single order alone exceeds `maxLines`. */
  readonly oversize: boolean;
}

export interface SkippedOrder {
  readonly orderId: string;
  readonly reason: string;
}

export interface WavePlan {
  readonly warehouse: string;
  readonly waves: readonly PlannedWave[];
  /** Orders not planned, with why (other warehouse, not Confirmed, listed twice). */
  readonly skipped: readonly SkippedOrder[];
  /** Eligible orders left for a later plan because the waves allowed were full, in planning order. */
  readonly deferred: readonly string[];
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function validate(req: WaveRequest): void {
  const issues: InputIssue[] = [];
  const positiveInt = (v: unknown, field: string): void => {
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 1))
      issues.push({ field, message: `must be a whole number ≥ 1, got ${String(v)}` });
  };
  if (typeof req.warehouse !== "string" || req.warehouse === "") issues.push({ field: "warehouse", message: "is required" });
  positiveInt(req.limits?.maxOrders, "maxOrders");
  positiveInt(req.limits?.maxLines, "maxLines");
  positiveInt(req.limits?.maxWaves, "maxWaves");
  req.orders.forEach((o, i) => {
    if (typeof o.orderId !== "string" || o.orderId === "") issues.push({ field: `orders[${i}].orderId`, message: "is required" });
    if (typeof o.lines !== "number" || !Number.isInteger(o.lines) || o.lines < 0)
      issues.push({ field: `orders[${i}].lines`, message: `must be a whole number ≥ 0, got ${String(o.lines)}` });
    if (typeof o.priority !== "number" || !Number.isFinite(o.priority))
      issues.push({ field: `orders[${i}].priority`, message: "must be a number" });
  });
  if (issues.length > 0) throw new InputError("WAVES_INPUT_INVALID", `cannot plan waves: ${issues.length} problem(s) in the input`, issues);
}

/** Group the warehouse's Confirmed orders into waves. Throws InputError on malformed input. */
export function planWaves(req: WaveRequest): WavePlan {
  validate(req);
  const maxOrders = req.limits?.maxOrders ?? Infinity;
  const maxLines = req.limits?.maxLines ?? Infinity;
  const skipped: SkippedOrder[] = [];
  const seen = new Set<string>();
  const eligible: WaveOrder[] = [];
  for (const o of req.orders) {
    if (seen.has(o.orderId)) {
      skipped.push({ orderId: o.orderId, reason: "listed more than once (planned once)" });
      continue;
    }
    seen.add(o.orderId);
    if (o.warehouse !== req.warehouse) skipped.push({ orderId: o.orderId, reason: `ships from ${o.warehouse}, not ${req.warehouse}` });
    else if (o.status !== "Confirmed") skipped.push({ orderId: o.orderId, reason: `status ${o.status}, not Confirmed` });
    else eligible.push(o);
  }

  const groups = new Map<string, WaveOrder[]>();
  for (const o of eligible) {
    const key = JSON.stringify([o.cutoff ?? null, o.priority, o.carrier]);
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(o);
  }
  const sortedGroups = [...groups.values()].sort((ga, gb) => {
    const a = ga[0]!;
    const b = gb[0]!;
    if (a.cutoff !== b.cutoff) {
      if (a.cutoff === undefined) return 1;
      if (b.cutoff === undefined) return -1;
      return cmpStr(a.cutoff, b.cutoff);
    }
    return a.priority - b.priority || cmpStr(a.carrier, b.carrier);
  });

  const waves: PlannedWave[] = [];
  for (const group of sortedGroups) {
    const first = group[0]!;
    group.sort((a, b) => (a.createdAt ?? Infinity) - (b.createdAt ?? Infinity) || cmpStr(a.orderId, b.orderId));
    let ids: string[] = [];
    let lines = 0;
    const flush = (oversize: boolean): void => {
      if (ids.length === 0) return;
      waves.push({
        sequence: waves.length + 1,
        warehouse: req.warehouse,
        cutoff: first.cutoff,
        priority: first.priority,
        carrier: first.carrier,
        orderIds: ids,
        lines,
        oversize,
      });
      ids = [];
      lines = 0;
    };
    for (const o of group) {
      if (o.lines > maxLines) {
        flush(false);
        ids.push(o.orderId);
        lines = o.lines;
        flush(true);
        continue;
      }
      if (ids.length + 1 > maxOrders || lines + o.lines > maxLines) flush(false);
      ids.push(o.orderId);
      lines += o.lines;
    }
    flush(false);
  }
  const limited = req.limits?.maxOrders !== undefined || req.limits?.maxLines !== undefined;
  const maxWaves = req.limits?.maxWaves ?? (limited ? 1 : Infinity);
  return { warehouse: req.warehouse, waves: waves.slice(0, maxWaves), skipped, deferred: waves.slice(maxWaves).flatMap((w) => w.orderIds) };
}
