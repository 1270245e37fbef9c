/**
 * Re-importing an order the store already has (a daily export overlapping yesterday's): what changed,
 * and whether the order's state still allows it. Pure; both stores apply the verdict.
 */
import type { NewOrder } from "./ports.js";
import type { Order, OrderStatus } from "./types.js";

/** What an import does with a record whose key exists: update it (default), skip it, or fail the import. */
export const ON_EXISTING = ["update", "skip", "fail"] as const;
export type OnExisting = (typeof ON_EXISTING)[number];

export function isOnExisting(s: string): s is OnExisting {
  return (ON_EXISTING as readonly string[]).includes(s);
}

/** The order fields an import may change, with the states in which each still can. */
const BEFORE_PACKING: readonly OrderStatus[] = ["Pending", "PaymentPending", "Confirmed", "Processing"];
const BEFORE_RESERVING: readonly OrderStatus[] = ["Pending"];

export type OrderChangeField = "customer" | "shipTo" | "priority" | "carrier" | "service" | "shipBy" | "lines" | "payment";

export interface OrderChange {
  readonly field: OrderChangeField;
  readonly from: unknown;
  readonly to: unknown;
}

export type ReimportVerdict =
  | { readonly kind: "unchanged" }
  /** Every change is allowed in the order's state; `pay` = the order system now reports it paid. */
  | { readonly kind: "update"; readonly changes: readonly OrderChange[]; readonly pay: boolean }
  | { readonly kind: "conflict"; readonly changes: readonly OrderChange[]; readonly reason: string };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(normal(a)) === JSON.stringify(normal(b));
/** Key order and absent-vs-undefined do not make a difference. */
function normal(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normal);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, normal(x)]),
    );
  }
  return v;
}

/** Compare an existing order with the imported record of the same number. */
export function compareReimportedOrder(existing: Order, incoming: NewOrder): ReimportVerdict {
  const changes: OrderChange[] = [];
  const check = (field: OrderChangeField, from: unknown, to: unknown) => {
    if (!same(from, to)) changes.push({ field, from, to });
  };
  check("customer", existing.customer, incoming.customer);
  check("shipTo", existing.shipTo, incoming.shipTo);
  check("priority", existing.priority, incoming.priority);
  check("carrier", existing.carrier, incoming.carrier);
  check("service", existing.service, incoming.service);
  check("shipBy", existing.shipBy, incoming.shipBy);
  check(
    "lines",
    existing.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })),
    incoming.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })),
  );
  const wasPaid = existing.payment === "paid";
  const nowPaid = (incoming.payment ?? "pending") === "paid";
  // Only "now paid" is news: a paid order is not made unpaid by an older export.
  const pay = !wasPaid && nowPaid;
  if (pay) changes.push({ field: "payment", from: "pending", to: "paid" });
  if (changes.length === 0) return { kind: "unchanged" };

  const status = existing.status;
  const refused: string[] = [];
  for (const c of changes) {
    if (c.field === "lines" && !BEFORE_RESERVING.includes(status)) refused.push(`its lines (stock is already reserved for them; cancel it and import the change under a new number)`);
    else if (c.field === "payment" && !["Pending", "PaymentPending"].includes(status)) {
      // Payment arriving for an order that is past payment (or cancelled) changes nothing.
      if (status === "Cancelled") refused.push("its payment (the order was cancelled)");
    } else if (c.field !== "lines" && c.field !== "payment" && !BEFORE_PACKING.includes(status)) refused.push(`its ${fieldName(c.field)}`);
  }
  if (refused.length > 0) return { kind: "conflict", changes, reason: `order ${existing.number} is ${status}: cannot change ${refused.join(", ")}` };
  return { kind: "update", changes, pay };
}

function fieldName(f: OrderChangeField): string {
  return f === "shipTo" ? "address" : f === "shipBy" ? "ship-by date" : f;
}
