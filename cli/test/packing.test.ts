// The database-backed shipping commands: label SHIPMENT_ID, slip, shipments, manifest (ships), ship; exit codes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { openStore } from "@pickpack/data";
import { PackingService } from "@pickpack/data/packing";
import { T0, importProcessing, labelRenderer, seedProcessingOrder } from "../../data/test/packing-fixtures.js";
import { runCli } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "pickpack-cli-packing-"));
const db = join(dir, "pack.db");
const clock = new ManualClock("2026-11-22T17:00:00Z");
const cli = (...args: string[]) => runCli(["--db", db, ...args], { clock, cwd: dir, env: { USER: "tester" } });
let sscc = "";
let tracking = "";

beforeAll(async () => {
  const store = await openStore({ target: db });
  try {
    await seedProcessingOrder(store, "SO-1", [["A", 1], ["B", 1]]);
    await importProcessing(store, "SO-2", [["B", 1]]);
    await importProcessing(store, "SO-3", [["B", 1]]);
    const svc = new PackingService(store, { labels: labelRenderer });
    const ctx = { now: T0 + 60_000, actor: "u-ben" };
    await svc.own.scanItem({ order: "SO-1", sku: "A" }, ctx);
    await svc.own.scanItem({ order: "SO-1", sku: "B" }, ctx);
    await svc.own.recordWeight({ order: "SO-1", grams: 385 }, ctx);
    const closed = await svc.own.closeCarton({ order: "SO-1" }, ctx);
    sscc = closed.sscc;
    tracking = closed.trackingNumber;
    // SO-2 stays in Processing, unpacked
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("shipping commands", () => {
  it("label SHIPMENT_ID writes a PDF or ZPL label of the stored shipment", async () => {
    const pdf = await cli("label", "SO-1-1", "--format", "pdf", "--out", "l.pdf");
    expect(pdf.code).toBe(0);
    expect(pdf.stdout).toContain(`wrote label SO-1-1 (SSCC ${sscc}, tracking ${tracking}; PDF`);
    expect(readFileSync(join(dir, "l.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
    const zpl = await cli("label", "1", "--format", "zpl", "--dpi", "300", "--out", "l.zpl");
    expect(zpl.code).toBe(0);
    const text = readFileSync(join(dir, "l.zpl"), "utf8");
    expect(text.startsWith("^XA")).toBe(true);
    expect(text).toContain(sscc);
    expect(text).toContain(tracking);
    const printed = await cli("label", "SO-1-1", "--format", "zpl", "--out", "l2.zpl", "--print", `file:${join(dir, "printed.zpl")}`);
    expect(printed.code).toBe(0);
    expect(readFileSync(join(dir, "printed.zpl"), "utf8")).toBe(readFileSync(join(dir, "l2.zpl"), "utf8"));
  });

  it("label: unknown shipment and conflicting arguments are usage errors (exit 2)", async () => {
    const missing = await cli("label", "SO-9-9", "--out", "x.pdf");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no shipment "SO-9-9"');
    const both = await cli("label", "SO-1-1", "--from", "x.json", "--out", "x.pdf");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("either a SHIPMENT_ID or --from");
  });

  it("slip writes the delivery note; shipments lists the cartons", async () => {
    const r = await cli("slip", "SO-1", "--out", "slip.pdf", "--paper", "letter");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote packing slip SO-1 \(1 carton, 2 units, \d+ bytes\) to slip\.pdf/);
    expect(readFileSync(join(dir, "slip.pdf")).subarray(0, 4).toString()).toBe("%PDF");
    expect((await cli("slip", "SO-404", "--out", "x.pdf")).code).toBe(2);
    const list = await cli("shipments", "--json");
    expect(JSON.parse(list.stdout)).toMatchObject([{ shipmentNumber: "SO-1-1", sscc, trackingNumber: tracking, orderNumber: "SO-1" }]);
  });

  it("ship refuses an order that is not Packed (exit 1); manifest closes the day and ships Packed orders", async () => {
    const refused = await cli("ship", "SO-2");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("SO-2 has no shipment");
    expect((await cli("manifest", "--date", "2026-11-31", "--out", "m.pdf")).code).toBe(2);
    const wh = (JSON.parse((await cli("shipments", "--json")).stdout) as { warehouse: string }[])[0]!.warehouse;
    // two warehouses: a close-out names its warehouse; the refusal says which ones have shipments waiting
    const noWh = await cli("manifest", "--date", "2026-11-22", "--out", "m.pdf");
    expect(noWh.code).toBe(2);
    expect(noWh.stderr).toContain("--warehouse is required");
    expect(noWh.stderr).toContain(`waiting for a close-out on 2026-11-22: ${wh} (1 shipment)`);
    expect(noWh.stderr).toContain(`pickpack manifest --date 2026-11-22 --warehouse ${wh} --out m.pdf`);
    expect((await cli("manifest", "--date", "2026-11-22", "--warehouse", "NOPE", "--out", "m.pdf")).code).toBe(2);
    expect((await cli("manifest", "--date", "2026-11-23", "--warehouse", wh, "--out", "m.pdf")).code).toBe(1); // nothing shipped that day
    const m = await cli("manifest", "--date", "2026-11-22", "--warehouse", wh, "--out", "m.pdf");
    expect(m.code).toBe(0);
    expect(m.stdout).toContain(`manifest LC-${wh}-20261122-1 (Local courier, ${wh}, 2026-11-22, no. 1 of the day): 1 shipments, 1 parcels, 0.385 kg → m.pdf`);
    expect(m.stdout).toContain("shipped: SO-1");
    expect(readFileSync(join(dir, "m.pdf")).subarray(0, 4).toString()).toBe("%PDF");
    // closing out again: nothing new (exit 1); the stored manifest is listed and can be written again
    const closed = await cli("manifest", "--date", "2026-11-22", "--warehouse", wh, "--out", "m2.pdf");
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain("MANIFEST_EMPTY");
    expect(closed.stderr).toContain(`already on a manifest (1 so far, last LC-${wh}-20261122-1)`);
    const list = await cli("manifests", "--date", "2026-11-22");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`LC-${wh}-20261122-1\\s+LC\\s+${wh}\\s+2026-11-22\\s+1\\s+1\\s+1\\s+0.385`));
    const reprint = await cli("manifest", "--reprint", `LC-${wh}-20261122-1`, "--out", "r.pdf");
    expect(reprint.code).toBe(0);
    expect(reprint.stdout).toContain(`wrote manifest LC-${wh}-20261122-1 again (${wh}, 2026-11-22: 1 shipments`);
    expect(readFileSync(join(dir, "r.pdf")).subarray(0, 4).toString()).toBe("%PDF");
    expect((await cli("manifest", "--reprint", "LC-X-1", "--out", "r.pdf")).code).toBe(2);
    const order = await cli("orders", "show", "SO-1", "--json");
    expect(JSON.parse(order.stdout)).toMatchObject({ status: "Shipped", trackingNumber: tracking });
    const again = await cli("ship", "SO-1");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("ORDER_ILLEGAL_TRANSITION");
  });

  it("ship --tracking: the one ship path also takes a tracking number from a carrier outside pickpack", async () => {
    const store = await openStore({ target: db });
    try {
      // SO-3 packed without pickpack's cartons (no shipment stored)
      const so3 = (await store.getOrder("SO-3"))!.order;
      await store.kysely.updateTable("order_lines").set({ picked_quantity: 1, packed_quantity: 1 }).where("order_id", "=", so3.id).execute();
      await store.applyOrderEvent("SO-3", { type: "MarkPacked" }, { now: clock.now(), actor: "test" });
    } finally {
      await store.close();
    }
    const none = await cli("ship", "SO-3");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("SO-3 has no shipment");
    // `orders ship` is the same path: the same refusal without a tracking number
    const viaOrders = await cli("orders", "ship", "SO-3");
    expect(viaOrders.code).toBe(1);
    expect(viaOrders.stderr).toBe(none.stderr);
    const shipped = await cli("ship", "SO-3", "--tracking", "PP0001", "--json");
    expect(shipped.code).toBe(0);
    expect(JSON.parse(shipped.stdout)).toMatchObject({ order: "SO-3", from: "Packed", to: "Shipped", trackingNumber: "PP0001" });
    expect((await cli("ship", "SO-404")).code).toBe(2);
  });
});
