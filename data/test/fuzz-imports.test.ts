/**
 * Structure-aware fuzzing of every import parser (JSON, JSONL, CSV) and kind: records of the right
 * shape with wrong values (hostile strings, prototype names, path tricks, control characters, huge
 * and non-decimal numbers, wrong types, extra and missing fields). The promise: a file is imported
 * or refused with an input error (exit 2) or a business refusal, never an internal error or crash,
 * and a refused file writes nothing. Fixed seed; `npm run fuzz` runs it longer (FUZZ_RUNS).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError, InputError, type ImportBatch } from "@pickpack/core";
import { importFile, parseImportRecords, type SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";
import { address, seedBatch } from "./fixtures.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const dir = mkdtempSync(join(tmpdir(), "pickpack-fuzz-"));

type Kind = "warehouses" | "layouts" | "locations" | "skus" | "stock" | "boxes" | "users" | "orders";
type Format = "json" | "jsonl" | "csv";
const seed = seedBatch();
/** One valid record per kind: the shapes the fuzzer bends. */
const valid: Record<Kind, Record<string, unknown>> = {
  warehouses: { ...(seed.warehouses![0]!.value as unknown as Record<string, unknown>), code: "WHF" },
  layouts: { warehouse: "WH2", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } },
  locations: { ...(seed.locations![0]!.value as unknown as Record<string, unknown>), code: "F-01" },
  skus: { ...(seed.skus![0]!.value as unknown as Record<string, unknown>), sku: "FZ", barcodes: ["FZ-1"] },
  stock: { warehouse: "WH1", location: "A-01-01-A", sku: "A", onHand: 3 },
  boxes: { ...(seed.boxes![0]!.value as unknown as Record<string, unknown>), code: "FZB" },
  users: { id: "u-fz", name: "Fuzz", role: "picker", badge: "BADGE-FZ" },
  orders: { number: "FZ-1", customer: "Fuzz", shipTo: address("Berlin"), lines: [{ sku: "A", quantity: 1 }], shipBy: "2026-12-24" },
};
const KINDS = Object.keys(valid) as Kind[];

const hostileString = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "..", "../../etc/passwd", ".", "", " ", "\u0000", "\u001b[2J", "\u0085", "\ufeff", "a\nb", 'a"b,c', "0x10", "0b11", "1e3", "+5", "-0", "Infinity", "NaN", "99999999999999999999", "2026-13-45", "2026-02-30", "true", "null", "[]", "{}", "DE", "de", "Europe/Nowhere"),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer({ min: 257, max: 5000 }).map((n) => "x".repeat(n)),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 31, 2 ** 31 - 1, 2 ** 53 + 2, 0.1, -0.5, 1e-300),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, [1, 2], { x: 1 }, { __proto__: { polluted: 1 } }) },
);
const hostileKey = fc.constantFrom("__proto__", "constructor", "prototype", "quantiy", "x", "a.b", "shipTo.__proto__", "toString");

/** A record of the kind's shape with some values replaced, some fields removed, some added. */
function record(kind: Kind): fc.Arbitrary<Record<string, unknown>> {
  const base = valid[kind];
  const fields = Object.keys(base);
  return fc
    .record({
      replace: fc.dictionary(fc.constantFrom(...fields), hostileValue, { maxKeys: 3 }),
      drop: fc.subarray(fields, { maxLength: 1 }),
      add: fc.dictionary(hostileKey, hostileValue, { maxKeys: 1 }),
      nested: fc.option(fc.tuple(fc.constantFrom("name", "city", "country", "postalCode", "sku", "quantity", "x", "y"), hostileValue), { nil: undefined }),
      lines: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ replace, drop, add, nested, lines }) => {
      const r: Record<string, unknown> = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
      for (const [k, v] of Object.entries(replace)) r[k] = v;
      for (const k of drop) delete r[k];
      for (const [k, v] of Object.entries(add)) Object.defineProperty(r, k, { value: v, enumerable: true, writable: true, configurable: true });
      if (nested) {
        const [k, v] = nested;
        for (const inner of [r.shipTo, r.address, r.depot, Array.isArray(r.lines) ? r.lines[0] : undefined]) if (inner && typeof inner === "object") (inner as Record<string, unknown>)[k] = v;
      }
      if (kind === "orders" && Array.isArray(r.lines)) for (let i = 0; i < lines; i++) r.lines.push({ sku: ["A", "B", "C"][i % 3], quantity: i + 1 });
      return r;
    });
}

/** Flatten for CSV: nested objects become dotted columns; an order's lines become one row each. */
function flatten(value: unknown, prefix = "", into: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else into[prefix] = Array.isArray(value) ? value.join("|") : value;
  return into;
}
const cell = (v: unknown) => {
  const s = v === undefined || v === null ? "" : typeof v === "string" ? v : (JSON.stringify(v) ?? "");
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
};
function toCsv(kind: Kind, records: Record<string, unknown>[]): string {
  const rows = records.flatMap((r) => {
    if (kind !== "orders" || !Array.isArray(r.lines)) return [flatten(r)];
    const { lines, ...head } = r;
    return (lines as unknown[]).map((l) => ({ ...flatten(head), ...flatten(l) }));
  });
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (columns.length === 0) columns.push("x");
  return [columns.map(cell).join(","), ...rows.map((r) => columns.map((c) => cell(Object.hasOwn(r, c) ? r[c] : undefined)).join(","))].join("\n") + "\n";
}
function serialise(kind: Kind, format: Format, records: Record<string, unknown>[], minified: boolean): string {
  if (format === "csv") return toCsv(kind, records);
  if (format === "jsonl") return records.map((r) => JSON.stringify(r)).join("\n") + "\n";
  return minified ? JSON.stringify(records) : JSON.stringify(records, null, 2);
}

const fileArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  format: fc.constantFrom<Format>("json", "jsonl", "csv"),
  minified: fc.boolean(),
  count: fc.integer({ min: 1, max: 4 }),
}).chain(({ kind, format, minified, count }) => fc.record({ kind: fc.constant(kind), format: fc.constant(format), minified: fc.constant(minified), records: fc.array(record(kind), { minLength: count, maxLength: count }) }));

/** Only our errors may come out: InputError (exit 2) or DomainError (exit 1). */
function expectOurs(e: unknown): void {
  if (!(e instanceof InputError) && !(e instanceof DomainError)) throw e;
}

describe("import parsers under fuzzing", () => {
  it(`every kind and format: parsed or an input error, never anything else (${RUNS * 10} files)`, () => {
    fc.assert(
      fc.property(fileArb, ({ kind, format, minified, records }) => {
        const text = serialise(kind, format, records, minified);
        try {
          const r = parseImportRecords(kind, `fuzz.${format}`, text, format);
          for (const i of r.issues) expect(typeof i.message).toBe("string");
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS * 10, seed: SEED },
    );
  });

  it("raw bytes and truncated files are input errors", () => {
    fc.assert(
      fc.property(fc.constantFrom<Format>("json", "jsonl", "csv"), fc.constantFrom(...KINDS), fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fileArb.map((f) => serialise(f.kind, f.format, f.records, f.minified)).chain((s) => fc.integer({ min: 0, max: s.length }).map((n) => s.slice(0, n)))), (format, kind, text) => {
        try {
          parseImportRecords(kind, `fuzz.${format}`, text, format);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
        }
      }),
      { numRuns: RUNS * 5, seed: SEED },
    );
  });
});

const TABLES = ["warehouses", "layouts", "locations", "skus", "sku_barcodes", "stock", "box_types", "users", "orders", "order_lines", "reservations", "outbox", "order_transitions"] as const;

for (const backend of backends) {
  describe.skipIf(!backend.available)(`fuzzed imports into a store on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    const opts = { now: Date.parse("2026-11-22T08:00:00Z"), actor: "fuzz" };
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      await store.importData(seedBatch() as ImportBatch, opts);
    });
    afterAll(async () => cleanup());

    const counts = async () => {
      const out: Record<string, number> = {};
      for (const t of TABLES) out[t] = Number((await store.kysely.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
      return out;
    };

    it("imported, or refused with our error and nothing written", async () => {
      let n = 0;
      let imported = 0;
      await fc.assert(
        fc.asyncProperty(fileArb, async ({ kind, format, minified, records }) => {
          const path = join(dir, `${backend.name}-${n++}.${format}`);
          writeFileSync(path, serialise(kind, format, records, minified));
          const before = await counts();
          try {
            await importFile(store, kind, path, opts);
            imported++;
          } catch (e) {
            expectOurs(e);
            expect(await counts()).toEqual(before);
          }
        }),
        { numRuns: backend.name === "sqlite" ? RUNS * 2 : RUNS, seed: SEED },
      );
      // the generator also makes valid files: the property is not only about refusals
      expect(imported).toBeGreaterThan(0);
    }, 120_000);
  });
}
