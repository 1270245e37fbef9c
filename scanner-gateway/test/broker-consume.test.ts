// Consuming the order system's topics from a real RabbitMQ into a real store: order.created.v1
// creates and reserves (the outbox answers inventory.reserved.v1); the same message delivered twice
// is applied once; a poison message lands on the dead-letter queue with its reason and is not
// redelivered; the ack comes only after the commit (the connection cut after the commit and before
// the ack: the message is redelivered and applied once).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InboxOutcome, SqlStore } from "@pickpack/data";
import { backends } from "../../data/test/backends.js";
import { order, seedBatch } from "../../data/test/fixtures.js";
import type { AmqpBroker} from "../src/broker/amqp.js";
import { DEAD_LETTER_KEY_HEADER, DEAD_LETTER_REASON_HEADER, connectAmqpBroker } from "../src/broker/amqp.js";
import { orderMessageHandler, startOrderConsumer } from "../src/broker/consumer.js";
import { silentLogger } from "../src/shared/logger.js";
import { AMQP_URL, amqpAvailable, cutConnection, probe, uniqueName, type Probe } from "./broker-helpers.js";
import { waitFor } from "./helpers.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");
const clock = { now: () => T0 };
const envelope = (id: string, type: string, data: unknown) => ({ id, type, timestamp: "2026-11-22T08:00:00Z", data });

for (const backend of backends) {
describe.skipIf(!amqpAvailable || !backend.available)(`order consumer (RabbitMQ → inbox on ${backend.name})`, () => {
  let p: Probe;
  let store: SqlStore;
  let cleanupStore: () => Promise<void>;
  let broker: AmqpBroker | undefined;
  let exchange: string;
  let ownExchange: string;
  let queue: string;
  let outcomes: InboxOutcome[];
  beforeEach(async () => {
    p = await probe();
    exchange = uniqueName("orders");
    queue = uniqueName("pickpack");
    ownExchange = uniqueName("events");
    p.trackExchange(exchange);
    p.trackExchange(ownExchange);
    p.trackQueue(queue);
    p.trackQueue(`${queue}.dlq`);
    ({ store, cleanup: cleanupStore } = await backend.open());
    await store.importData(seedBatch(), { now: T0, actor: "test" });
    outcomes = [];
  });
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
    await p.cleanup();
    await cleanupStore();
  });

  const options = () => ({ clock, logger: silentLogger, exchange, queue, prefetch: 5, onOutcome: (o: InboxOutcome) => void outcomes.push(o) });

  it("creates and reserves from order.created.v1; a duplicate delivery is applied once; payment confirms", async () => {
    broker = await connectAmqpBroker({ url: AMQP_URL, exchange: ownExchange, connectionName: uniqueName("consumer") });
    await startOrderConsumer(broker, store, options());
    const created = envelope("m-1", "order.created.v1", { ...order("SO-1", [["A", 2]]), payment: "pending" });
    await p.publish(exchange, "order.created.v1", created, { messageId: "m-1" });
    await p.publish(exchange, "order.created.v1", created, { messageId: "m-1" }); // the order system sent it twice
    // back to back: messages are handled in delivery order, so the payment never overtakes the creation
    await p.publish(exchange, "payment.generated.v1", envelope("m-2", "payment.generated.v1", { orderNumber: "SO-1", status: "succeeded", reference: "PAY-1" }), { messageId: "m-2" });
    await waitFor(() => outcomes.length === 3);
    expect(outcomes.map((o) => o.kind)).toEqual(["applied", "duplicate", "applied"]);
    expect((await store.getOrder("SO-1"))?.order.status).toBe("Confirmed");
    expect((await store.listOutbox({ orderRef: "SO-1" })).map((e) => e.type)).toEqual(["inventory.reserved.v1", "order.status.changed.v1", "order.status.changed.v1"]);
    await waitFor(async () => (await p.count(queue)) === 0);
    expect(await p.count(`${queue}.dlq`)).toBe(0);
  });

  it("dead-letters poison messages with the reason, once, and keeps consuming", async () => {
    broker = await connectAmqpBroker({ url: AMQP_URL, exchange: ownExchange, connectionName: uniqueName("consumer") });
    await startOrderConsumer(broker, store, { ...options(), bindings: ["order.#", "payment.#"] });
    await p.publish(exchange, "order.created.v1", "{oops", { messageId: "bad-1" });
    await p.publish(exchange, "order.exploded.v1", envelope("bad-2", "order.exploded.v1", {}), { messageId: "bad-2" });
    await p.publish(exchange, "order.created.v1", envelope("bad-3", "order.created.v1", order("SO-9", [["NOPE", 1]])), { messageId: "bad-3" });
    await p.publish(exchange, "order.created.v1", envelope("ok-4", "order.created.v1", order("SO-4", [["B", 1]])), { messageId: "ok-4" });
    await waitFor(() => outcomes.length === 4);
    expect(outcomes.map((o) => o.kind)).toEqual(["rejected", "rejected", "rejected", "applied"]);
    const dead = [await p.waitFor(`${queue}.dlq`), await p.waitFor(`${queue}.dlq`), await p.waitFor(`${queue}.dlq`)];
    expect(dead.map((m) => m.properties.messageId)).toEqual(["bad-1", "bad-2", "bad-3"]);
    expect(String(dead[0]!.properties.headers?.[DEAD_LETTER_REASON_HEADER])).toMatch(/not JSON/);
    expect(String(dead[1]!.properties.headers?.[DEAD_LETTER_REASON_HEADER])).toMatch(/unknown message type "order.exploded.v1"/);
    expect(dead[1]!.properties.headers?.[DEAD_LETTER_KEY_HEADER]).toBe("order.exploded.v1");
    expect(String(dead[2]!.properties.headers?.[DEAD_LETTER_REASON_HEADER])).toMatch(/unknown SKU "NOPE"/);
    expect(dead[0]!.content.toString()).toBe("{oops"); // the original body, untouched
    // never redelivered: the queue is empty and nothing more arrives
    await new Promise((r) => setTimeout(r, 500));
    expect(outcomes).toHaveLength(4);
    expect(await p.count(queue)).toBe(0);
    expect(await store.getOrder("SO-9")).toBeUndefined();
  });

  it("acks only after the commit: cut after the commit, before the ack → redelivered and applied once", async () => {
    const name = uniqueName("consumer");
    broker = await connectAmqpBroker({ url: AMQP_URL, exchange: ownExchange, connectionName: name, initialDelayMs: 100, maxDelayMs: 500 });
    const inner = orderMessageHandler(store, options());
    let cut = false;
    const seen: boolean[] = [];
    await broker.subscribe(queue, ["order.created.v1"], async (m) => {
      seen.push(m.redelivered);
      const settlement = await inner(m); // committed here
      if (!cut) {
        cut = true;
        await cutConnection(name); // the process "dies" before the ack reaches the broker
      }
      return settlement;
    }, { exchange, prefetch: 1 });
    await p.publish(exchange, "order.created.v1", envelope("k-1", "order.created.v1", order("SO-K", [["A", 1]])), { messageId: "k-1" });
    await waitFor(() => outcomes.length === 2, 40_000);
    expect(seen).toEqual([false, true]);
    expect(outcomes.map((o) => o.kind)).toEqual(["applied", "duplicate"]);
    expect((await store.listReservations({ orderRef: "SO-K" })).length).toBe(1);
    expect((await store.listOutbox({ orderRef: "SO-K" })).filter((e) => e.type === "inventory.reserved.v1")).toHaveLength(1);
    await waitFor(async () => (await p.count(queue)) === 0, 10_000);
  }, 60_000);
});
}
