// Migration 0012_delivery on a database that already holds outbox rows (the upgrade every existing
// site runs): ids, sequences and payloads survive (event ids stay `evt_<id>`), order_id becomes
// optional for stream rows, the per-order uniqueness still holds, and the relay then sees the backlog.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Migrator, type Kysely, type Migration } from "kysely";
import { describe, expect, it } from "vitest";
import { SqlStore, writeStreamEvent } from "@pickpack/data";
import { migrate } from "../src/db/open.js";
import { migrationProvider } from "../src/db/migrations/index.js";
import { openSqlite } from "../src/db/drivers/sqlite.js";
import { openPostgres } from "../src/db/drivers/postgres.js";
import type { Database, Dialect } from "../src/db/schema.js";
import { POSTGRES_URL, postgresAvailable } from "./backends.js";
import { order, ordersBatch, seedBatch } from "./fixtures.js";

const by = { now: Date.parse("2026-11-22T08:00:00Z"), actor: "test" };

async function upgrade(db: Kysely<Database>, dialect: Dialect, schema?: string) {
  const all = await migrationProvider(dialect).getMigrations();
  const before: Record<string, Migration> = Object.fromEntries(Object.entries(all).filter(([name]) => name < "0012"));
  const old = new Migrator({ db, provider: { getMigrations: async () => before }, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const r = await old.migrateToLatest();
  if (r.error) throw r.error;
  const store = new SqlStore(db, dialect);
  await store.importData(seedBatch(), by);
  await store.importData(ordersBatch(order("U1", [["B", 1]]), order("U2", [["B", 1]])), by);
  await store.applyOrderEvent("U1", { type: "PaymentSucceeded" }, by);
  const rows = await db.selectFrom("outbox").select(["id", "order_id", "order_seq", "type", "payload"]).orderBy("id").execute();
  await migrate(db, dialect, schema);
  const after = await db.selectFrom("outbox").select(["id", "order_id", "order_seq", "type", "payload", "stream", "relayed_at", "delivered_at"]).orderBy("id").execute();
  expect(after.map(({ id, order_id, order_seq, type, payload }) => ({ id, order_id, order_seq, type, payload }))).toEqual(rows);
  expect(after.every((r) => r.stream === null && r.relayed_at === null && r.delivered_at === null)).toBe(true);
  // Stream rows have no order; order rows stay unique per (order, sequence).
  await store.transaction((tx) => writeStreamEvent(tx.db, "stock:WH1:B", "stock.low.v1", { warehouse: "WH1", sku: "B", available: 0, reorderPoint: 1 }, by.now));
  const first = rows[0]!;
  await expect(db.insertInto("outbox").values({ type: "x.v1", order_id: first.order_id, order_seq: first.order_seq, payload: "{}", created_at: "2026-01-01T00:00:00Z", delivered_at: null }).execute()).rejects.toThrow();
  // A later row of the same order gets the next id.
  await store.applyOrderEvent("U2", { type: "PaymentSucceeded" }, by);
  const last = await db.selectFrom("outbox").select("id").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
  expect(last.id).toBeGreaterThan(Math.max(...after.map((r) => r.id)));
  await db.destroy();
}

describe("migration 0012_delivery on an existing outbox", () => {
  it("SQLite: the table is rebuilt with its rows, ids and constraints", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pickpack-upgrade-"));
    try {
      await upgrade(openSqlite({ path: join(dir, "old.db"), create: true }), "sqlite");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it.runIf(postgresAvailable)("PostgreSQL: order_id becomes optional, rows untouched", async () => {
    const schema = `t_${process.env.PICKPACK_TEST_RUN ?? process.pid}_${process.pid}_upgrade_${Date.now().toString(36)}`;
    await upgrade(await openPostgres({ url: POSTGRES_URL, schema }), "postgres", schema);
  });
});
