// A PostgreSQL connection that dies under the store (server restart, failover, an administrator's
// pg_terminate_backend) must not end the process: an idle pooled connection, and one checked out
// inside a transaction between two statements. The failed transaction reports an error; the next
// operation opens a new connection and works.
import pg from "pg";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openStore } from "@pickpack/data";
import { POSTGRES_URL, backends } from "./backends.js";
import { seedBatch } from "./fixtures.js";

const postgres = backends.find((b) => b.name === "postgres")!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!postgres.available)("the PostgreSQL store when its connections are killed", () => {
  it("survives killed idle and in-transaction connections and carries on", async () => {
    const tag = `loss-${process.pid}-${Date.now()}`;
    const url = `${POSTGRES_URL}${POSTGRES_URL.includes("?") ? "&" : "?"}application_name=${tag}`;
    const fresh = await postgres.open();
    await fresh.store.close();
    const store = await openStore({ target: url, schema: fresh.schema! }); // the same fresh schema, connections tagged
    const cleanup = async () => {
      await store.close();
      await fresh.cleanup();
    };
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    const killAll = async () => (await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1", [tag])).rowCount ?? 0;
    try {
      await store.importData(seedBatch(), { now: Date.parse("2026-11-22T08:00:00Z"), actor: "test" });
      // idle connections killed
      expect(await killAll()).toBeGreaterThan(0);
      await sleep(200);
      expect((await store.listStock({ now: Date.now() })).length).toBeGreaterThan(0);
      // a connection killed inside a transaction, between two statements
      const failed = await store
        .transaction(async (tx) => {
          await sql`select 1`.execute(tx.db);
          await killAll();
          await sleep(200);
          await sql`select 2`.execute(tx.db);
        })
        .then(
          () => "committed",
          () => "failed",
        );
      expect(failed).toBe("failed");
      await sleep(100);
      expect((await store.listStock({ now: Date.now() })).length).toBeGreaterThan(0);
    } finally {
      await admin.end();
      await cleanup();
    }
  });
});
