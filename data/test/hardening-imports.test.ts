/**
 * Hostile and malformed import files are input errors (exit 2) that name what and where, never an
 * internal error and never a partial write: prototype names in CSV headers, a column that is both a
 * value and a parent, non-decimal numbers, impossible dates, barcodes a scanner cannot send, CSV
 * rows of one order that disagree, deeply nested JSON, and orders with more lines than allowed,
 * while the largest allowed order imports on SQLite and PostgreSQL.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError, MAX_ORDER_LINES, type InputIssue } from "@pickpack/core";
import { importFile, parseImport, type SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";
import { order, ordersBatch, seedBatch } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "pickpack-hardening-"));
let n = 0;
function file(name: string, text: string): string {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** The InputError a parse throws (fails the test if it does not throw one). */
function rejection(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError, but the input was accepted");
}
const text = (issues: readonly InputIssue[]) => issues.map((i) => `${i.line ?? ""}|${i.field ?? ""}|${i.message}`).join("\n");

const ORDER_HEAD = "number,customer,shipTo.name,shipTo.street,shipTo.postalCode,shipTo.city,shipTo.country,sku,quantity";
const row = (number: string, customer: string, sku: string, qty: string) => `${number},${customer},Dock,1 Main St,10115,Berlin,DE,${sku},${qty}`;

describe("CSV headers", () => {
  for (const column of ["__proto__.dryRun", "__proto__.country", "shipTo.__proto__.country", "constructor.prototype.x", "prototype"]) {
    it(`refuses a ${column} column, naming it`, () => {
      const csv = `${ORDER_HEAD},${column}\n${row("O1", "Ann", "A", "1")},DE\n`;
      const e = rejection(() => parseImport("orders", "orders.csv", csv));
      expect(e.code).toBe("IMPORT_SYNTAX");
      expect(e.issues[0]!.field).toBe(column);
      expect(e.issues[0]!.message).toContain(JSON.stringify(column));
      // and nothing leaked onto Object.prototype
      expect(({} as Record<string, unknown>).dryRun).toBeUndefined();
      expect(({} as Record<string, unknown>).country).toBeUndefined();
    });
  }

  it("refuses both address and address.city, naming both", () => {
    const csv = "code,name,address,address.city,latitude,longitude\nWH1,Berlin,x,Berlin,52,13\n";
    const e = rejection(() => parseImport("warehouses", "wh.csv", csv));
    expect(e.code).toBe("IMPORT_SYNTAX");
    expect(e.issues[0]!.field).toBe("address.city");
    expect(e.issues[0]!.message).toContain('"address"');
  });
});

describe("numbers, dates and barcodes", () => {
  for (const bad of ["0x10", "0b11", "1e3", "+5", "Infinity", "0o7", " 1_000"]) {
    it(`a CSV quantity ${JSON.stringify(bad)} is refused`, () => {
      const e = rejection(() => parseImport("orders", "o.csv", `${ORDER_HEAD}\n${row("O1", "Ann", "A", bad)}\n`));
      expect(text(e.issues)).toMatch(/quantity\|must be a whole number/);
    });
  }

  it("plain decimals are read: 12, 0.5, -3", () => {
    const p = parseImport("locations", "l.csv", "warehouse,code,aisle,position,level\nWH1,L1,12,0.5,3\n");
    expect(p.batch.locations?.[0]?.value).toMatchObject({ aisle: 12, position: 0.5, level: 3 });
    expect(rejection(() => parseImport("locations", "l.csv", "warehouse,code,aisle,position\nWH1,L1,-3,1\n")).issues[0]!.field).toBe("aisle");
  });

  it("a whole number beyond the 32-bit columns is refused, not an internal error", () => {
    const e = rejection(() => parseImport("stock", "s.csv", "warehouse,location,sku,onHand\nWH1,L1,A,99999999999999999999\n"));
    expect(text(e.issues)).toMatch(/onHand\|is too large/);
  });

  for (const date of ["2026-13-45", "2026-02-30", "2026-00-10", "26-01-01"]) {
    it(`shipBy ${date} is refused`, () => {
      const o = { number: "O1", customer: "Ann", shipTo: { name: "D", street: "S", postalCode: "1", city: "B", country: "DE" }, lines: [{ sku: "A", quantity: 1 }], shipBy: date };
      expect(text(rejection(() => parseImport("orders", "o.json", JSON.stringify([o]))).issues)).toMatch(/shipBy\|must be a date/);
    });
  }

  it("SKU barcodes longer than a scan or with control characters are refused", () => {
    const sku = (barcodes: string[]) => ({ sku: "A", name: "A", barcodes, weightGrams: 1, lengthMm: 1, widthMm: 1, heightMm: 1 });
    for (const code of ["x".repeat(257), "x".repeat(100_000), "AB\u0000C", "AB\u001bC", "AB\u0085"]) {
      const e = rejection(() => parseImport("skus", "s.json", JSON.stringify([sku([code])])));
      expect(e.issues[0]!.field).toBe("barcodes");
    }
    expect(parseImport("skus", "s.json", JSON.stringify([sku(["x".repeat(256)])])).records).toBe(1);
  });
});

describe("CSV orders and JSON structure", () => {
  it("rows of one order with different customers are an error naming both rows", () => {
    const csv = `${ORDER_HEAD}\n${row("O1", "Ann", "A", "1")}\n${row("O2", "Bob", "A", "1")}\n${row("O1", "Eve", "B", "2")}\n`;
    const e = rejection(() => parseImport("orders", "o.csv", csv));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ line: 4, field: "customer" });
    expect(e.issues[0]!.message).toContain("line 2");
  });

  it("minified JSON: each problem names its record's index", () => {
    const ok = { code: "WH1", name: "W", address: { name: "D", street: "S", postalCode: "1", city: "B", country: "DE" }, latitude: 1, longitude: 1 };
    const e = rejection(() => parseImport("warehouses", "w.json", JSON.stringify([ok, { ...ok, code: "WH2", latitude: 100 }, { ...ok, code: "WH3", address: { ...ok.address, country: "x" } }])));
    expect(e.issues.map((i) => [i.line, i.field])).toEqual([
      [1, "[1].latitude"],
      [1, "[2].address.country"],
    ]);
  });

  it("JSON nested 100,000 deep is an input error (JSON and JSONL), not a stack overflow", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(rejection(() => parseImport("orders", "o.json", deep)).code).toBe("IMPORT_SYNTAX");
    expect(rejection(() => parseImport("orders", "o.jsonl", `{"number":${deep}}\n`)).code).toBe("IMPORT_SYNTAX");
    // brackets inside strings do not count
    expect(rejection(() => parseImport("orders", "o.json", JSON.stringify([{ number: "[".repeat(1000) }]))).code).toBe("IMPORT_INVALID");
  });

  it("a __proto__ field in JSON is an unknown field, never a prototype", () => {
    const o = { number: "O1", customer: "Ann", shipTo: { name: "D", street: "S", postalCode: "1", city: "B" }, lines: [{ sku: "A", quantity: 1 }] };
    const json = JSON.stringify([o]).replace('"city":"B"', '"city":"B","__proto__":{"country":"DE"}');
    const e = rejection(() => parseImport("orders", "o.json", json));
    expect(text(e.issues)).toMatch(/shipTo\.country\|is required/);
    expect(text(e.issues)).toMatch(/__proto__\|unknown field/);
  });

  it(`an order with more than ${MAX_ORDER_LINES} lines is refused (JSON and CSV), naming it`, () => {
    const o = { number: "BIG", customer: "Ann", shipTo: { name: "D", street: "S", postalCode: "1", city: "B", country: "DE" }, lines: Array.from({ length: MAX_ORDER_LINES + 1 }, (_, i) => ({ sku: `S${i}`, quantity: 1 })) };
    expect(text(rejection(() => parseImport("orders", "o.json", JSON.stringify([o]))).issues)).toContain(`at most ${MAX_ORDER_LINES} lines`);
    const rows = Array.from({ length: 4681 }, (_, i) => row("BIG", "Ann", `S${i}`, "1"));
    const e = rejection(() => parseImport("orders", "o.csv", `${ORDER_HEAD}\n${rows.join("\n")}\n`));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]!.message).toContain(`more than ${MAX_ORDER_LINES} lines`);
  });
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`large orders on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    const opts = { now: Date.parse("2026-11-22T08:00:00Z"), actor: "test" };
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      const seed = seedBatch();
      const skus = Array.from({ length: MAX_ORDER_LINES }, (_, i) => ({ value: { ...seed.skus![0]!.value, sku: `S${i}`, barcodes: [] }, file: "skus.json", line: i + 1 }));
      await store.importData({ ...seed, skus: [...seed.skus!, ...skus] }, opts);
    });
    afterEach(async () => cleanup());

    it(`an order of ${MAX_ORDER_LINES} lines imports; one of 4,681 / 10,000 is refused with nothing written`, async () => {
      const rows = (count: number, number: string) => Array.from({ length: count }, (_, i) => row(number, "Ann", `S${i % MAX_ORDER_LINES}`, String(Math.floor(i / MAX_ORDER_LINES) + 1)));
      const ok = await importFile(store, "orders", file("max.csv", `${ORDER_HEAD}\n${rows(MAX_ORDER_LINES, "MAX").join("\n")}\n`), opts);
      expect(ok.created).toBe(1);
      expect((await store.getOrder("MAX"))?.order.lines).toHaveLength(MAX_ORDER_LINES);
      for (const count of [4681, 10_000]) {
        const big = { number: `BIG${count}`, customer: "Ann", shipTo: { name: "D", street: "S", postalCode: "1", city: "B", country: "DE" }, lines: Array.from({ length: count }, (_, i) => ({ sku: `S${i % MAX_ORDER_LINES}`, quantity: 1 })) };
        const err = await importFile(store, "orders", file("big.json", JSON.stringify([big])), opts).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InputError);
        expect(await store.getOrder(`BIG${count}`)).toBeUndefined();
      }
    });
  });
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`stock below what orders hold on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    const opts = { now: Date.parse("2026-11-22T08:00:00Z"), actor: "test" };
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      await store.importData(seedBatch(), opts);
      // O1 holds 4 of WH1's 5 units of B
      await store.importData(ordersBatch(order("O1", [["B", 4]])), opts);
    });
    afterEach(async () => cleanup());

    it("is refused listing the orders, and accepted with allowOverAllocation", async () => {
      const csv = file("stock.csv", "warehouse,location,sku,onHand\nWH1,A-02-01-A,B,2\nWH1,A-01-01-A,A,1\n");
      const err = await importFile(store, "stock", csv, opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      const issues = (err as InputError).issues;
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ line: 2, field: "onHand" });
      expect(issues[0]!.message).toContain("O1");
      expect(issues[0]!.message).toContain("--allow-over-allocation");
      const before = await store.listStock({ sku: "B", warehouse: "WH1", now: opts.now });
      const ok = await importFile(store, "stock", csv, { ...opts, allowOverAllocation: true });
      expect(ok.updated).toBe(2);
      expect(before).not.toEqual(await store.listStock({ sku: "B", warehouse: "WH1", now: opts.now }));
      // a count at or above what is held is fine without the flag
      expect((await importFile(store, "stock", file("ok.csv", "warehouse,location,sku,onHand\nWH1,A-02-01-A,B,4\n"), opts)).updated).toBe(1);
    });
  });
}
