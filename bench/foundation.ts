// Foundation benchmarks: import throughput (orders/s for a 100,000-order file, each order validated,
// created and its stock reserved) and store write throughput (reservations/s, one transaction each),
// on SQLite synchronous=FULL (the default, baseline), SQLite NORMAL and PostgreSQL, side by side.
// PICKPACK_BENCH_ORDERS overrides the import size; PICKPACK_TEST_POSTGRES_URL the PostgreSQL server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropPostgresSchema, importFile, openStore, type SqlStore } from "@pickpack/data";
import type { BenchContext } from "./run.js";
import { fmt, seeded } from "./stats.js";

const ORDERS = Number(process.env.PICKPACK_BENCH_ORDERS ?? 100_000);
const RESERVATIONS = 2_000;
const PG_URL = process.env.PICKPACK_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const NOW = Date.parse("2026-11-22T08:00:00Z");

function writeFiles(dir: string): Record<string, string> {
  const rand = seeded(7);
  const skus = Array.from({ length: 500 }, (_, i) => ({ sku: `B-${i}`, name: `Bench item ${i}`, barcodes: [], weightGrams: 100, lengthMm: 10, widthMm: 10, heightMm: 10 }));
  const address = { name: "Bench", street: "1 Bench St", postalCode: "10115", city: "Berlin", country: "DE" };
  const files: Record<string, string> = {
    warehouses: JSON.stringify(["WH1", "WH2", "WH3"].map((code, i) => ({ code, name: code, address, latitude: 52 + i, longitude: 13, priority: i + 1 }))),
    locations: "warehouse,code,zone,aisle,position\n" + ["WH1", "WH2", "WH3"].flatMap((w) => Array.from({ length: 50 }, (_, i) => `${w},L-${i},A,${i % 10},${i}`)).join("\n") + "\n",
    skus: JSON.stringify(skus),
    stock: "warehouse,location,sku,onHand\n" + skus.flatMap((s, i) => ["WH1", "WH2", "WH3"].map((w) => `${w},L-${i % 50},${s.sku},1000000`)).join("\n") + "\n",
  };
  const orders = Array.from({ length: ORDERS }, (_, i) => ({
    number: `BO-${i}`,
    customer: "Bench",
    shipTo: address,
    lines: Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, k) => ({ sku: `B-${(i * 7 + k * 13) % 500}`, quantity: 1 + Math.floor(rand() * 2), unitPrice: 1 })),
    // Pending payment: the same work per order as before orders carried their payment state (reserve only).
    payment: "pending",
  }));
  const paths: Record<string, string> = {};
  for (const [kind, text] of Object.entries({ ...files, orders: JSON.stringify(orders) })) {
    paths[kind] = join(dir, `${kind}.${kind === "locations" || kind === "stock" ? "csv" : "json"}`);
    writeFileSync(paths[kind]!, text);
  }
  return paths;
}

interface Result {
  readonly name: string;
  readonly importPerSec: number;
  readonly reservePerSec: number;
}

async function measure(name: string, store: SqlStore, files: Record<string, string>): Promise<Result> {
  for (const kind of ["warehouses", "locations", "skus", "stock"] as const) await importFile(store, kind, files[kind]!, { now: NOW, actor: "bench" });
  const t0 = performance.now();
  const r = await importFile(store, "orders", files.orders!, { now: NOW, actor: "bench" });
  const importSecs = (performance.now() - t0) / 1000;
  if (r.created !== ORDERS || r.reserved !== ORDERS) throw new Error(`${name}: imported ${r.created}, reserved ${r.reserved ?? 0} of ${ORDERS}`);
  const address = { name: "Bench", street: "1 Bench St", postalCode: "10115", city: "Berlin", country: "DE" };
  const t1 = performance.now();
  for (let i = 0; i < RESERVATIONS; i++) {
    const order = { number: `RV-${i}`, customer: "Bench", shipTo: address, lines: [{ sku: `B-${i % 500}`, quantity: 1, unitPrice: 1 }], priority: 5, carrier: "x", service: "y" };
    await store.importData({ orders: [{ value: order, file: "bench", line: i + 1 }] }, { now: NOW, actor: "bench" });
  }
  const reserveSecs = (performance.now() - t1) / 1000;
  return { name, importPerSec: ORDERS / importSecs, reservePerSec: RESERVATIONS / reserveSecs };
}

export default async function foundation(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pickpack-bench-"));
  try {
    ctx.log(`generating ${ORDERS} orders …`);
    const files = writeFiles(dir);
    const results: Result[] = [];
    for (const sync of ["FULL", "NORMAL"] as const) {
      const store = await openStore({ target: join(dir, `bench-${sync}.db`), synchronous: sync });
      try {
        results.push(await measure(`sqlite synchronous=${sync}`, store, files));
      } finally {
        await store.close();
      }
    }
    const schema = `bench_${process.pid}`;
    try {
      const store = await openStore({ target: PG_URL, schema });
      try {
        results.push(await measure("postgresql", store, files));
      } finally {
        await store.close();
        await dropPostgresSchema(PG_URL, schema);
      }
    } catch (e) {
      ctx.log(`postgresql: skipped (${(e as Error).message})`);
    }
    const base = results[0]!;
    ctx.log(`import of ${ORDERS} orders (validate, create, reserve; one transaction) and ${RESERVATIONS} single-order reservations (one transaction each)`);
    ctx.log(`${"backend".padEnd(26)} ${"import orders/s".padStart(16)} ${"ratio".padStart(7)} ${"reservations/s".padStart(15)} ${"ratio".padStart(7)}`);
    for (const r of results) {
      ctx.log(
        `${r.name.padEnd(26)} ${fmt(r.importPerSec, 0).padStart(16)} ${fmt(r.importPerSec / base.importPerSec, 2).padStart(7)} ${fmt(r.reservePerSec, 0).padStart(15)} ${fmt(r.reservePerSec / base.reservePerSec, 2).padStart(7)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
