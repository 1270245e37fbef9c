// The outbox relay against a real HTTP receiver on both backends: every delivery verifies with the
// independent standardwebhooks package, per order in sequence, one failing endpoint never blocks
// another, 429/Retry-After and the retry schedule, 410 disables (audited), failed deliveries wait for
// `outbox retry`, replay re-sends the same ids, stream events, the SQLite relay lease, deliveryHealth.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { OutboxRelay, addWebhook, deliveryHealth, listOutboxEntries, listWebhooks, replaySince, retryDeliveries, rotateWebhookSecret, writeStreamEvent, type SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";
import { order, ordersBatch, refusalCode, seedBatch } from "./fixtures.js";
import { WebhookReceiver } from "./outbox-receiver.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

class ManualClock {
  t = Date.now();
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`outbox relay on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let receiver: WebhookReceiver;
    let url: string;
    let clock: ManualClock;
    const by = () => ({ now: clock.now(), actor: "test" });
    const relayWith = (extra: Partial<ConstructorParameters<typeof OutboxRelay>[1]> = {}) =>
      new OutboxRelay(store, { clock, retry: { scheduleMs: [0, 1000, 2000, 3000], jitter: 0 }, timeoutMs: 1500, random: () => 0, ...extra });

    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      clock = new ManualClock();
      await store.importData(seedBatch(), { now: clock.now(), actor: "test" });
      receiver = new WebhookReceiver([SECRET]);
      url = await receiver.listen();
    });
    afterEach(async () => {
      await receiver.close();
      await cleanup();
    });

    async function someOrders(n: number) {
      await store.importData(ordersBatch(...Array.from({ length: n }, (_, i) => order(`R${i + 1}`, [["B", 1]]))), { now: clock.now(), actor: "test" });
      for (let i = 1; i <= n; i++) await store.applyOrderEvent(`R${i}`, { type: i % 2 ? "PaymentSucceeded" : "Cancel", ...(i % 2 ? {} : { reason: "changed mind" }) } as never, by());
    }
    const outboxCount = async () => Number((await store.kysely.selectFrom("outbox").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

    it("delivers every event once, signed (standardwebhooks verifies), per order in sequence, and marks the outbox delivered", async () => {
      await someOrders(4);
      await addWebhook(store, { url, events: ["*"], secret: SECRET, allowPrivate: true }, by());
      const r = await relayWith().drain();
      const total = await outboxCount();
      expect(total).toBeGreaterThan(8);
      expect(r.delivered).toBe(total);
      expect(receiver.rejected).toEqual([]);
      expect(receiver.processed).toHaveLength(total);
      expect(receiver.requests).toHaveLength(total);
      expect(receiver.outOfOrder).toEqual([]);
      const first = receiver.processed[0]!;
      expect(first.id).toMatch(/^evt_\d+$/);
      expect(JSON.parse(first.body)).toMatchObject({ id: first.id, type: first.type, data: { orderNumber: "R1", sequence: 1 } });
      // The catalogue events of a cancellation went out too.
      expect(receiver.processed.filter((x) => x.orderNumber === "R2").map((x) => x.type)).toEqual(expect.arrayContaining(["inventory.released.v1", "order.cancelled.v1"]));
      const pending = await listOutboxEntries(store, { pending: true });
      expect(pending).toEqual([]);
      // A tampered body or a stale timestamp does not verify.
      const wh = new Webhook(SECRET);
      expect(() => wh.verify(first.body.replace('"R1"', '"R9"'), first.headers)).toThrow();
      const stale = { ...first.headers, "webhook-timestamp": String(Number(first.headers["webhook-timestamp"]) - 600) };
      expect(() => wh.verify(first.body, stale)).toThrow();
      expect(wh.verify(first.body, first.headers)).toBeTruthy();
    });

    it("filters by --events patterns; an event no endpoint wants is settled at fan-out", async () => {
      await someOrders(2);
      await addWebhook(store, { url, events: ["order.cancelled.v1"], secret: SECRET, allowPrivate: true }, by());
      await relayWith().drain();
      expect(receiver.processed.map((x) => x.type)).toEqual(["order.cancelled.v1"]);
      expect(await listOutboxEntries(store, { pending: true })).toEqual([]);
    });

    it("a failing endpoint never blocks a healthy one; failures are counted and shown; events wait and go once it recovers", async () => {
      const bad = new WebhookReceiver([SECRET]);
      const badUrl = await bad.listen();
      bad.fault = "500";
      try {
        await someOrders(2);
        const a = await addWebhook(store, { url: badUrl, events: ["*"], secret: SECRET, allowPrivate: true }, by());
        await addWebhook(store, { url, events: ["*"], secret: SECRET, allowPrivate: true }, by());
        const relay = relayWith();
        await relay.drain();
        const total = await outboxCount();
        expect(receiver.processed).toHaveLength(total);
        const list = await listWebhooks(store, clock.now());
        const failing = list.find((w) => w.id === a.id)!;
        expect(failing).toMatchObject({ status: "active", failing: true, lastError: "HTTP 500" });
        expect(failing.pending).toBe(total);
        expect((await deliveryHealth(store, clock.now())).failingEndpoints.map((e) => e.id)).toEqual([a.id]);
        // Only the head of each order stream was tried (the rest wait their turn).
        expect(bad.requests.length).toBe(2);
        // Recovers: the schedule's next step (1 s) comes, everything arrives in order.
        bad.fault = "ok";
        clock.advance(1000);
        await relay.drain();
        expect(bad.processed).toHaveLength(total);
        expect(bad.outOfOrder).toEqual([]);
        expect((await listWebhooks(store, clock.now())).find((w) => w.id === a.id)).toMatchObject({ failing: false, pending: 0 });
      } finally {
        await bad.close();
      }
    });

    it("429 with Retry-After waits at least that long; a timeout or dropped connection retries on the schedule", async () => {
      await someOrders(1);
      await addWebhook(store, { url, events: ["order.status.changed.v1"], secret: SECRET, allowPrivate: true }, by());
      const relay = relayWith();
      receiver.fault = "429";
      receiver.retryAfter = "5";
      await relay.tick();
      await relay.tick();
      const [d] = await store.kysely.selectFrom("deliveries").selectAll().orderBy("seq").limit(1).execute();
      expect(d).toMatchObject({ state: "pending", attempts: 1, last_error: "HTTP 429 Too Many Requests" });
      expect(Date.parse(d!.next_attempt_at) - clock.now()).toBe(5000);
      clock.advance(4999);
      expect((await relay.tick()).attempted).toBe(0);
      receiver.fault = (n) => (n === 2 ? "drop" : n === 3 ? "hang" : "ok");
      clock.advance(1);
      await relay.tick(); // dropped
      clock.advance(2000);
      await relay.tick(); // hangs past the 1.5 s timeout
      const [d2] = await store.kysely.selectFrom("deliveries").selectAll().orderBy("seq").limit(1).execute();
      expect(d2).toMatchObject({ state: "pending", attempts: 3 });
      expect(d2!.last_error).toMatch(/no answer within 1.5 s/);
      clock.advance(3000);
      await relay.drain();
      expect(receiver.processed.length).toBeGreaterThan(0);
      expect(await listOutboxEntries(store, { pending: true })).toEqual([]);
    });

    it("when the schedule is exhausted the delivery fails and its order's later events wait; outbox retry sends them", async () => {
      await someOrders(1);
      await addWebhook(store, { url, events: ["*"], secret: SECRET, allowPrivate: true }, by());
      const relay = relayWith();
      receiver.fault = "500";
      for (const step of [0, 1000, 2000, 3000]) {
        clock.advance(step);
        await relay.tick();
      }
      const failed = await listOutboxEntries(store, { failed: true });
      expect(failed).toHaveLength(1);
      expect(failed[0]!.deliveries[0]).toMatchObject({ state: "failed", attempts: 4, lastError: "HTTP 500" });
      expect((await deliveryHealth(store, clock.now())).failedDeliveries).toBe(1);
      clock.advance(100_000);
      receiver.fault = "ok";
      expect((await relay.drain()).attempted).toBe(0); // waits: never silently skipped
      await expect(retryDeliveries(store, { id: failed[0]!.id + 1000 }, by())).rejects.toMatchObject({ code: "OUTBOX_EVENT_NOT_FOUND" });
      expect(await refusalCode(retryDeliveries(store, { id: failed[0]!.id + 1 }, by()))).toBe("OUTBOX_NOT_FAILED");
      expect((await retryDeliveries(store, { allFailed: true }, by())).retried).toBe(1);
      await relay.drain();
      expect(receiver.processed).toHaveLength(await outboxCount());
      expect(receiver.outOfOrder).toEqual([]);
    });

    it("410 disables the endpoint (audited, visible), its deliveries park and the outbox settles", async () => {
      await someOrders(1);
      const w = await addWebhook(store, { url, events: ["*"], secret: SECRET, allowPrivate: true }, by());
      receiver.fault = "410";
      await relayWith().drain();
      const [view] = await listWebhooks(store, clock.now());
      expect(view).toMatchObject({ id: w.id, status: "disabled", pending: 0 });
      expect(view!.disabledReason).toMatch(/410/);
      const audit = await store.kysely.selectFrom("webhook_audit").select(["action", "actor"]).where("endpoint_id", "=", w.id).orderBy("id").execute();
      expect(audit.map((a) => a.action)).toEqual(["added", "disabled"]);
      expect(await listOutboxEntries(store, { pending: true })).toEqual([]);
      expect(receiver.requests).toHaveLength(1);
    });

    it("replay --since re-sends with the same ids; rotation signs with both secrets during the grace period", async () => {
      await someOrders(1);
      const w = await addWebhook(store, { url, events: ["*"], secret: SECRET, allowPrivate: true }, by());
      const relay = relayWith();
      await relay.drain();
      const ids = receiver.processed.map((x) => x.id);
      const rotated = await rotateWebhookSecret(store, w.id, by(), { graceMs: 60_000 });
      receiver.setSecrets([rotated.secret]); // the consumer switched to the new secret at once
      expect((await replaySince(store, clock.now() - 3600_000, by())).replayed).toBe(ids.length);
      await relay.drain();
      const again = receiver.requests.slice(ids.length);
      expect(again.map((x) => x.id)).toEqual(ids);
      expect(again[0]!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
      expect(receiver.rejected).toEqual([]);
      expect(receiver.processed).toHaveLength(ids.length); // de-duplicated by webhook-id
    });

    it("events not tied to an order (stock.low.v1) have their own stream, in sequence", async () => {
      await store.transaction(async (tx) => {
        await writeStreamEvent(tx.db, "stock:WH1:B", "stock.low.v1", { warehouse: "WH1", sku: "B", available: 2, reorderPoint: 3 }, clock.now());
        await writeStreamEvent(tx.db, "stock:WH1:B", "stock.low.v1", { warehouse: "WH1", sku: "B", available: 1, reorderPoint: 3 }, clock.now());
      });
      await addWebhook(store, { url, events: ["stock.*"], secret: SECRET, allowPrivate: true }, by());
      await relayWith().drain();
      expect(receiver.processed.map((x) => [x.type, x.orderNumber, x.sequence])).toEqual([
        ["stock.low.v1", "", 1],
        ["stock.low.v1", "", 2],
      ]);
      expect(JSON.parse(receiver.processed[0]!.body).data).toMatchObject({ stream: "stock:WH1:B", sku: "B" });
    });

    it("with no destination at all, events wait (the first endpoint added gets the backlog)", async () => {
      await someOrders(1);
      const relay = relayWith();
      await relay.drain();
      const total = await outboxCount();
      expect((await deliveryHealth(store, clock.now())).pending).toBe(total);
      clock.advance(5000);
      expect((await deliveryHealth(store, clock.now())).oldestPendingAgeMs).toBeGreaterThanOrEqual(5000);
      await addWebhook(store, { url, events: ["*"], secret: SECRET, allowPrivate: true }, by());
      await relay.drain();
      expect(receiver.processed).toHaveLength(total);
      expect(await deliveryHealth(store, clock.now())).toMatchObject({ pending: 0, failedDeliveries: 0, failingEndpoints: [] });
    });

    it.runIf(backend.name === "sqlite")("on SQLite one relay holds the lease; another takes over once it expires", async () => {
      await someOrders(1);
      await addWebhook(store, { url, events: ["*"], secret: SECRET, allowPrivate: true }, by());
      const a = relayWith({ leaseMs: 10_000 });
      const b = relayWith({ leaseMs: 10_000 });
      expect((await a.tick()).active).toBe(true);
      expect((await b.tick()).active).toBe(false);
      clock.advance(10_001);
      expect((await b.tick()).active).toBe(true);
      expect((await a.tick()).active).toBe(false);
      await b.stop();
      expect((await a.tick()).active).toBe(true);
    });
  });
}
