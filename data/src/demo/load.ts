/**
 * Load the demo dataset into a store and drive its orders into mixed states through the real lifecycle
 * (every state change audited), deterministically for a given `now`.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { FulfillmentStore } from "@pickpack/core";
import { importFile, parseImport } from "../imports/index.js";
import { DEMO_IMPORT_ORDER } from "./generate.js";

export const DEMO_DIR = fileURLToPath(new URL("../../demo/", import.meta.url));

export interface DemoSummary {
  readonly orders: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

/** How many of the newest demo orders are left waiting for payment (their 15 minutes run from `now`). */
const AWAITING_PAYMENT = 25;

export async function loadDemo(store: FulfillmentStore, options: { readonly now: number; readonly dir?: string }): Promise<DemoSummary> {
  const dir = options.dir ?? DEMO_DIR;
  const actor = "demo";
  const start = options.now - 2 * 3600_000; // orders arrived over the last two hours
  for (const [kind, file] of DEMO_IMPORT_ORDER) {
    if (kind !== "orders") await importFile(store, kind, dir + file, { now: start, actor });
  }
  if ((await store.listOrders({ limit: 1 })).length === 0) {
    const path = dir + "orders.json";
    const orders = parseImport("orders", path, await readFile(path, "utf8")).batch.orders ?? [];
    for (const [i, record] of orders.entries()) {
      const fresh = i >= orders.length - AWAITING_PAYMENT;
      const at = fresh ? options.now - (orders.length - i) * 1000 : start + i * 12_000;
      const { reserved } = await store.importData({ orders: [record] }, { now: at, actor });
      if (fresh || !reserved) continue; // waiting for payment, or for stock (stays Pending)
      const number = record.value.number;
      const paidAt = at + 2 * 60_000;
      if (i % 20 === 7) {
        await store.applyOrderEvent(number, { type: "PaymentFailed", reason: "card declined" }, { now: paidAt, actor });
        continue;
      }
      await store.applyOrderEvent(number, { type: "PaymentSucceeded", paymentRef: `PAY-${100000 + i}` }, { now: paidAt, actor });
      if (i % 25 === 3) await store.applyOrderEvent(number, { type: "Cancel", reason: "customer changed their mind" }, { now: paidAt + 60_000, actor });
    }
  }
  const byStatus: Record<string, number> = {};
  const all = await store.listOrders({});
  for (const o of all) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  return { orders: all.length, byStatus };
}
