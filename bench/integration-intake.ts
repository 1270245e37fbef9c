// Order intake over the HTTP API vs by file import, in the same run: orders/s with reservations (every order
// validated, created and its stock reserved, audit and outbox written), on SQLite and on PostgreSQL when it answers.
// HTTP: one order per POST (each with its Idempotency-Key, API key checked), CONCURRENCY requests in flight; and
// batches of BATCH orders per POST. File: the same number of orders in one import file.
// PICKPACK_BENCH_INTAKE_ORDERS overrides the count; PICKPACK_TEST_POSTGRES_URL the PostgreSQL server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiKey, dropPostgresSchema, importFile, openStore, type SqlStore } from "@pickpack/data";
import { apiRoutes } from "../scanner-gateway/src/api/routes.js";
import { Gateway } from "../scanner-gateway/src/gateway.js";
import { silentLogger } from "../scanner-gateway/src/shared/logger.js";
import type { BenchContext } from "./run.js";
import { fmt, percentile } from "./stats.js";

const ORDERS = Number(process.env.PICKPACK_BENCH_INTAKE_ORDERS ?? 2000);
const CONCURRENCY = 8;
const BATCH = 200;
const PG_URL = process.env.PICKPACK_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const clock = { now: () => Date.now() };
const address = { name: "Bench", street: "1 Bench St", postalCode: "10115", city: "Berlin", country: "DE" };

const order = (number: string, i: number) => ({ number, customer: "Bench", shipTo: address, lines: [{ sku: `B-${i % 200}`, quantity: 1 + (i % 2), unitPrice: 1 }], payment: "pending" });

async function seed(store: SqlStore, dir: string): Promise<void> {
  const skus = Array.from({ length: 200 }, (_, i) => ({ sku: `B-${i}`, name: `Bench item ${i}`, barcodes: [], weightGrams: 100, lengthMm: 10, widthMm: 10, heightMm: 10 }));
  const files = {
    warehouses: JSON.stringify(["WH1", "WH2"].map((code, i) => ({ code, name: code, address, latitude: 52 + i, longitude: 13, priority: i + 1 }))),
    locations: JSON.stringify(["WH1", "WH2"].flatMap((warehouse) => Array.from({ length: 20 }, (_, i) => ({ warehouse, code: `L-${i}`, zone: "A", aisle: i % 5, position: i })))),
    skus: JSON.stringify(skus),
    stock: JSON.stringify(skus.flatMap((s, i) => ["WH1", "WH2"].map((warehouse) => ({ warehouse, location: `L-${i % 20}`, sku: s.sku, onHand: 1_000_000 })))),
  };
  for (const [kind, text] of Object.entries(files)) {
    const path = join(dir, `${kind}.json`);
    writeFileSync(path, text);
    await importFile(store, kind as "warehouses", path, { now: Date.now(), actor: "bench" });
  }
}

interface Figures {
  readonly backend: string;
  readonly httpPerSec: number;
  readonly httpP50: number;
  readonly httpP99: number;
  readonly batchPerSec: number;
  readonly filePerSec: number;
}

async function measure(backend: string, store: SqlStore, dir: string): Promise<Figures> {
  await seed(store, dir);
  const key = (await createApiKey(store, { name: "bench", scopes: ["orders:write"] }, { now: Date.now(), actor: "bench" })).key;
  const routes = apiRoutes({ store, clock, log: silentLogger, rateLimit: { perSecond: 1e9, burst: 1e9 } });
  const gateway = await Gateway.start({ store, clock, secret: "bench-secret-bench-secret-bench-secret-0", sweepIntervalMs: 0, routes }, { port: 0 });
  const url = `http://127.0.0.1:${gateway.port}/v1/orders`;
  const post = async (body: unknown, idem: string) => {
    const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": idem }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`${backend}: POST answered ${res.status} ${await res.text()}`);
    return (await res.json()) as { status?: string; reserved?: number };
  };
  try {
    // one order per request
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < ORDERS; i = next++) {
          const s = performance.now();
          const r = await post(order(`H-${i}`, i), `h-${i}`);
          latencies.push(performance.now() - s);
          if (r.status !== "PaymentPending") throw new Error(`${backend}: order H-${i} is ${r.status}, not reserved`);
        }
      }),
    );
    const httpSecs = (performance.now() - t0) / 1000;
    // batches
    const t1 = performance.now();
    for (let b = 0; b < ORDERS; b += BATCH) {
      const orders = Array.from({ length: Math.min(BATCH, ORDERS - b) }, (_, k) => order(`HB-${b + k}`, b + k));
      const r = await post({ orders }, `hb-${b}`);
      if (r.reserved !== orders.length) throw new Error(`${backend}: batch ${b} reserved ${r.reserved}`);
    }
    const batchSecs = (performance.now() - t1) / 1000;
    // the same orders by file import
    const file = join(dir, `orders-${backend}.json`);
    writeFileSync(file, JSON.stringify(Array.from({ length: ORDERS }, (_, i) => order(`F-${i}`, i))));
    const t2 = performance.now();
    const imported = await importFile(store, "orders", file, { now: Date.now(), actor: "bench" });
    const fileSecs = (performance.now() - t2) / 1000;
    if (imported.reserved !== ORDERS) throw new Error(`${backend}: file import reserved ${imported.reserved}`);
    latencies.sort((a, b) => a - b);
    return { backend, httpPerSec: ORDERS / httpSecs, httpP50: percentile(latencies, 50), httpP99: percentile(latencies, 99), batchPerSec: ORDERS / batchSecs, filePerSec: ORDERS / fileSecs };
  } finally {
    await gateway.stop();
  }
}

export default async function integrationIntake(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pickpack-bench-intake-"));
  const results: Figures[] = [];
  try {
    const sqlite = await openStore({ target: join(dir, "intake.db") });
    try {
      results.push(await measure("sqlite", sqlite, dir));
    } finally {
      await sqlite.close();
    }
    const schema = `bench_intake_${process.pid}`;
    try {
      const pg = await openStore({ target: PG_URL, schema });
      try {
        results.push(await measure("postgresql", pg, dir));
      } finally {
        await pg.close();
        await dropPostgresSchema(PG_URL, schema);
      }
    } catch (e) {
      ctx.log(`postgresql: skipped (${(e as Error).message})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  ctx.log(`${ORDERS} orders each way, every one validated, created and reserved (HTTP: ${CONCURRENCY} requests in flight, one order per POST; batches of ${BATCH})`);
  ctx.log(`${"backend".padEnd(12)} ${"HTTP orders/s".padStart(14)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"HTTP batch/s".padStart(13)} ${"file import/s".padStart(14)} ${"HTTP/file".padStart(10)}`);
  for (const r of results) {
    ctx.log(
      `${r.backend.padEnd(12)} ${fmt(r.httpPerSec, 0).padStart(14)} ${fmt(r.httpP50, 1).padStart(8)} ${fmt(r.httpP99, 1).padStart(8)} ${fmt(r.batchPerSec, 0).padStart(13)} ${fmt(r.filePerSec, 0).padStart(14)} ${fmt(r.httpPerSec / r.filePerSec, 2).padStart(10)}`,
    );
  }
}
