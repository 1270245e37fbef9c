// The planning commands end to end on a SQLite file: allocate, waves plan/release/list,
// picklists list/show/short, route with stored locations, planning-aware orders cancel, scan parse over the stored SKUs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { openStore } from "@pickpack/data";
import { order, ordersBatch, seedBatch } from "../../data/test/fixtures.js";
import { runCli } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "pickpack-cli-planning-"));
const db = join(dir, "plan.db");
const clock = new ManualClock("2026-11-22T08:05:00Z");
const T0 = Date.parse("2026-11-22T08:00:00Z");
const cli = (...args: string[]) => runCli(["--db", db, ...args], { clock, cwd: dir, env: { USER: "tester" } });
const layout = (warehouse: string) => ({ warehouse, aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } });

beforeAll(async () => {
  const store = await openStore({ target: db });
  try {
    await store.importData(
      { ...seedBatch(), layouts: [{ value: layout("WH1"), file: "l", line: 1 }, { value: layout("WH2"), file: "l", line: 2 }] },
      { now: T0, actor: "t" },
    );
    await store.importData(ordersBatch(order("SO-1", [["A", 2], ["B", 1], ["C", 1]]), order("SO-2", [["B", 2]]), order("SO-3", [["C", 1]])), { now: T0, actor: "t" });
    for (const n of ["SO-1", "SO-2", "SO-3"]) await store.applyOrderEvent(n, { type: "PaymentSucceeded" }, { now: T0 + 1000, actor: "t" });
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("planning commands", () => {
  it("allocate refuses without orders (2), names unknown orders (2), explains the split", async () => {
    expect((await cli("allocate")).code).toBe(2);
    expect((await cli("allocate", "SO-1", "--all")).code).toBe(2);
    const unknown = await cli("allocate", "NOPE");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("ORDER_NOT_FOUND");
    // New orders are reserved with the fewest shipments already: nothing to move.
    const same = await cli("allocate", "--all");
    expect(same.stdout).toMatch(/3 orders \(fewest-shipments\): 0 moved, 3 unchanged, 0 skipped/);
    // Re-split SO-1 as the priority strategy draws it (A split over both warehouses) …
    const json = JSON.parse((await cli("allocate", "SO-1", "--json", "--strategy", "priority")).stdout) as { outcome: string; summary: { splitLines: number } }[];
    expect(json[0]).toMatchObject({ outcome: "moved", summary: { splitLines: 1 } });
    // … and back, explained.
    const out = await cli("allocate", "--all", "--explain");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("SO-1 (Confirmed): moved");
    expect(out.stdout).toContain("before: WH1: L1 A×1, L2 B×1 | WH2: L1 A×1, L3 C×1");
    expect(out.stdout).toContain("order SO-1: strategy fewest-shipments; 2 shipment(s), 0 split line(s), complete");
    expect(out.stdout).toMatch(/3 orders \(fewest-shipments\): 1 moved, 2 unchanged, 0 skipped/);
  });

  it("waves plan builds pick lists; release moves the orders to Processing; list shows them", async () => {
    expect((await cli("waves", "plan", "--warehouse", "NOPE")).code).toBe(2);
    expect((await cli("waves", "plan", "--warehouse", "WH1", "--max-orders", "0")).code).toBe(2);
    const plan = await cli("waves", "plan", "--warehouse", "WH1", "--mode", "cluster");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("Wave 1 in WH1 (planned, cluster): 2 orders");
    expect(plan.stdout).toContain("Next: pickpack waves release 1");
    const again = await cli("waves", "plan", "--warehouse", "WH1");
    expect(again.stdout).toContain("No wave planned in WH1");
    const rel = await cli("waves", "release", "1");
    expect(rel.code).toBe(0);
    expect(rel.stdout).toContain("Wave 1 released: 2 orders Confirmed → Processing");
    expect((await cli("waves", "release", "1")).code).toBe(1);
    expect((await cli("waves", "release", "x")).code).toBe(2);
    const audit = JSON.parse((await cli("orders", "show", "SO-2", "--json")).stdout) as { status: string; history: { to: string; metadata: { waveId?: string }; actor: string }[] };
    expect(audit.status).toBe("Processing");
    expect(audit.history.at(-1)).toMatchObject({ to: "Processing", metadata: { waveId: "1" }, actor: "cli:tester" });
    const list = await cli("waves", "list", "--json");
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: 1, warehouse: "WH1", status: "released", orders: 2 })]);
  });

  it("picklists show prints the stops a picker follows; --pdf writes a PDF; short re-allocates", async () => {
    const lists = JSON.parse((await cli("picklists", "list", "--wave", "1", "--json")).stdout) as { id: number; stops: number }[];
    expect(lists).toHaveLength(1);
    const show = await cli("picklists", "show", String(lists[0]!.id), "--pdf", "trip.pdf");
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("Pick list 1 · wave 1 trip 1 · WH1 · cluster picking · released");
    expect(show.stdout).toMatch(/A-02-01-A\s+1\s+5\s+B\s+Item B\s+1\s+T1\s+SO-1/);
    expect(show.stdout).toMatch(/A-02-01-A\s+1\s+5\s+B\s+Item B\s+2\s+T2\s+SO-2/);
    expect(readFileSync(join(dir, "trip.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
    // the paper a picker holds: warehouse, a line for the picker's name, the time in the warehouse's zone,
    // and each order number whole in a column of its own
    const text = execFileSync("pdftotext", ["-layout", join(dir, "trip.pdf"), "-"], { encoding: "utf8" });
    expect(text).toMatch(/Warehouse WH1 · Wave 1 · Picker _{6,} · Created \d{4}-\d{2}-\d{2} \d{2}:\d{2} [A-Za-z_/]+/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).toMatch(/T1\s+SO-1\b/);
    expect(text).toMatch(/T2\s+SO-2\b/);
    const view = JSON.parse((await cli("picklists", "show", "1", "--json")).stdout) as { stopsInOrder: { lineId: number; order: string }[] };
    const so2 = view.stopsInOrder.find((s) => s.order === "SO-2")!;
    expect((await cli("picklists", "short", "1", "--line", String(so2.lineId), "--qty", "-1")).code).toBe(2);
    expect((await cli("picklists", "short", "1", "--line", "999", "--qty", "0")).code).toBe(1);
    expect((await cli("picklists", "show", "99")).code).toBe(2);
    const short = await cli("picklists", "short", "1", "--line", String(so2.lineId), "--qty", "1");
    expect(short.code).toBe(0);
    expect(short.stdout).toContain("1 found, 1 short");
    expect(short.stdout).toContain("back-ordered: 1");
  });

  it("orders cancel takes the order's open lines off its trip", async () => {
    const out = await cli("orders", "cancel", "SO-1", "--reason", "customer request");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("order SO-1: Processing → Cancelled (customer request)");
    expect(out.stdout).toMatch(/removed from pick list 1: line \d+ A-02-01-A B×1/);
    const show = await cli("picklists", "show", "1");
    expect(show.stdout).toContain("Removed (order cancelled)");
    expect((await cli("orders", "cancel", "SO-1", "--reason", "again")).code).toBe(1);
  });

  it("route works with stored locations", async () => {
    const r = await cli("route", "--warehouse", "WH2", "--locations", "B-03-01-A,B-01-01-A", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ method: "exact", length: 32, stops: [{ aisle: 0, y: 3 }, { aisle: 2, y: 8 }], optimal: true });
    const bad = await cli("route", "--warehouse", "WH2", "--locations", "B-03-01-A,ZZ");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("no location ZZ in WH2");
    expect((await cli("route", "--warehouse", "WH2", "--layout", "x.json")).code).toBe(2);
  });

  it("scan parse resolves a GS1-128 scan against the stored SKUs with the resolver picking uses", async () => {
    const r = await cli("scan", "parse", "]C10100036000291452", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).classification).toMatchObject({ kind: "sku", sku: "B", via: "gs1", code: "00036000291452" });
    const text = await cli("scan", "parse", "]C10100036000291452");
    expect(text.stdout).toContain("meaning:     SKU B (Item B) via gs1 GTIN 00036000291452");
  });

  it("backorders lists the short pick's back-order and cancels it with a reason; waves plan/cancel and short --stop on a second wave", async () => {
    const list = await cli("backorders");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/SO-2\s+Processing\s+1\s+B\s+1\s+WH1\s+open/);
    const [b] = JSON.parse((await cli("backorders", "--json")).stdout) as { id: number }[];
    const show = await cli("orders", "show", "SO-2");
    expect(show.stdout).toContain("Back-orders");
    expect(show.stdout).toMatch(new RegExp(`${b!.id}\\s+\\d+\\s+B\\s+1\\s+open`));
    expect((JSON.parse((await cli("orders", "show", "SO-2", "--json")).stdout) as { backorders: { id: number }[] }).backorders.map((x) => x.id)).toEqual([b!.id]);
    const cancel = await cli("backorders", "cancel", String(b!.id), "--reason", "customer agreed");
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain("ships without 1 × B (customer agreed)");
    expect((await cli("backorders", "cancel", String(b!.id), "--reason", "again")).code).toBe(1);
    expect((await cli("backorders", "cancel", "999", "--reason", "x")).code).toBe(2);

    const plan = await cli("waves", "plan", "--warehouse", "WH2", "--max-orders", "1", "--json");
    const wave = (JSON.parse(plan.stdout) as { waves: { id: number; pickLists: { id: number }[] }[] }).waves[0]!;
    expect((await cli("waves", "release", String(wave.id))).code).toBe(0);
    const listId = String(wave.pickLists[0]!.id);
    expect((await cli("picklists", "short", listId, "--stop", "9", "--qty", "0")).code).toBe(2);
    const short = await cli("picklists", "short", listId, "--stop", "1", "--qty", "0");
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(/Line \d+: 0 found, 1 short/);
    const refused = await cli("waves", "cancel", String(wave.id));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("WAVE_ALREADY_STARTED");
  });
});
