// The broker destination against a real RabbitMQ: each delivered event arrives on the topic exchange
// with the event type as routing key, persistent, with its id and headers, after a publisher confirm;
// when the connection is cut, deliver() answers retryable failures (the event stays in the outbox)
// until the adapter has reconnected, and later deliveries arrive.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBrokerDestination, type OutboundEvent } from "@pickpack/core";
import { AmqpBroker, connectAmqpBroker } from "../src/broker/amqp.js";
import { AMQP_URL, amqpAvailable, cutConnection, probe, uniqueName, type Probe } from "./broker-helpers.js";
import { waitFor } from "./helpers.js";

const event = (n: number, type = "order.shipped.v1"): OutboundEvent => ({
  id: `evt_${n}`,
  type,
  orderNumber: `SO-${n}`,
  sequence: n,
  occurredAt: "2026-11-22T08:00:00.000Z",
  data: { trackingNumbers: [`LC${n}`] },
});

describe.skipIf(!amqpAvailable)("broker destination (RabbitMQ)", () => {
  let p: Probe;
  let broker: AmqpBroker | undefined;
  let exchange: string;
  beforeEach(async () => {
    p = await probe();
    exchange = uniqueName("ex");
  });
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
    await p.cleanup();
  });

  it("publishes the envelope with routing key = type, persistent, message id and headers, after a confirm", async () => {
    broker = await connectAmqpBroker({ url: AMQP_URL, exchange, connectionName: uniqueName("conn") });
    const q = await p.queue(exchange, ["order.#"]);
    const other = await p.queue(exchange, ["inventory.*.v1"]);
    const dest = createBrokerDestination(broker);
    expect(dest.accepts("anything.v1")).toBe(true);
    expect(await dest.deliver(event(1))).toEqual({ ok: true });
    expect(await dest.deliver(event(2, "inventory.reserved.v1"))).toEqual({ ok: true });
    const m = await p.waitFor(q);
    expect(m.fields.routingKey).toBe("order.shipped.v1");
    expect(m.fields.exchange).toBe(exchange);
    expect(m.properties.deliveryMode).toBe(2);
    expect(m.properties.messageId).toBe("evt_1");
    expect(m.properties.contentType).toBe("application/json");
    expect(m.properties.headers).toMatchObject({ type: "order.shipped.v1", sequence: 1, "order-number": "SO-1" });
    expect(JSON.parse(m.content.toString("utf8"))).toEqual({
      id: "evt_1",
      type: "order.shipped.v1",
      timestamp: "2026-11-22T08:00:00.000Z",
      data: { trackingNumbers: ["LC1"], orderNumber: "SO-1", sequence: 1 },
    });
    expect(await p.get(q)).toBe(false); // the inventory event went only to the queue bound to it
    expect((await p.waitFor(other)).properties.messageId).toBe("evt_2");
  });

  it("filters by topic patterns", () => {
    const dest = createBrokerDestination({ publish: async () => {}, subscribe: async () => ({ cancel: async () => {} }), close: async () => {} }, { events: ["order.*.v1", "shipment.#"] });
    expect(dest.accepts("order.shipped.v1")).toBe(true);
    expect(dest.accepts("shipment.tracking.updated.v1")).toBe(true);
    expect(dest.accepts("inventory.reserved.v1")).toBe(false);
    expect(dest.accepts("order.status.changed.v1")).toBe(false);
  });

  it("answers retryable failures while the connection is cut, reconnects with backoff, then delivers again", async () => {
    const name = uniqueName("conn");
    const events: string[] = [];
    broker = await connectAmqpBroker({ url: AMQP_URL, exchange, connectionName: name, initialDelayMs: 100, maxDelayMs: 1000, onEvent: (e) => events.push(e.type) });
    const q = await p.queue(exchange, ["#"]);
    const dest = createBrokerDestination(broker);
    expect(await dest.deliver(event(1))).toEqual({ ok: true });

    expect(await cutConnection(name)).toBe(1);
    // Until the adapter notices and reconnects, every outcome is ok or a retryable failure — never lost silently.
    const outcomes: { n: number; ok: boolean; retryable?: boolean }[] = [];
    let n = 2;
    const until = Date.now() + 40_000;
    let failures = 0;
    let sinceRecovery = 0;
    while (Date.now() < until && sinceRecovery < 3) {
      const o = await dest.deliver(event(n));
      outcomes.push({ n, ok: o.ok, ...(o.ok ? {} : { retryable: o.retryable }) });
      if (!o.ok) {
        expect(o.retryable).toBe(true);
        failures++;
        sinceRecovery = 0;
        await new Promise((r) => setTimeout(r, 50));
        continue; // the relay would retry the same event later
      }
      if (failures > 0) sinceRecovery++;
      n++;
    }
    expect(failures).toBeGreaterThan(0);
    expect(sinceRecovery).toBe(3);
    expect(events).toContain("disconnected");
    expect(events.filter((e) => e === "connected").length).toBeGreaterThanOrEqual(2);
    // Every event that was answered ok is on the queue, in order (a failed one was retried with the same id).
    const got: string[] = [];
    for (let m = await p.get(q); m; m = await p.get(q)) got.push(String(m.properties.messageId));
    const okIds = [1, ...outcomes.filter((o) => o.ok).map((o) => o.n)].map((i) => `evt_${i}`);
    expect(got).toEqual(okIds);
    console.log(`broker cut: ${failures} retryable failure(s) while reconnecting, ${okIds.length} events delivered in order`);
  }, 60_000);

  it("answers a retryable failure when the broker cannot be reached at all, and a permanent one after close", async () => {
    const unreachable = new AmqpBroker({ url: "amqp://guest:guest@127.0.0.1:1", exchange, initialDelayMs: 50, maxDelayMs: 100 });
    const dest = createBrokerDestination(unreachable);
    const o = await dest.deliver(event(1));
    expect(o).toMatchObject({ ok: false, retryable: true });
    await unreachable.close();
    expect(await dest.deliver(event(1))).toMatchObject({ ok: false, retryable: false });
  });

  it("a handler fault gives the message back (after a pause) and it is delivered again; messages are handled one at a time", async () => {
    broker = await connectAmqpBroker({ url: AMQP_URL, exchange, connectionName: uniqueName("conn"), requeueDelayMs: 100 });
    const queue = uniqueName("q");
    p.trackQueue(queue);
    p.trackQueue(`${queue}.dlq`);
    const seen: string[] = [];
    let running = 0;
    let maxRunning = 0;
    let failOnce = true;
    await broker.subscribe(queue, ["work.#"], async (m) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      seen.push(`${m.messageId}${m.redelivered ? "*" : ""}`);
      if (m.messageId === "w-1" && failOnce) {
        failOnce = false;
        throw new Error("database away");
      }
      return { kind: "ack" };
    }, { prefetch: 10 });
    for (let i = 1; i <= 3; i++) await p.publish(exchange, "work.item.v1", { i }, { messageId: `w-${i}` });
    await waitFor(() => seen.length === 4, 10_000);
    expect(seen.slice(0, 1)).toEqual(["w-1"]);
    expect(seen).toContain("w-1*"); // delivered again, marked redelivered
    expect(maxRunning).toBe(1);
    await waitFor(async () => (await p.count(queue)) === 0, 5000);
    expect(await p.count(`${queue}.dlq`)).toBe(0);
  });
});
