// The consumer process killed with SIGKILL mid-stream and started again (the real binary, real
// RabbitMQ, a SQLite file): every order is created exactly once, every duplicate delivery is
// recognised, nothing is lost. Unacknowledged messages come back after the kill; the inbox, written
// in the effect's transaction, turns them into duplicates.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type SqlStore } from "@pickpack/data";
import { order, seedBatch } from "../../data/test/fixtures.js";
import { AMQP_URL, amqpAvailable, probe, uniqueName, type Probe } from "./broker-helpers.js";
import { waitFor } from "./helpers.js";

const BIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const N = 40;

describe.skipIf(!amqpAvailable)("consumer killed with SIGKILL mid-stream", () => {
  let p: Probe;
  let dir: string;
  let db: string;
  let exchange: string;
  let queue: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    p = await probe();
    dir = mkdtempSync(join(tmpdir(), "pickpack-kill-"));
    db = join(dir, "kill.db");
    exchange = uniqueName("orders");
    queue = uniqueName("pickpack");
    p.trackExchange(exchange);
    p.trackQueue(queue);
    p.trackQueue(`${queue}.dlq`);
    const store = await openStore({ target: db });
    const seed = seedBatch();
    // plenty of B so every order reserves
    await store.importData({ ...seed, stock: [...seed.stock!, { value: { warehouse: "WH2", location: "B-01-01-A", sku: "B", onHand: 1000 }, file: "s", line: 9 }] }, { now: Date.now(), actor: "test" });
    await store.close();
  });
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await p.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () => {
    const c = spawn(process.execPath, [BIN, "consume", "--db", db, "--broker", AMQP_URL, "--exchange", exchange, "--queue", queue, "--prefetch", "20", "--log-level", "warn"], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(c);
    return c;
  };
  const count = async (store: SqlStore) => Number((await store.kysely.selectFrom("inbox").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

  it("applies every order once across the kill and the restart", async () => {
    expect(existsSync(BIN), `${BIN} is missing: build first (npx tsc -b)`).toBe(true);
    // declare and bind pickpack's queue before publishing (the consumer would, on its first start)
    await p.queue(exchange, ["order.created.v1"], queue);
    for (let i = 1; i <= N; i++) {
      const msg = { id: `k-${i}`, type: "order.created.v1", data: order(`SO-K${i}`, [["B", 1]]) };
      await p.publish(exchange, "order.created.v1", msg, { messageId: msg.id });
      if (i % 4 === 0) await p.publish(exchange, "order.created.v1", msg, { messageId: msg.id }); // the order system sent some twice
    }
    const store = await openStore({ target: db });
    try {
      const first = start();
      await waitFor(async () => (await count(store)) >= 5, 20_000);
      first.kill("SIGKILL"); // mid-stream: some applied and acked, some applied and not acked, some not started
      await new Promise((r) => first.once("exit", r));
      const before = await count(store);
      expect(before).toBeLessThan(N); // it really was cut short
      const second = start();
      await waitFor(async () => (await count(store)) === N && (await p.count(queue)) === 0, 30_000);
      second.kill("SIGTERM");
      await new Promise((r) => second.once("exit", r));
      expect(second.exitCode).toBe(0);

      const orders = await store.listOrders({ limit: 1000 });
      expect(orders.filter((o) => o.number.startsWith("SO-K"))).toHaveLength(N);
      const reserved = await store.kysely.selectFrom("outbox").select((eb) => ["order_id", eb.fn.countAll().as("n")]).where("type", "=", "inventory.reserved.v1").groupBy("order_id").execute();
      expect(reserved).toHaveLength(N);
      expect(reserved.every((r) => Number(r.n) === 1)).toBe(true);
      expect(await p.count(`${queue}.dlq`)).toBe(0);
      console.log(`SIGKILL after ${before} of ${N} orders applied; after the restart all ${N} applied exactly once (${N + N / 4} deliveries published)`);
    } finally {
      await store.close();
    }
  }, 90_000);
});
