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
        "number,customer,shipTo.name,shipTo.street,shipTo.postalCode,shipTo.city,shipTo.country,sku,quantity,unitPrice,payment",
        "SO-1,Ann,Ann,1 Road,10115,Berlin,DE,A,2,9.5,pending",
        "SO-1,Ann,Ann,1 Road,10115,Berlin,DE,B,1,3,pending",
        "SO-2,Bob,Bob,2 Road,10115,Berlin,DE,A,1,9.5,pending",
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
    const orders = file("orders-exp.json", JSON.stringify([{ number: "SO-EXP", customer: "E", shipTo: { name: "E", street: "S", postalCode: "1", city: "C", country: "DE" }, lines: [{ sku: "B", quantity: 4 }], payment: "pending" }]));
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

describe("the first session with one's own data: payment, re-import, import problems, carrier updates", () => {
  const dir2 = mkdtempSync(join(tmpdir(), "pickpack-cli-first-"));
  const db2 = join(dir2, "first.db");
  const clock2 = new ManualClock("2026-11-22T08:00:00Z");
  const run2 = (...args: string[]) => runCli(["--db", db2, ...args], { clock: clock2, cwd: dir2, env: { USER: "tester" } });
  const put = (name: string, text: string | Buffer) => {
    const p = join(dir2, name);
    writeFileSync(p, text);
    return p;
  };
  const shipTo = { name: "Ann", street: "1 Road", postalCode: "10115", city: "Berlin", country: "DE" };
  const status = async (n: string) => (JSON.parse((await run2("orders", "show", n, "--json")).stdout) as { status: string }).status;

  beforeAll(async () => {
    expect((await run2("init")).code).toBe(0);
    const wh = put("wh.json", JSON.stringify([{ code: "WH1", name: "Berlin", address: shipTo, latitude: 52.5, longitude: 13.4 }]));
    expect((await run2("import", "warehouses", wh)).code).toBe(0);
    expect((await run2("import", "locations", put("loc.csv", "warehouse,code,aisle,position\nWH1,A-01-01-A,0,2\n"))).code).toBe(0);
    expect((await run2("import", "skus", put("skus.json", JSON.stringify([{ sku: "A", name: "Alpha", weightGrams: 100, lengthMm: 10, widthMm: 10, heightMm: 10 }])))).code).toBe(0);
    expect((await run2("import", "stock", put("stock.csv", "warehouse,location,sku,onHand\nWH1,A-01-01-A,A,50\n"))).code).toBe(0);
  });
  afterAll(() => rmSync(dir2, { recursive: true, force: true }));

  it("imports orders as paid by default (Confirmed at once), and 20 minutes and a sweep later they still are", async () => {
    const file = put(
      "orders.json",
      JSON.stringify([
        { number: "SO-P1", customer: "Ann", shipTo, lines: [{ sku: "A", quantity: 1 }] },
        { number: "SO-P2", customer: "Ann", shipTo, lines: [{ sku: "A", quantity: 1 }], payment: "pending" },
      ]),
    );
    const r = await run2("import", "orders", file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2 reserved, 1 of them paid (Confirmed), 1 waiting for payment (PaymentPending)");
    expect(await status("SO-P1")).toBe("Confirmed");
    expect(await status("SO-P2")).toBe("PaymentPending");
    clock2.advance(20 * 60_000);
    expect(JSON.parse((await run2("reservations", "sweep", "--json")).stdout)).toEqual({ expired: ["SO-P2"] });
    expect(await status("SO-P1")).toBe("Confirmed");
    expect((await run2("audit", "SO-P1")).stdout).toContain("paid in the order system");
  });

  it("orders pay takes several orders or --all-pending, one refusal not stopping the others", async () => {
    const file = put("pending.json", JSON.stringify(["SO-Q1", "SO-Q2", "SO-Q3"].map((number) => ({ number, customer: "Ann", shipTo, lines: [{ sku: "A", quantity: 1 }], payment: "pending" }))));
    expect((await run2("import", "orders", file)).code).toBe(0);
    const two = await run2("orders", "pay", "SO-Q1", "SO-P1", "--result", "success");
    expect(two.code).toBe(1);
    expect(two.stdout).toContain("order SO-Q1: PaymentPending → Confirmed");
    expect(two.stderr).toContain("refused [ORDER_ILLEGAL_TRANSITION]: order SO-P1 is Confirmed");
    expect(two.stdout).toContain("1 of 2 orders confirmed, 1 refused");
    const all = await run2("orders", "pay", "--all-pending", "--result", "success", "--json");
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ done: 2, refused: 0, orders: [{ order: "SO-Q2", to: "Confirmed" }, { order: "SO-Q3", to: "Confirmed" }] });
    expect((await run2("orders", "pay", "--result", "success")).code).toBe(2);
    // 20 minutes on, a pending order's reservation has lapsed: --all-pending leaves it to the sweeper.
    const late = put("late.json", JSON.stringify([{ number: "SO-L1", customer: "Ann", shipTo, lines: [{ sku: "A", quantity: 1 }], payment: "pending" }]));
    expect((await run2("import", "orders", late)).code).toBe(0);
    clock2.advance(20 * 60_000);
    const after = await run2("orders", "pay", "--all-pending", "--result", "success");
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("0 of 0 orders confirmed");
    expect(after.stdout).toContain("1 order whose reservation lapsed left out (`reservations sweep` cancels them): SO-L1");
  });

  it("re-imports an overlapping export: unchanged skipped and reported, an address changed before packing updated, --on-existing skip|fail", async () => {
    const file = put("daily.json", JSON.stringify([
      { number: "SO-P1", customer: "Ann", shipTo: { ...shipTo, street: "9 New Road" }, lines: [{ sku: "A", quantity: 1 }] },
      { number: "SO-Q1", customer: "Ann", shipTo, lines: [{ sku: "A", quantity: 1 }], payment: "pending" },
      { number: "SO-Q2", customer: "Ann", shipTo, lines: [{ sku: "A", quantity: 3 }] },
      { number: "SO-N1", customer: "Ann", shipTo, lines: [{ sku: "A", quantity: 1 }] },
    ]));
    const r = await run2("import", "orders", file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 created, 1 updated");
    expect(r.stdout).toContain("1 order already imported and unchanged (left as they are): SO-Q1");
    expect(r.stdout).toContain(`${file}:1: order SO-Q2 is Confirmed: cannot change its lines`);
    expect((JSON.parse((await run2("orders", "show", "SO-P1", "--json")).stdout) as { shipTo: { street: string } }).shipTo.street).toBe("9 New Road");
    expect((await run2("audit", "SO-P1")).stdout).toContain("updated by import: shipTo");
    const skip = await run2("import", "orders", file, "--on-existing", "skip", "--json");
    expect(JSON.parse(skip.stdout)).toMatchObject({ created: 0, updated: 0, skipped: ["SO-P1", "SO-Q1", "SO-Q2", "SO-N1"] });
    const fail = await run2("import", "orders", file, "--on-existing", "fail");
    expect(fail.code).toBe(2);
    expect(fail.stderr).toContain("order SO-P1 already exists");
  });

  it("reports every problem of a file in one run, in plain words: shape, unknown field with a suggestion, unknown SKU, duplicate", async () => {
    const file = put("typos.json", JSON.stringify([
      { number: "SO-X1", customer: "Ann", shipTo, lines: [{ sku: "A", quantiy: 2 }] },
      { number: "SO-X2", customer: "Ann", shipTo, lines: [{ sku: "NOPE", quantity: 1 }] },
      { number: "SO-X2", customer: "Ann", shipTo, lines: [{ sku: "A", quantity: 1 }] },
      { number: "SO-X3", customer: "Ann", shipTo: { ...shipTo, postcode: "1" }, lines: [{ sku: "A", quantity: 1 }], payment: "later" },
    ], null, 0).replace(/},{"number"/g, '},\n{"number"'));
    const r = await run2("import", "orders", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:1: lines[0].quantiy: unknown field; did you mean "quantity"?`);
    expect(r.stderr).not.toContain("lines[0].quantity: is required");
    expect(r.stderr).toContain(`${file}:2: lines[0].sku: unknown SKU "NOPE"`);
    expect(r.stderr).toContain(`${file}:3: duplicate of the record on line 2`);
    expect(r.stderr).toContain(`${file}:4: shipTo.postcode: unknown field; did you mean "postalCode"?`);
    expect(r.stderr).toContain(`${file}:4: payment: must be one of paid, pending`);
    const json = await run2("import", "orders", file, "--json");
    expect(json.code).toBe(2);
    const parsed = JSON.parse(json.stdout) as { error: { code: string; issues: { line: number; field?: string; message: string }[] } };
    expect(parsed.error.code).toBe("IMPORT_INVALID");
    expect(parsed.error.issues).toContainEqual({ file, line: 1, field: "lines[0].quantiy", message: 'unknown field; did you mean "quantity"?' });
  });

  it("says what is wrong with a semicolon CSV, an empty or binary JSON file, and stock in an unknown warehouse", async () => {
    const semi = await run2("import", "stock", put("semi.csv", "warehouse;location;sku;onHand\nWH1;A-01-01-A;A;5\n"));
    expect(semi.code).toBe(2);
    expect(semi.stderr).toContain("separated by semicolons (;), not commas");
    expect(semi.stderr).not.toContain("is required");
    const empty = await run2("import", "skus", put("empty.json", "  \n"));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("the file is empty");
    const binary = await run2("import", "skus", put("binary.json", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xff, 0xfe, 0x00, 0x01])));
    expect(binary.code).toBe(2);
    expect(binary.stderr).toContain("binary data");
    const broken = await run2("import", "skus", put("broken.json", '[{"sku": A}]'));
    expect(broken.stderr).toContain("not valid JSON here: a character that cannot start a JSON value");
    for (const r of [empty, binary, broken]) expect(r.stderr).not.toMatch(/ValueExpected|InvalidSymbol/);
    const wh = await run2("import", "stock", put("wh9.csv", "warehouse,location,sku,onHand\nWH9,A-01-01-A,A,5\n"));
    expect(wh.stderr).toContain('warehouse: unknown warehouse "WH9"');
    expect(wh.stderr).not.toContain("unknown location");
  });

  it("records carrier updates that skip steps (audited) and carrier exceptions", async () => {
    const { openStore } = await import("@pickpack/data");
    const store = await openStore({ target: db2 });
    await store.applyOrderEvent("SO-Q3", { type: "StartProcessing" }, { now: clock2.now(), actor: "test" });
    const id = (await store.getOrder("SO-Q3"))!.order.id;
    await store.kysely.updateTable("order_lines").set({ picked_quantity: 1, packed_quantity: 1 }).where("order_id", "=", id).execute();
    await store.applyOrderEvent("SO-Q3", { type: "MarkPacked" }, { now: clock2.now(), actor: "test" });
    await store.close();
    expect((await run2("orders", "ship", "SO-Q3", "--tracking", "TRK-Q3")).code).toBe(0);
    const failed = await run2("orders", "track", "SO-Q3", "delivery-failed", "--reason", "nobody home");
    expect(failed.stdout).toContain("Shipped → InTransit (delivery failed: nobody home)");
    const delivered = await run2("orders", "track", "SO-Q3", "delivered");
    expect(delivered.code).toBe(0);
    expect(delivered.stdout).toContain("InTransit → Delivered (Delivered (carrier skipped OutForDelivery))");
    expect((await run2("audit", "SO-Q3")).stdout).toContain('{"skipped":["OutForDelivery"]}');
  });

  it("marks the required --reason in return request's help", async () => {
    const help = await run2("orders", "return", "request", "--help");
    expect(help.stdout).toMatch(/--reason <text>\s+why \(required\)/);
  });
});

describe("the demo is built for the day it is built on", () => {
  const dir3 = mkdtempSync(join(tmpdir(), "pickpack-cli-demo-"));
  const db3 = join(dir3, "demo.db");
  const day = new ManualClock("2027-03-10T09:00:00Z");
  const run3 = (...args: string[]) => runCli(args, { clock: day, cwd: dir3, env: { USER: "tester" } });
  afterAll(() => rmSync(dir3, { recursive: true, force: true }));

  it("has ship-by dates ahead and arrivals behind, prints what is in the totes, and its first example still answers 20 minutes later", async () => {
    const built = await run3("demo", "--db-path", db3);
    expect(built.code).toBe(0);
    // SO-100067 has 3 units, 2 of them in WH1: the tote holds 2.
    expect(built.stdout).toMatch(/SO-100067\s+2 of 3 \(rest ships from another warehouse\)\s+TOTE-\d+T2/);
    expect(built.stdout).toContain("25 orders wait for payment until 2027-03-10T09:1");
    const { openStore } = await import("@pickpack/data");
    const store = await openStore({ target: db3 });
    try {
      const rows = await store.kysely.selectFrom("orders").select(["ship_by", "created_at"]).execute();
      expect(rows.length).toBe(500);
      expect(rows.every((r) => r.ship_by! > "2027-03-10")).toBe(true);
      expect(rows.every((r) => Date.parse(r.created_at) <= day.now() && Date.parse(r.created_at) >= day.now() - 3 * 86_400_000)).toBe(true);
      expect(Math.min(...rows.map((r) => Date.parse(r.created_at)))).toBeLessThan(day.now() - 86_400_000);
    } finally {
      await store.close();
    }
    day.advance(20 * 60_000);
    expect(JSON.parse((await run3("--db", db3, "reservations", "sweep", "--json")).stdout).expired).toHaveLength(25);
    const first = await run3("--db", db3, "orders", "list", "--status", "Confirmed", "--limit", "10");
    expect(first.stdout).toContain("10 orders");
    const audit = await run3("--db", db3, "audit", "SO-100001");
    expect(audit.stdout).toContain("paid in the order system");
    // history in every lifecycle state: shipped, on its way, delivered, returned
    const statuses = (JSON.parse((await run3("--db", db3, "orders", "list", "--json")).stdout) as { status: string }[]).map((o) => o.status);
    for (const s of ["Shipped", "InTransit", "Delivered", "ReturnApproved", "Processing", "Confirmed", "Cancelled", "Pending"]) expect(statuses).toContain(s);
  }, 60_000);
});
