// Shared setup for the packing tests: the seed data, an order driven to Processing, a label renderer over @pickpack/labels.
import type { ShippingLabelRenderer } from "@pickpack/core";
import { renderShippingLabelPdf, renderShippingLabelZpl } from "@pickpack/labels";
import type { SqlStore } from "@pickpack/data";
import type { PackingService } from "@pickpack/data/packing";
import { order, ordersBatch, seedBatch } from "./fixtures.js";

export const T0 = Date.parse("2026-11-22T08:00:00.000Z");

export const labelRenderer: ShippingLabelRenderer = {
  render: async (data, format, dpi) => (format === "pdf" ? renderShippingLabelPdf(data) : new TextEncoder().encode(renderShippingLabelZpl(data, dpi))),
};

/** Seed + extra boxes (XS holds exactly one unit of A or B by volume) and an order in Processing. */
export async function seedProcessingOrder(store: SqlStore, number: string, lines: [string, number][], service = "express"): Promise<void> {
  const seed = seedBatch();
  await store.importData(
    {
      ...seed,
      boxes: [
        ...seed.boxes!,
        { value: { code: "XS", name: "Mailer XS", innerLengthMm: 120, innerWidthMm: 100, innerHeightMm: 60, tareGrams: 30, maxWeightGrams: 1000 }, file: "boxes.json", line: 2 },
        { value: { code: "L", name: "Carton L", innerLengthMm: 400, innerWidthMm: 300, innerHeightMm: 200, tareGrams: 300, maxWeightGrams: 10000 }, file: "boxes.json", line: 3 },
      ],
    },
    { now: T0, actor: "seed" },
  );
  await importProcessing(store, number, lines, service);
}

export async function importProcessing(store: SqlStore, number: string, lines: [string, number][], service = "express"): Promise<void> {
  const s = await store.importData(ordersBatch(order(number, lines, { service })), { now: T0, actor: "seed" });
  if (s.reserved !== 1) throw new Error(`fixture: order ${number} was not reserved`);
  await store.applyOrderEvent(number, { type: "PaymentSucceeded" }, { now: T0 + 1000, actor: "seed" });
  await store.applyOrderEvent(number, { type: "StartProcessing", waveId: "W1" }, { now: T0 + 2000, actor: "seed" });
}

/** Pack `units` units of B into XS mailers, one unit each (choose box, scan, weigh, close); `at(dt)` stamps each step. */
export async function packOnePerMailer(svc: PackingService, order: string, units: number, at: (dt: number) => { now: number; actor: string }): Promise<void> {
  for (let i = 0; i < units; i++) {
    await svc.own.chooseBox({ order, box: "XS", reason: "one per mailer" }, at(i * 10));
    await svc.own.scanItem({ order, sku: "B" }, at(i * 10 + 1));
    await svc.own.recordWeight({ order, grams: 230 }, at(i * 10 + 2));
    await svc.own.closeCarton({ order }, at(i * 10 + 3));
  }
}
