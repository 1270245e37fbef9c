// Reports benchmark: a generated history of PICKPACK_BENCH_REPORT_ORDERS orders (default 1,000,000, spread
// over 100 days, 3 warehouses) with their transitions, reservations, waves, pick lists, pick events, cartons
// and shipments, written with set-based INSERT … SELECT (a bench fixture, not the services). Then every
// `pickpack report` (one day in the middle of the history, and the KPI table for its week) is timed on
// SQLite and PostgreSQL beside a plain count(*) over the orders table as the baseline. Goal: ≤ 1 s each.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import type { ImportBatch, Sourced } from "@pickpack/core";
import { dropPostgresSchema, openStore, type SqlStore } from "@pickpack/data";
import { REPORT_KINDS, report, type ScopeRequest } from "@pickpack/data/reports";
import type { BenchContext } from "./run.js";
import { fmt } from "./stats.js";

const N = Number(process.env.PICKPACK_BENCH_REPORT_ORDERS ?? 1_000_000);
const PG_URL = process.env.PICKPACK_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** PICKPACK_BENCH_REPORT_DIALECTS=sqlite or =postgres runs one of them (default both). */
const DIALECTS = (process.env.PICKPACK_BENCH_REPORT_DIALECTS ?? "sqlite,postgres").split(",");
const START = Date.parse("2026-08-01T00:00:00Z") / 1000;
const SPAN = 100 * 86_400; // seconds
const STEP = SPAN / N;
/** The report day: the middle of the history; "now" is its end. */
const DAY = new Date((START + SPAN / 2) * 1000).toISOString().slice(0, 10);
const NOW = Date.parse(`${DAY}T23:00:00Z`);

const src = <T>(value: T, line: number): Sourced<T> => ({ value, file: "bench", line });
function seed(): ImportBatch {
  const address = { name: "Bench", street: "1 Bench St", postalCode: "10115", city: "Berlin", country: "DE" };
  const whs = ["WH1", "WH2", "WH3"];
  return {
    warehouses: whs.map((code, i) => src({ code, name: code, address, latitude: 52 + i, longitude: 13, priority: i + 1, cutoff: "16:00", costPerShipment: 5, timeZone: "Europe/Berlin" }, i + 1)),
    locations: whs.map((w, i) => src({ warehouse: w, code: "L-1", zone: "A", aisle: 0, position: 1, level: 1 }, i + 1)),
    skus: Array.from({ length: 500 }, (_, i) => src({ sku: `B-${i}`, name: `Bench item ${i}`, barcodes: [], weightGrams: 100, lengthMm: 10, widthMm: 10, heightMm: 10, tracksLot: false, tracksSerial: false, tracksExpiry: false }, i + 1)),
  };
}

/** Set-based generation: `series` yields i = 1..n, `ts(seconds)` an ISO text time of START + i·STEP + seconds. */
async function generate(store: SqlStore, log: (l: string) => void): Promise<void> {
  const db = store.kysely;
  const pg = store.dialect === "postgres";
  const series = (n: number) => (pg ? sql`generate_series(1, ${sql.lit(n)}) as s(i)` : sql`s`);
  const withSeries = (n: number) => (pg ? sql`` : sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${sql.lit(n)}) `);
  const ts = (plus: number) =>
    pg
      ? sql`to_char(to_timestamp(${sql.lit(START)} + i * ${sql.lit(STEP)} + ${sql.lit(plus)}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${sql.lit(START)} + i * ${sql.lit(STEP)} + ${sql.lit(plus)}, 'unixepoch')`;
  const mod = (a: RawLike, b: number) => sql`(${a} % ${sql.lit(b)})`;
  type RawLike = ReturnType<typeof sql>;
  const i = sql`i`;
  const cancelled = sql`${mod(i, 20)} = 0`;
  const recent = sql`i > ${sql.lit(N - 2000)}`;
  const wh = sql`'WH' || cast(1 + ${mod(i, 3)} as text)`;
  const t0 = performance.now();
  const step = async (what: string, q: RawLike) => {
    const t = performance.now();
    await q.execute(db);
    log(`  ${store.dialect}: ${what} in ${fmt((performance.now() - t) / 1000, 1)} s`);
  };
  await step("orders", sql`${withSeries(N)}insert into orders (id, number, status, customer, ship_to, priority, carrier, service, ship_by, reservation_expires_at, tracking_number, created_at, updated_at, version, payment)
    select i, 'BO-' || cast(i as text), case when ${cancelled} then 'Cancelled' when ${recent} then 'Confirmed' else 'Delivered' end, 'Bench', '{}', 5, 'own-fleet', 'standard', null, null, null, ${ts(0)}, ${ts(6 * 3600)}, 1, 'paid' from ${series(N)}`);
  await step("order lines", sql`${withSeries(N)}insert into order_lines (order_id, line_no, sku, quantity, unit_price, picked_quantity, packed_quantity, backordered_quantity)
    select i, 1, 'B-' || cast(${mod(i, 500)} as text), 1 + ${mod(i, 3)}, 10, 0, 0, 0 from ${series(N)}`);
  await step("reservations", sql`${withSeries(N)}insert into reservations (order_id, line_no, warehouse, sku, quantity, state, expires_at, created_at, updated_at, picked_quantity)
    select i, 1, ${wh}, 'B-' || cast(${mod(i, 500)} as text), 1 + ${mod(i, 3)}, case when ${cancelled} then 'released' when ${recent} then 'allocated' else 'shipped' end, null, ${ts(0)}, ${ts(0)}, 0 from ${series(N)}`);
  const transitions: [string, string, number, string][] = [
    ["Pending", "PaymentPending", 0.2, "true"],
    ["PaymentPending", "Cancelled", 600, "(i % 20) = 0"],
    ["PaymentPending", "Confirmed", 60, "(i % 20) <> 0"],
    ["Confirmed", "Processing", 3600, `(i % 20) <> 0 and i <= ${N - 2000}`],
    ["Processing", "Packed", 3 * 3600, `(i % 20) <> 0 and i <= ${N - 2000}`],
    ["Packed", "Shipped", 5 * 3600, `(i % 20) <> 0 and i <= ${N - 2000}`],
  ];
  for (const [from, to, plus, where] of transitions) {
    await step(`transitions → ${to}`, sql`${withSeries(N)}insert into order_transitions (order_id, from_status, to_status, event, reason, metadata, actor, at)
      select i, ${from}, ${to}, ${to}, '', '{}', 'bench', ${ts(plus)} from ${series(N)} where ${sql.raw(where)}`);
  }
  const lists = Math.ceil(N / 50);
  await step("waves", sql`${withSeries(Math.ceil(N / 500))}insert into waves (id, warehouse, mode, status, cutoff, priority, carrier, created_at, released_at, created_by)
    select i, ${wh}, 'batch', 'completed', '16:00', 5, 'own-fleet', ${ts(0)}, ${ts(0)}, 'bench' from ${series(Math.ceil(N / 500))}`);
  await step("pick lists", sql`${withSeries(lists)}insert into pick_lists (id, wave_id, warehouse, sequence, mode, status, picker, pack_station, distance, optimal, totes, created_at, updated_at)
    select i, 1 + (i - 1) / 10, 'WH' || cast(1 + ((1 + (i - 1) / 10) % 3) as text), 1, 'batch', 'completed', 'picker-' || cast(${mod(i, 20)} as text), 'P1', 100, 1, 1, ${ts(0)}, ${ts(0)} from ${series(lists)}`);
  const active = `(i % 20) <> 0 and i <= ${N - 2000}`;
  await step("pick list lines", sql`${withSeries(N)}insert into pick_list_lines (id, pick_list_id, seq, location, aisle, position, sku, quantity, picked_quantity, order_id, line_no, tote, status, location_confirmed, note, updated_at)
    select i, 1 + (i - 1) / 50, 1, 'L-1', 0, 1, 'B-' || cast(${mod(i, 500)} as text), 1 + ${mod(i, 3)}, 1 + ${mod(i, 3)}, i, 1, null, 'picked', 1, null, ${ts(2 * 3600)} from ${series(N)} where ${sql.raw(active)}`);
  await step("pick events", sql`${withSeries(N)}insert into pick_events (pick_list_id, line_id, order_id, type, detail, actor, at)
    select 1 + (i - 1) / 50, i, i, 'item', '{"sku":"B-' || cast(${mod(i, 500)} as text) || '","quantity":' || cast(1 + ${mod(i, 3)} as text) || '}', 'picker-' || cast(${mod(sql`((i - 1) / 50 + 1)`, 20)} as text), ${ts(2 * 3600)} from ${series(N)} where ${sql.raw(active)}`);
  await step("cartons", sql`${withSeries(N)}insert into cartons (id, order_id, carton_no, warehouse, status, box_type, box_suggested, box_reason, expected_weight_grams, measured_weight_grams, weight_verdict, weight_override_by, weight_override_reason, sscc, opened_by, opened_at, closed_by, closed_at)
    select i, i, 1, ${wh}, 'closed', null, null, null, 300, 300, case when ${mod(i, 97)} = 0 then 'too_light' else 'ok' end, null, null, null, 'packer-' || cast(${mod(i, 10)} as text), ${ts(3 * 3600 - 120)}, 'packer-' || cast(${mod(i, 10)} as text), ${ts(3 * 3600)} from ${series(N)} where ${sql.raw(active)}`);
  await step("carton items", sql`${withSeries(N)}insert into carton_items (carton_id, line_no, sku, quantity) select i, 1, 'B-' || cast(${mod(i, 500)} as text), 1 + ${mod(i, 3)} from ${series(N)} where ${sql.raw(active)}`);
  await step("shipments", sql`${withSeries(N)}insert into shipments (order_id, carton_id, warehouse, shipment_number, carrier, service, tracking_number, sscc, weight_grams, label_data, carrier_data, ship_date, created_at, manifest_number, manifest_date, manifested_at)
    select i, i, ${wh}, 'SH-' || cast(i as text), 'own-fleet', 'standard', 'T' || cast(i as text), 'S' || cast(i as text), 300, '{}', '{}', substr(${ts(5 * 3600)}, 1, 10), ${ts(5 * 3600)}, null, null, null from ${series(N)} where ${sql.raw(active)}`);
  if (pg) {
    for (const t of ["orders", "reservations", "pick_lists", "waves", "pick_list_lines", "cartons"]) await sql`select setval(pg_get_serial_sequence(${t}, 'id'), (select max(id) from ${sql.table(t)}))`.execute(db);
  }
  await sql`analyze`.execute(db);
  log(`  ${store.dialect}: ${N.toLocaleString("en")} orders generated in ${fmt((performance.now() - t0) / 1000, 1)} s`);
}

async function time<T>(fn: () => Promise<T>, runs = 3): Promise<number> {
  await fn(); // warm the cache
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

async function measure(store: SqlStore, ctx: BenchContext): Promise<void> {
  await store.importData(seed(), { now: START * 1000, actor: "bench" });
  await generate(store, ctx.log);
  const baseline = await time(() => sql`select count(*) from orders`.execute(store.kysely));
  ctx.log(`  ${store.dialect}: baseline count(*) over ${N.toLocaleString("en")} orders: ${fmt(baseline, 1)} ms`);
  const runs: [string, Parameters<typeof report>[1], ScopeRequest][] = [
    ...REPORT_KINDS.map((k): [string, Parameters<typeof report>[1], ScopeRequest] => [`report ${k} --day ${DAY}`, k, { day: DAY }]),
    [`report kpi --week ${DAY}`, "kpi", { week: DAY }],
    [`report throughput --week ${DAY}`, "throughput", { week: DAY }],
    [`report status --warehouse WH2`, "status", { warehouse: "WH2" }],
  ];
  for (const [name, kind, request] of runs) {
    const ms = await time(() => report(store, kind, request, NOW));
    ctx.log(`  ${store.dialect}: ${name.padEnd(34)} ${fmt(ms, 1).padStart(8)} ms  (${fmt(ms / Math.max(baseline, 0.001), 1)}× count(*))${ms > 1000 ? "  OVER 1 s" : ""}`);
  }
}

export default async function bench(ctx: BenchContext): Promise<void> {
  ctx.log(`${N.toLocaleString("en")} orders over 100 days; report day ${DAY} (~${Math.round(N / 100).toLocaleString("en")} orders a day); best of 3 runs after a warm-up`);
  if (DIALECTS.includes("sqlite")) await onSqlite(ctx);
  if (DIALECTS.includes("postgres")) await onPostgres(ctx);
}

async function onSqlite(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pickpack-bench-reports-"));
  try {
    const store = await openStore({ target: join(dir, "reports.db"), create: true });
    try {
      await measure(store, ctx);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(ctx: BenchContext): Promise<void> {
  const schema = `bench_reports_${process.pid}`;
  try {
    const store = await openStore({ target: PG_URL, schema });
    try {
      await measure(store, ctx);
    } finally {
      await store.close();
      await dropPostgresSchema(PG_URL, schema);
    }
  } catch (e) {
    ctx.log(`postgresql: skipped (${(e as Error).message})`);
  }
}
