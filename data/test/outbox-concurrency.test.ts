// Two relays on one PostgreSQL share the work: no event is ever in flight twice at once (the
// receiver counts concurrent requests per webhook-id), none is delivered twice when nothing fails,
// every order's events arrive in sequence, and both relays did part of the work.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutboxRelay, addWebhook, deliveryHealth, type SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";
import { order, ordersBatch, seedBatch } from "./fixtures.js";
import { WebhookReceiver } from "./outbox-receiver.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const clock = { now: () => Date.now() };
const pg = backends.find((b) => b.name === "postgres")!;

describe.skipIf(!pg.available)("two relays on one PostgreSQL", () => {
  let store: SqlStore;
  let other: SqlStore;
  let cleanup: () => Promise<void>;
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    let schema: string | undefined;
    ({ store, cleanup, schema } = await pg.open());
    const { openStore } = await import("@pickpack/data");
    other = await openStore({ target: (await import("./backends.js")).POSTGRES_URL, schema: schema! });
    await store.importData(seedBatch(), { now: clock.now(), actor: "test" });
    const orders = Array.from({ length: 40 }, (_, i) => order(`P${i + 1}`, [["A", 1]]));
    await store.importData(ordersBatch(...orders), { now: clock.now(), actor: "test" });
    for (let i = 1; i <= 10; i++) await store.applyOrderEvent(`P${i}`, { type: "PaymentSucceeded" }, { now: clock.now(), actor: "test" });
    receiver = new WebhookReceiver([SECRET]);
    await addWebhook(store, { url: await receiver.listen(), events: ["*"], secret: SECRET, allowPrivate: true }, { now: clock.now(), actor: "test" });
  });
  afterEach(async () => {
    await receiver.close();
    await other?.close();
    await cleanup();
  });

  async function runBoth(a: OutboxRelay, b: OutboxRelay): Promise<{ a: number; b: number }> {
    const counts = { a: 0, b: 0 };
    // Both run until the outbox is settled (retries may be due a little later).
    const deadline = Date.now() + 60_000;
    const loop = async (r: OutboxRelay, key: "a" | "b") => {
      while ((await deliveryHealth(store, clock.now())).pending > 0) {
        if (Date.now() > deadline) throw new Error("the outbox did not settle within 60 s");
        const t = await r.tick();
        counts[key] += t.delivered;
        if (t.attempted === 0) await new Promise((res) => setTimeout(res, 30));
      }
    };
    await Promise.all([loop(a, "a"), loop(b, "b")]);
    return counts;
  }

  it("share the work without delivering an event twice at once", async () => {
    receiver.delayMs = 15;
    const total = Number((await store.kysely.selectFrom("outbox").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const options = { clock, retry: { scheduleMs: [0, 50, 100, 200, 400], jitter: 0.2 }, concurrency: 8 };
    const counts = await runBoth(new OutboxRelay(store, options), new OutboxRelay(other, options));
    console.log(`two relays: ${total} events, relay A delivered ${counts.a}, relay B ${counts.b}, requests ${receiver.requests.length}, max in flight per id ${receiver.maxInFlightPerId}`);
    expect(receiver.processed).toHaveLength(total);
    expect(receiver.requests).toHaveLength(total); // nothing failed, so nothing was sent twice
    expect(receiver.maxInFlightPerId).toBe(1);
    expect(receiver.outOfOrder).toEqual([]);
    expect(counts.a + counts.b).toBe(total);
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.b).toBeGreaterThan(0);
    expect((await deliveryHealth(store, clock.now())).pending).toBe(0);
  });

  it("with failures in the mix, still never twice at once, each processed once, in sequence", async () => {
    receiver.fault = (n) => (n % 4 === 0 ? "500" : n % 7 === 0 ? "drop" : "ok");
    const total = Number((await store.kysely.selectFrom("outbox").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const options = { clock, retry: { scheduleMs: [0, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000], jitter: 0.2 }, concurrency: 8 };
    await runBoth(new OutboxRelay(store, options), new OutboxRelay(other, options));
    console.log(`two relays with faults: ${total} events, ${receiver.requests.length} requests, ${receiver.processed.length} processed, max in flight per id ${receiver.maxInFlightPerId}`);
    expect(receiver.processed).toHaveLength(total);
    expect(receiver.maxInFlightPerId).toBe(1);
    expect(receiver.outOfOrder).toEqual([]);
  });
});
