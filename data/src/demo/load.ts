/**
 * Load the demo dataset into a store and drive its orders into mixed states through the real lifecycle
 * (every state change audited), deterministically for a given `now`.
 */
import { fileURLToPath } from "node:url";
import type { FulfillmentStore } from "@pickpack/core";
import { importFile, parseImport } from "../imports/index.js";
import { SqlStore } from "../store.js";
import { DEMO_IMPORT_ORDER, generateDemo } from "./generate.js";
import { driveDemoHistory } from "./history.js";

export const DEMO_DIR = fileURLToPath(new URL("../../demo/", import.meta.url));

export interface DemoSummary {
  readonly orders: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** When the newest orders' payment reservations lapse (they are cancelled then unless paid). */
  readonly awaitingPaymentUntil?: number;
}

/** How many of the newest demo orders are left waiting for payment (their 15 minutes run from `now`). */
const AWAITING_PAYMENT = 25;
/** The orders arrived over the last two days, oldest first. */
const ARRIVALS_MS = 2 * 86_400_000;
/** After this many arrivals the first ones go through the floor to the carrier (a SQL store only). */
const HISTORY_AFTER = 40;

/**
 * Master data from the demo files; the orders generated for `now` (ship-by dates in the coming week,
 * arrivals over the last two days), each imported at its arrival time.
 */
export async function loadDemo(store: FulfillmentStore, options: { readonly now: number; readonly dir?: string }): Promise<DemoSummary> {
  const dir = options.dir ?? DEMO_DIR;
  const actor = "demo";
  const start = options.now - ARRIVALS_MS - 3600_000;
  for (const [kind, file] of DEMO_IMPORT_ORDER) {
    if (kind !== "orders") await importFile(store, kind, dir + file, { now: start, actor });
  }
  if ((await store.listOrders({ limit: 1 })).length === 0) {
    const text = generateDemo(undefined, { now: options.now }).files["orders.json"]!;
    const orders = parseImport("orders", "orders.json", text).batch.orders ?? [];
    const spacing = Math.floor(ARRIVALS_MS / orders.length);
    for (const [i, record] of orders.entries()) {
      const fresh = i >= orders.length - AWAITING_PAYMENT;
      const declined = !fresh && i % 20 === 7;
      const at = fresh ? options.now - (orders.length - i) * 1000 : options.now - ARRIVALS_MS + i * spacing;
      if (i === HISTORY_AFTER && store instanceof SqlStore) await driveDemoHistory(store, { now: at - 1000 });
      // The newest orders and the ones whose card is declined wait for payment; the rest come paid from
      // the order system (except the file's own "pending" ones, paid two minutes later).
      const value = fresh || declined ? { ...record.value, payment: "pending" as const } : record.value;
      const { reserved } = await store.importData({ orders: [{ ...record, value }] }, { now: at, actor });
      if (fresh) continue;
      if (!reserved) continue; // waiting for stock (stays Pending)
      const number = value.number;
      const paidAt = at + 2 * 60_000;
      if (declined) {
        await store.applyOrderEvent(number, { type: "PaymentFailed", reason: "card declined" }, { now: paidAt, actor });
        continue;
      }
      if (value.payment === "pending") await store.applyOrderEvent(number, { type: "PaymentSucceeded", paymentRef: `PAY-${100000 + i}` }, { now: paidAt, actor });
      if (i % 25 === 3) await store.applyOrderEvent(number, { type: "Cancel", reason: "customer changed their mind" }, { now: paidAt + 60_000, actor });
    }
  }
  const byStatus: Record<string, number> = {};
  const all = await store.listOrders({});
  for (const o of all) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  const lapses = all.flatMap((o) => (o.status === "PaymentPending" && o.reservationExpiresAt !== undefined ? [o.reservationExpiresAt] : []));
  const awaitingPaymentUntil = lapses.length > 0 ? Math.min(...lapses) : undefined;
  return { orders: all.length, byStatus, ...(awaitingPaymentUntil !== undefined ? { awaitingPaymentUntil } : {}) };
}
