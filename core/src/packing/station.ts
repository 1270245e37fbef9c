/**
 * The pack station's phases as a pure machine: which step a station may take in which phase, and the
 * phase it is in afterwards.
 *
 *   idle ─order/tote→ scanning ─last unit / CMD-CLOSE→ weigh ─weight ok→ labelled ─label scanned→ scanning (next carton) | packed
 *                                                       weigh ─weight out of tolerance→ weight-refused ─re-weigh ok / supervisor override→ labelled
 *
 * A box may be chosen whenever an order is open (a refused weight goes back to weigh, a labelled or
 * packed station starts the next carton); an exception returns the station to idle. The facts a guard
 * needs from the packing state (is a carton in progress, units remaining, is the order complete) come
 * with the event; the packing rules themselves are checked by the packing service.
 */
import { DomainError, type RefusalCode, err, ok, type Result } from "../shared/errors.js";

export const STATION_PHASES = ["idle", "scanning", "weigh", "weight-refused", "labelled", "packed"] as const;
export type StationPhase = (typeof STATION_PHASES)[number];

export interface StationSnapshot {
  readonly phase: StationPhase;
  /** The order open at the station, if any. */
  readonly order: string | null;
}

export type StationEvent =
  /** An order or tote was scanned. `cartonInProgress`: the current order has an open carton with packed units. `resumeWeigh`: the new order's open carton holds every unit. */
  | { readonly type: "open-order"; readonly cartonInProgress: boolean; readonly resumeWeigh: boolean }
  | { readonly type: "item-packed"; readonly remaining: number }
  | { readonly type: "box-chosen" }
  /** CMD-CLOSE: the carton is done, put it on the scale. */
  | { readonly type: "carton-done"; readonly empty: boolean }
  | { readonly type: "weight-accepted" }
  | { readonly type: "weight-refused" }
  | { readonly type: "override" }
  /** The label's barcode was scanned (or CMD-NEXT). */
  | { readonly type: "label-confirmed"; readonly orderComplete: boolean }
  | { readonly type: "exception" }
  | { readonly type: "close-station" };

const weighing = (p: StationPhase) => p === "weigh" || p === "weight-refused";
const refuse = (code: RefusalCode, message: string, details?: Record<string, unknown>) => err(new DomainError(code, message, details));

/** The phase after `event`, or the refusal (the station stays where it is). */
export function stationNext(s: StationSnapshot, event: StationEvent): Result<StationPhase> {
  switch (event.type) {
    case "open-order":
      if (s.order && (s.phase === "scanning" || weighing(s.phase)) && event.cartonInProgress) {
        return refuse("PACK_ORDER_IN_PROGRESS", `order ${s.order} has an open carton at this station: finish it (weigh and label) before opening another order`, { orderNumber: s.order });
      }
      return ok(event.resumeWeigh ? "weigh" : "scanning");
    case "item-packed":
      if (!s.order || s.phase === "idle" || s.phase === "packed") return refuse("PACK_NO_ORDER", "scan a tote or an order first");
      return ok(event.remaining === 0 ? "weigh" : "scanning");
    case "box-chosen":
      if (!s.order) return refuse("PACK_NO_ORDER", "scan a tote or an order before choosing a box");
      return ok(s.phase === "weight-refused" ? "weigh" : s.phase === "labelled" || s.phase === "packed" ? "scanning" : s.phase);
    case "carton-done":
      if (!s.order) return refuse("PACK_NO_ORDER", "no order is open at this station");
      if (weighing(s.phase)) return refuse("PACK_WEIGHT_MISSING", "the carton is waiting for its weight: place it on the scale");
      if (event.empty) return refuse("PACK_CARTON_EMPTY", "nothing to close: scan items into the carton first");
      return ok("weigh");
    case "weight-accepted":
    case "weight-refused":
      if (!s.order || !weighing(s.phase)) {
        return refuse("PACK_NOT_WEIGHING", s.order ? "nothing to weigh now: scan the items, then close the carton (CMD-CLOSE) to weigh it" : "no order is open at this station");
      }
      return ok(event.type === "weight-accepted" ? "labelled" : "weight-refused");
    case "override":
      if (!s.order || s.phase !== "weight-refused") return refuse("PACK_NO_OVERRIDE_NEEDED", "no weight was refused at this station");
      return ok("labelled");
    case "label-confirmed":
      if (!s.order || s.phase !== "labelled") return refuse("PACK_NO_LABEL", "no label is waiting to be confirmed at this station");
      return ok(event.orderComplete ? "packed" : "scanning");
    case "exception":
      if (!s.order) return refuse("PACK_NO_ORDER", "no order is open at this station");
      return ok("idle");
    case "close-station":
      if (s.order && weighing(s.phase)) return refuse("PACK_ORDER_IN_PROGRESS", `order ${s.order} has a carton waiting for its weight: finish it first`);
      return ok("idle");
  }
}
