// The foundation's "done when", driven through the real CLI in-process on a temporary SQLite file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { runCli } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "pickpack-cli-"));
const db = join(dir, "cli.db");
const clock = new ManualClock("2026-11-22T08:00:00Z");
const cli = (...args: string[]) => runCli(["--db", db, ...args], { clock, cwd: dir, env: { USER: "tester" } });
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("pickpack foundation CLI", () => {
  beforeAll(async () => {
    expect((await cli("init")).code).toBe(0);
    const warehouses = file(
      "warehouses.json",
      JSON.stringify([
        { code: "WH1", name: "Berlin", address: { name: "Dock", street: "1 A St", postalCode: "10115", city: "Berlin", country: "DE" }, latitude: 52.5, longitude: 13.4, priority: 1 },
      ]),
    );
    expect((await cli("import", "warehouses", warehouses)).code).toBe(0);
    const locations = file("locations.csv", "warehouse,code,zone,aisle,position\nWH1,A-01-01-A,A,0,2\nWH1,A-02-01-A,A,1,4\n");
    expect((await cli("import", "locations", locations)).code).toBe(0);
    const skus = file(
      "skus.json",
      JSON.stringify([
        { sku: "A", name: "Alpha", barcodes: ["4006381333931"], weightGrams: 100, lengthMm: 10, widthMm: 10, heightMm: 10 },
        { sku: "B", name: "Beta", barcodes: ["036000291452"], weightGrams: 200, lengthMm: 10, widthMm: 10, heightMm: 10 },
      ]),
    );
    expect((await cli("import", "skus", skus)).code).toBe(0);
    const stock = file("stock.csv", "warehouse,location,sku,onHand\nWH1,A-01-01-A,A,5\nWH1,A-02-01-A,B,5\n");
    expect((await cli("import", "stock", stock)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports every bad row (shape and references) with line and field, exits 2 and changes nothing", async () => {
    const bad = file(
      "bad-stock.csv",
      ["warehouse,location,sku,onHand", "WH1,A-01-01-A,A,7", "WH1,A-01-01-A,B,-3", "WH1,A-02-01-A,A,lots", "WH1,,B,1", "WH1,NOPE,A,2"].join("\n") + "\n",
    );
    const before = await cli("stock", "list", "--json");
    const r = await cli("import", "stock", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("4 problems");
    expect(r.stderr).toContain(`${bad}:3: onHand: must be 0 or more`);
    expect(r.stderr).toContain(`${bad}:4: onHand: must be a whole number`);
    expect(r.stderr).toContain(`${bad}:5: location: is required`);
    expect(r.stderr).toContain(`${bad}:6: location: unknown location NOPE in warehouse WH1`);
    expect((await cli("stock", "list", "--json")).stdout).toBe(before.stdout);
  });

  it("names the first line of a CSV record whose quoted field spans lines", async () => {
    const bad = file("multi.csv", 'id,name,role,badge\nu1,Ann,picker,B-1\nu2,"Bob\nSmith",janitor,B-2\nu3,Cy,janitor,B-3\n');
    const r = await cli("import", "users", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3: role: must be one of picker, packer, supervisor`);
    expect(r.stderr).toContain(`${bad}:5: role: must be one of picker, packer, supervisor`);
  });

  it("reports every bad JSON record by its line", async () => {
    const bad = file("bad-skus.json", '[\n  {"sku": "C", "name": "Gamma", "weightGrams": 1, "lengthMm": 1, "widthMm": 1, "heightMm": 1, "barcodes": ["4006381333932"]},\n  {"sku": "D", "weightGrams": 0, "lengthMm": 1, "widthMm": 1, "heightMm": 1}\n]\n');
    const r = await cli("import", "skus", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:2: barcodes: 4006381333932 has a wrong GTIN check digit`);
    expect(r.stderr).toContain(`${bad}:3: name:`);
    expect(r.stderr).toContain(`${bad}:3: weightGrams: must be more than 0`);
  });

  it("dry-run validates without writing", async () => {
    const orders = file("orders-dry.json", JSON.stringify([{ number: "SO-DRY", customer: "X", shipTo: { name: "X", street: "S", postalCode: "1", city: "C", country: "DE" }, lines: [{ sku: "A", quantity: 1 }] }]));
    const r = await cli("import", "orders", orders, "--dry-run");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("dry run, nothing written");
    expect((await cli("orders", "show", "SO-DRY")).code).toBe(2);
  });

  it("shows a cancelled order's full audit trail and refuses to cancel a shipped order with exit 1", async () => {
    const orders = file(
      "orders.csv",
      [
        "number,customer,shipTo.name,shipTo.street,shipTo.postalCode,shipTo.city,shipTo.country,sku,quantity,unitPrice",
        "SO-1,Ann,Ann,1 Road,10115,Berlin,DE,A,2,9.5",
        "SO-1,Ann,Ann,1 Road,10115,Berlin,DE,B,1,3",
        "SO-2,Bob,Bob,2 Road,10115,Berlin,DE,A,1,9.5",
      ].join("\n") + "\n",
    );
    const imported = await cli("import", "orders", orders, "--json");
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 2, reserved: 2 });

    clock.advance(60_000);
    expect((await cli("orders", "pay", "SO-1", "--result", "success")).stdout).toContain("PaymentPending → Confirmed");
    clock.advance(60_000);
    const cancelled = await cli("orders", "cancel", "SO-1", "--reason", "customer request");
    expect(cancelled.code).toBe(0);
    const show = await cli("orders", "show", "SO-1");
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("Cancelled");
    expect(show.stdout).toMatch(/Pending\s+PaymentPending\s+stock reserved while payment is pending\s+cli:tester/);
    expect(show.stdout).toMatch(/PaymentPending\s+Confirmed\s+payment succeeded/);
    expect(show.stdout).toMatch(/Confirmed\s+Cancelled\s+customer request\s+cli:tester/);
    const json = JSON.parse((await cli("orders", "show", "SO-1", "--json")).stdout) as { history: { from: string; to: string }[]; reservations: { state: string }[] };
    expect(json.history.map((h) => `${h.from}>${h.to}`)).toEqual(["Pending>PaymentPending", "PaymentPending>Confirmed", "Confirmed>Cancelled"]);
    expect(json.reservations.every((r) => r.state === "released")).toBe(true);

    // SO-2 all the way to Shipped, then try to cancel it.
    expect((await cli("orders", "pay", "SO-2", "--result", "success")).code).toBe(0);
    const { openStore } = await import("@pickpack/data");
    const store = await openStore({ target: db });
    await store.applyOrderEvent("SO-2", { type: "StartProcessing" }, { now: clock.now(), actor: "test" });
    await store.kysely.updateTable("order_lines").set({ picked_quantity: 1, packed_quantity: 1 }).where("sku", "=", "A").execute();
    await store.applyOrderEvent("SO-2", { type: "MarkPacked" }, { now: clock.now(), actor: "test" });
    await store.close();
    expect((await cli("orders", "ship", "SO-2", "--tracking", "PP0001")).code).toBe(0);
    const refused = await cli("orders", "cancel", "SO-2", "--reason", "too late");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refused [ORDER_NOT_CANCELLABLE]");
    expect(refused.stderr).toContain("already shipped — use a return");
  });

  it("expires a reservation at exactly 15 minutes and the sweep cancels it", async () => {
    const orders = file("orders-exp.json", JSON.stringify([{ number: "SO-EXP", customer: "E", shipTo: { name: "E", street: "S", postalCode: "1", city: "C", country: "DE" }, lines: [{ sku: "B", quantity: 4 }] }]));
    expect((await cli("import", "orders", orders)).code).toBe(0);
    const availableB = async () => (JSON.parse((await cli("stock", "list", "--sku", "B", "--json")).stdout) as { available: number }[])[0]!.available;
    expect(await availableB()).toBe(1); // 5 on hand, 4 held for SO-EXP (SO-1's unit was released)
    clock.advance(15 * 60_000 - 1);
    expect(JSON.parse((await cli("reservations", "sweep", "--json")).stdout)).toEqual({ expired: [] });
    clock.advance(1);
    expect(await availableB()).toBe(5);
    expect(JSON.parse((await cli("reservations", "sweep", "--json")).stdout)).toEqual({ expired: ["SO-EXP"] });
    const audit = await cli("audit", "SO-EXP");
    expect(audit.stdout).toMatch(/PaymentPending\s+Cancelled\s+ReservationExpired\s+reservation expired/);
  });

  it("scan parse finds SKUs by any stored barcode form and knows location codes", async () => {
    const gtin = JSON.parse((await cli("scan", "parse", "4006381333931", "--json")).stdout) as { classification: { kind: string; sku?: string } };
    expect(gtin.classification).toMatchObject({ kind: "sku", sku: "A" });
    // a UPC-A stored as 12 digits, scanned inside a GS1-128 (01) GTIN-14
    const gs1 = JSON.parse((await cli("scan", "parse", "]C1<GS>0100036000291452<GS>10LOT7", "--json")).stdout) as { classification: { kind: string; sku?: string } };
    expect(gs1.classification).toMatchObject({ kind: "sku", sku: "B" });
    const loc = JSON.parse((await cli("scan", "parse", "A-01-01-A", "--json")).stdout) as { classification: { kind: string; id?: string } };
    expect(loc.classification).toMatchObject({ kind: "location", id: "A-01-01-A" });
  });

  it("refuses bad settings and blank reasons as usage errors, and a barcode listed twice as a bad row", async () => {
    const ttl = await runCli(["--db", db, "orders", "list"], { clock, cwd: dir, env: { PICKPACK_RESERVATION_MINUTES: "abc" } });
    expect(ttl.code).toBe(2);
    expect(ttl.stderr).toContain("PICKPACK_RESERVATION_MINUTES must be a positive number of minutes");
    const blank = await cli("orders", "cancel", "SO-2", "--reason", "  ");
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain("--reason must not be empty");
    const twice = file("twice.json", JSON.stringify([{ sku: "T", name: "Twice", barcodes: ["ABC123", "ABC123"], weightGrams: 1, lengthMm: 1, widthMm: 1, heightMm: 1 }]));
    const r = await cli("import", "skus", twice);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${twice}:1: barcodes: ABC123 is listed twice`);
  });

  it("maps usage errors to exit 2 and unknown orders to a clear message", async () => {
    expect((await cli("orders", "pay", "SO-1")).code).toBe(2); // missing --result
    expect((await cli("import", "gadgets", "x.json")).code).toBe(2);
    const missing = await cli("import", "skus", join(dir, "nope.json"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
    const unknown = await cli("orders", "cancel", "SO-404", "--reason", "x");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error [ORDER_NOT_FOUND]");
  });
});
