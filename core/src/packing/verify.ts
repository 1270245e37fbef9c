/**
 * Pack verification for one order, as pure functions over a plain state (the store loads it, applies
 * a step, saves the difference). A packer scans items into the open carton; each scan is checked
 * against the order: a SKU the order does not contain is refused (PACK_WRONG_ITEM), one more unit than
 * ordered is refused (PACK_OVERPACK). Cartons are closed one by one; the order is complete when every
 * ordered unit is in a closed carton.
 */
import { DomainError, err, ok, type Result } from "../shared/errors.js";


export interface PackLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly ordered: number;
  readonly packed: number;
}

export interface PackCartonItem {
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
}

export interface PackCarton {
  readonly cartonNo: number;
  readonly status: "open" | "closed";
  readonly items: readonly PackCartonItem[];
}

export interface PackState {
  readonly orderNumber: string;
  readonly lines: readonly PackLine[];
  readonly cartons: readonly PackCarton[];
}

/** What the store knows about a scanned SKU that is not on this order (for the refusal message). */
export interface ScannedItemInfo {
  readonly name?: string;
  /** Other orders in packing that contain this SKU. */
  readonly belongsTo?: readonly string[];
}

export interface PackScanResult {
  readonly state: PackState;
  readonly lineNo: number;
  readonly sku: string;
  readonly cartonNo: number;
  /** True when this scan opened a new carton. */
  readonly openedCarton: boolean;
  /** Units of this SKU packed / ordered after the scan (over all lines with the SKU). */
  readonly packed: number;
  readonly ordered: number;
}

export interface PackProgress {
  readonly ordered: number;
  readonly packed: number;
  readonly remaining: readonly { readonly lineNo: number; readonly sku: string; readonly quantity: number }[];
  readonly openCarton: number | undefined;
  readonly closedCartons: number;
  /** Every ordered unit is in a closed carton. */
  readonly complete: boolean;
}

export function openCartonOf(state: PackState): PackCarton | undefined {
  return state.cartons.find((c) => c.status === "open");
}

export function packProgress(state: PackState): PackProgress {
  const ordered = state.lines.reduce((a, l) => a + l.ordered, 0);
  const packed = state.lines.reduce((a, l) => a + l.packed, 0);
  const open = openCartonOf(state);
  return {
    ordered,
    packed,
    remaining: state.lines.filter((l) => l.packed < l.ordered).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.ordered - l.packed })),
    openCarton: open?.cartonNo,
    closedCartons: state.cartons.filter((c) => c.status === "closed").length,
    complete: packed === ordered && open === undefined,
  };
}

const nextCartonNo = (state: PackState) => state.cartons.reduce((a, c) => Math.max(a, c.cartonNo), 0) + 1;

/** Open the next carton ("next carton" on the station). Refused while one is open or when all is packed. */
export function openPackCarton(state: PackState): Result<{ state: PackState; cartonNo: number }, DomainError> {
  const open = openCartonOf(state);
  if (open) return err(new DomainError("PACK_CARTON_ALREADY_OPEN", `order ${state.orderNumber}: carton ${open.cartonNo} is still open; close it first`));
  if (state.lines.every((l) => l.packed >= l.ordered)) return err(new DomainError("PACK_ALL_PACKED", `order ${state.orderNumber}: every item is already packed`));
  const cartonNo = nextCartonNo(state);
  return ok({ state: { ...state, cartons: [...state.cartons, { cartonNo, status: "open", items: [] }] }, cartonNo });
}

/** Scan one unit of `sku` into the open carton (a carton is opened if none is). */
export function scanPackItem(state: PackState, sku: string, info: ScannedItemInfo = {}): Result<PackScanResult, DomainError> {
  const lines = state.lines.filter((l) => l.sku === sku);
  if (lines.length === 0) {
    const what = info.name ? `${sku} (${info.name})` : sku;
    const where = info.belongsTo && info.belongsTo.length > 0 ? `; it belongs to order ${info.belongsTo.join(", ")}` : "; no order in packing needs it";
    return err(new DomainError("PACK_WRONG_ITEM", `${what} is not on order ${state.orderNumber}${where} — put it aside`, { sku, order: state.orderNumber, belongsTo: info.belongsTo ?? [] }));
  }
  const ordered = lines.reduce((a, l) => a + l.ordered, 0);
  const packed = lines.reduce((a, l) => a + l.packed, 0);
  const line = lines.find((l) => l.packed < l.ordered);
  if (!line) {
    return err(new DomainError("PACK_OVERPACK", `order ${state.orderNumber} needs ${ordered} × ${sku} and all ${packed} are already packed — this unit is one too many, put it aside`, { sku, order: state.orderNumber, ordered, packed }));
  }
  let s = state;
  let openedCarton = false;
  let open = openCartonOf(s);
  if (!open) {
    const o = openPackCarton(s);
    if (!o.ok) return o;
    s = o.value.state;
    open = openCartonOf(s)!;
    openedCarton = true;
  }
  const cartonNo = open.cartonNo;
  const has = open.items.some((i) => i.lineNo === line.lineNo);
  const items = has ? open.items.map((i) => (i.lineNo === line.lineNo ? { ...i, quantity: i.quantity + 1 } : i)) : [...open.items, { lineNo: line.lineNo, sku, quantity: 1 }];
  return ok({
    state: {
      ...s,
      lines: s.lines.map((l) => (l.lineNo === line.lineNo ? { ...l, packed: l.packed + 1 } : l)),
      cartons: s.cartons.map((c) => (c.cartonNo === cartonNo ? { ...c, items } : c)),
    },
    lineNo: line.lineNo,
    sku,
    cartonNo,
    openedCarton,
    packed: packed + 1,
    ordered,
  });
}

/** Close the open carton. An empty carton cannot be closed. */
export function closePackCarton(state: PackState): Result<{ state: PackState; cartonNo: number; complete: boolean }, DomainError> {
  const open = openCartonOf(state);
  if (!open) return err(new DomainError("PACK_NO_OPEN_CARTON", `order ${state.orderNumber} has no open carton to close`));
  if (open.items.length === 0) return err(new DomainError("PACK_CARTON_EMPTY", `carton ${open.cartonNo} of order ${state.orderNumber} is empty; scan items into it first`));
  const next = { ...state, cartons: state.cartons.map((c) => (c.cartonNo === open.cartonNo ? { ...c, status: "closed" as const } : c)) };
  return ok({ state: next, cartonNo: open.cartonNo, complete: packProgress(next).complete });
}
