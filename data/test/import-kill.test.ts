// Killing an import mid-way (SIGKILL at a random moment while it writes) leaves all of it or none of
// it: the orders, their reservations and their audit rows together; the database passes its integrity
// check, and the same import run again afterwards completes. On SQLite and PostgreSQL.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { backends } from "./backends.js";
import { seedBatch } from "./fixtures.js";

const WORKER = fileURLToPath(new URL("./import-kill-worker.ts", import.meta.url));
const ROUNDS = Number(process.env.PICKPACK_IMPORT_KILL_ROUNDS ?? 2);
const ORDERS = 300;

/** Run the worker; kill it `killAfterMs` after it starts importing (null: let it finish). Resolves with what happened and, when done, how long the import took. */
function runImport(target: string, schema: string | undefined, prefix: string, killAfterMs: number | null): Promise<{ outcome: "done" | "killed"; importMs?: number }> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", WORKER, target, schema ?? "-", String(ORDERS), prefix], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let importMs: number | undefined;
    void (async () => {
      for await (const line of createInterface({ input: child.stdout })) {
        if (line === "start" && killAfterMs !== null) setTimeout(() => importMs === undefined && child.kill("SIGKILL"), killAfterMs);
        if (line.startsWith("done ")) importMs = Number(line.slice(5));
      }
    })();
    child.on("exit", (code, signal) => {
      if (importMs !== undefined) resolve({ outcome: "done", importMs });
      else if (signal === "SIGKILL") resolve({ outcome: "killed" });
      else reject(new Error(`import worker exited ${code}: ${stderr}`));
    });
  });
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`an import killed mid-way on ${backend.name}`, () => {
    it("leaves all of the import or none of it, and can be run again", { timeout: 300_000 }, async () => {
      const { store, target, schema, cleanup } = await backend.open();
      try {
        await store.importData(seedBatch(), { now: Date.parse("2026-11-22T08:00:00.000Z"), actor: "seed" });
        // a first, unkilled run tells how long the import itself takes here
        const cal = await runImport(target, schema, "CAL", null);
        expect(cal.outcome).toBe("done");
        const took = cal.importMs!;
        let killed = 0;
        for (let r = 0; r < ROUNDS; r++) {
          const prefix = `K${r}`;
          // somewhere inside the import; sooner again if it finished first (this machine was faster this time)
          let outcome: "done" | "killed" = "done";
          for (let f = (r + 0.5) / ROUNDS, attempt = 0; attempt < 4 && outcome === "done"; f /= 2, attempt++) {
            const at = await store.kysely.selectFrom("orders").select(({ fn }) => fn.countAll<number>().as("n")).where("number", "like", `${prefix}-%`).executeTakeFirstOrThrow();
            if (Number(at.n) > 0) break; // an earlier attempt completed the import: nothing left to kill
            outcome = (await runImport(target, schema, prefix, Math.max(1, Math.floor(f * took)))).outcome;
          }
          if (outcome === "killed") killed++;
          const orders = await store.kysely.selectFrom("orders").select(({ fn }) => fn.countAll<number>().as("n")).where("number", "like", `${prefix}-%`).executeTakeFirstOrThrow();
          const audits = await store.kysely
            .selectFrom("order_transitions")
            .innerJoin("orders", "orders.id", "order_transitions.order_id")
            .select(({ fn }) => fn.countAll<number>().as("n"))
            .where("orders.number", "like", `${prefix}-%`)
            .executeTakeFirstOrThrow();
          const n = Number(orders.n);
          expect([0, ORDERS], `round ${r} (${outcome}): ${n} of ${ORDERS} orders`).toContain(n);
          if (n === 0) expect(Number(audits.n)).toBe(0);
          if (backend.name === "sqlite") expect((await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(store.kysely)).rows[0]!.integrity_check).toBe("ok");
          if (outcome === "killed" && n === 0) {
            expect((await runImport(target, schema, prefix, null)).outcome).toBe("done"); // run again: it completes
            const again = await store.kysely.selectFrom("orders").select(({ fn }) => fn.countAll<number>().as("n")).where("number", "like", `${prefix}-%`).executeTakeFirstOrThrow();
            expect(Number(again.n)).toBe(ORDERS);
          }
        }
        // no stock held twice: availability never below zero
        for (const p of await store.listStock({ now: Date.parse("2026-11-22T09:05:00.000Z") })) expect(p.available, `${p.sku} ${p.warehouse}`).toBeGreaterThanOrEqual(0);
        console.log(`import killed mid-way on ${backend.name}: ${killed} of ${ROUNDS} rounds killed mid-import (an import takes ~${took} ms here), each all or nothing`);
        expect(killed).toBeGreaterThan(0);
      } finally {
        await cleanup();
      }
    });
  });
}
