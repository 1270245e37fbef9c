// The threaded SQLite connection (the gateway's: commits and checkpoints off the event loop) behaves as
// the in-process one: the same answers, errors with their SQLite codes, savepoints that roll back one
// job of a batch, transactions that keep the connection to themselves, durable commits visible to a
// second connection. (PICKPACK_TEST_SQLITE_THREAD=1 runs every store test on it.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openStore, transactionBatch, type SqlStore } from "@pickpack/data";
import { order, ordersBatch, seedBatch } from "./fixtures.js";

let dir: string;
let store: SqlStore;
const by = { now: Date.parse("2026-11-22T08:00:00Z"), actor: "test" };
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "pickpack-thread-"));
  store = await openStore({ target: join(dir, "t.db"), thread: true });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it("answers as the in-process connection does", async () => {
  await store.importData(seedBatch(), by);
  await store.importData(ordersBatch(order("T1", [["A", 1]])), by);
  const plain = await openStore({ target: join(dir, "t.db") });
  try {
    expect(await store.listStock({ now: by.now })).toEqual(await plain.listStock({ now: by.now }));
    expect((await store.getOrder("T1"))!.order).toEqual((await plain.getOrder("T1"))!.order);
  } finally {
    await plain.close();
  }
});

it("passes SQLite errors on with their codes and rolls the transaction back", async () => {
  await store.importData(seedBatch(), by);
  const e = await store
    .transaction(async (tx) => {
      await sql`insert into warehouses (code, name, address, latitude, longitude, priority, cutoff, cost_per_shipment) values ('WHX', 'x', '{}', 0, 0, 1, '16:00', 1)`.execute(tx.db);
      await sql`insert into warehouses (code, name, address, latitude, longitude, priority, cutoff, cost_per_shipment) values ('WHX', 'x', '{}', 0, 0, 1, '16:00', 1)`.execute(tx.db);
    })
    .catch((x: unknown) => x as Error & { code?: string });
  expect(e).toBeInstanceOf(Error);
  expect((e as { code?: string }).code).toMatch(/^SQLITE_CONSTRAINT/);
  expect(await store.kysely.selectFrom("warehouses").select("code").where("code", "=", "WHX").execute()).toEqual([]);
});

it("rolls back one failed job of a batch to its savepoint and commits the others", async () => {
  await store.importData(seedBatch(), by);
  const out = await transactionBatch(store, [
    (tx) => sql`update stock set on_hand = 7 where sku = 'A' and location = 'A-01-01-A'`.execute(tx.db).then(() => "a"),
    async (tx) => {
      await sql`update stock set on_hand = 99 where sku = 'B'`.execute(tx.db);
      throw new Error("job 2 fails");
    },
    (tx) => sql`update stock set on_hand = 8 where sku = 'C'`.execute(tx.db).then(() => "c"),
  ]);
  expect(out.map((o) => o.ok)).toEqual([true, false, true]);
  const rows = await store.kysely.selectFrom("stock").select(["sku", "on_hand"]).orderBy("sku").execute();
  expect(rows.find((r) => r.sku === "A")!.on_hand).toBe(7);
  expect(rows.find((r) => r.sku === "B")!.on_hand).toBe(5);
  expect(rows.find((r) => r.sku === "C")!.on_hand).toBe(8);
});

it("keeps the connection for one transaction at a time: concurrent increments all count", async () => {
  await store.importData(seedBatch(), by);
  await Promise.all(
    Array.from({ length: 25 }, () =>
      store.transaction(async (tx) => {
        const r = await tx.db.selectFrom("stock").select("on_hand").where("sku", "=", "C").executeTakeFirstOrThrow();
        await new Promise((resolve) => setImmediate(resolve));
        await tx.db.updateTable("stock").set({ on_hand: Number(r.on_hand) + 1 }).where("sku", "=", "C").execute();
      }),
    ),
  );
  expect((await store.kysely.selectFrom("stock").select("on_hand").where("sku", "=", "C").executeTakeFirstOrThrow()).on_hand).toBe(3 + 25);
});

it("refuses a missing file when asked not to create one", async () => {
  const e = await openStore({ target: join(dir, "missing.db"), thread: true, create: false }).catch((x: unknown) => x as { code?: string });
  expect((e as { code?: string }).code).toBe("DATABASE_NOT_FOUND");
});
