/**
 * The order system, connected end to end, against a real RabbitMQ and real HTTP: a stand-in order
 * service (this test) publishes `order.created.v1` and a payment on its exchange and listens on
 * pickpack's; a webhook receiver verifies every delivery with the independent `standardwebhooks`
 * package. pickpack runs its consumer (inbox) and its outbox relay to both destinations. The order
 * is reserved (`inventory.reserved.v1` arrives), waved, picked and packed through the real services;
 * then `shipment.created.v1` and `order.shipped.v1` arrive with the tracking number printed on the
 * label, on the broker and at the webhook; the carrier pushes "delivered" through POST
 * /v1/carrier-events and `order.delivered.v1` follows. Every event arrives once per destination, in
 * sequence. On SQLite and PostgreSQL.
 */
import { createServer, type Server } from "node:http";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBrokerDestination, type Layout } from "@pickpack/core";
import { OutboxRelay, addWebhook, createApiKey, type SqlStore } from "@pickpack/data";
import { PackingService } from "@pickpack/data/packing";
import { PickingService, planWavesFor, releaseWave } from "@pickpack/data/planning";
import { backends } from "../../data/test/backends.js";
import { order } from "../../data/test/fixtures.js";
import { labelRenderer, seedProcessingOrder } from "../../data/test/packing-fixtures.js";
import { connectAmqpBroker, type AmqpBroker } from "../src/broker/amqp.js";
import { startOrderConsumer } from "../src/broker/consumer.js";
import { apiRoutes } from "../src/api/routes.js";
import { silentLogger } from "../src/shared/logger.js";
import { AMQP_URL, amqpAvailable, probe, uniqueName, type Probe } from "./broker-helpers.js";
import { Gateway } from "../src/gateway.js";
import { SECRET } from "./helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const layout: Layout = { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } };
type Envelope = { id: string; type: string; timestamp: string; data: { orderNumber: string; sequence: number } & Record<string, unknown> };

for (const backend of backends) {
  describe.skipIf(!amqpAvailable || !backend.available)(`the order system connected end to end on ${backend.name}`, () => {
    let p: Probe;
    let broker: AmqpBroker;
    let receiver: Server;
    let gw: Gateway | undefined;
    let store: SqlStore;
    let closeStore: (() => Promise<void>) | undefined;
    const webhook: Envelope[] = [];
    const verifyFailures: string[] = [];
    beforeEach(async () => {
      webhook.length = 0;
      verifyFailures.length = 0;
      p = await probe();
    });
    afterEach(async () => {
      await broker?.close();
      await p.cleanup();
      await new Promise((r) => receiver?.close(r));
      await gw?.stop();
      await closeStore?.();
    });

    it("reserves, picks, packs and ships an order the order system sent, and tells it every step once, in order", { timeout: 120_000 }, async () => {
      const now = () => Date.now();
      const opened = await backend.open();
      store = opened.store;
      closeStore = opened.cleanup;
      // the gateway as main composes it for the order system: the /v1 API among its routes
      gw = await Gateway.start({ store, clock: { now }, secret: SECRET, sweepIntervalMs: 0, routes: apiRoutes({ store, clock: { now }, log: silentLogger }) }, { port: 0 });
      const gatewayUrl = `http://127.0.0.1:${gw.port}`;
      // the site: the seed warehouses, SKUs, boxes (with a one-unit mailer) and a layout for waves
      await seedProcessingOrder(store, "SEED-0", [["A", 1]]);
      await store.importData({ layouts: [{ value: { ...layout }, file: "layout.json", line: 1 }] }, { now: now(), actor: "test" });

      // the order system's two exchanges, and its listener on pickpack's
      const ordersExchange = uniqueName("orders");
      const eventsExchange = uniqueName("events");
      const queue = uniqueName("pickpack");
      p.trackExchange(ordersExchange);
      p.trackExchange(eventsExchange);
      p.trackQueue(queue);
      p.trackQueue(`${queue}.dlq`);
      const listen = await p.queue(eventsExchange, ["#"]);

      // the webhook receiver: verify every delivery (Standard Webhooks), keep what it says
      receiver = createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          try {
            webhook.push(new Webhook(secret).verify(body, req.headers as Record<string, string>) as Envelope);
          } catch (e) {
            verifyFailures.push(String(e));
          }
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
      const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
      const { secret } = await addWebhook(store, { url, events: ["*"], allowPrivate: true }, { now: now(), actor: "test" });

      // pickpack: consumer (inbox) and relay to both destinations
      broker = await connectAmqpBroker({ url: AMQP_URL, exchange: eventsExchange, connectionName: uniqueName("e2e") });
      await startOrderConsumer(broker, store, { clock: { now }, logger: silentLogger, exchange: ordersExchange, queue });
      const relay = new OutboxRelay(store, { clock: { now }, extraDestinations: [createBrokerDestination(broker)] });
      let relaying = true;
      const relayLoop = (async () => {
        while (relaying) {
          await relay.tick();
          await sleep(50);
        }
      })();
      const fromBroker: Envelope[] = [];
      const until = async (what: string, pred: () => boolean, ms = 30_000) => {
        const end = Date.now() + ms;
        while (!pred()) {
          for (let m = await p.get(listen); m; m = await p.get(listen)) fromBroker.push(JSON.parse(m.content.toString()) as Envelope);
          if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}; broker saw ${fromBroker.map((e) => e.type).join(", ")}; webhook saw ${webhook.map((e) => e.type).join(", ")}`);
          await sleep(50);
        }
      };
      const seen = (list: Envelope[], type: string, number = "SO-E2E") => list.find((e) => e.type === type && e.data.orderNumber === number);

      try {
        // 1. the order system sends an order and, later, its payment
        const created = { ...order("SO-E2E", [["B", 1]], { service: "express" }), payment: "pending" };
        await p.publish(ordersExchange, "order.created.v1", { id: "os-1", type: "order.created.v1", timestamp: new Date().toISOString(), data: created }, { messageId: "os-1" });
        await until("inventory.reserved.v1", () => Boolean(seen(fromBroker, "inventory.reserved.v1") && seen(webhook, "inventory.reserved.v1")));
        await p.publish(ordersExchange, "payment.generated.v1", { id: "os-2", type: "payment.generated.v1", timestamp: new Date().toISOString(), data: { orderNumber: "SO-E2E", status: "succeeded", reference: "PAY-9" } }, { messageId: "os-2" });
        await until("Confirmed", () => fromBroker.some((e) => e.type === "order.status.changed.v1" && e.data.orderNumber === "SO-E2E" && e.data.to === "Confirmed"));

        // 2. the floor: a wave, the pick, the pack (the real services)
        const by = () => ({ now: now(), actor: "floor" });
        const wave = (await planWavesFor(store, { warehouse: "WH1", ...by() })).waves.find((w) => w.orders.includes("SO-E2E"))!;
        await releaseWave(store, wave.id, by());
        const picking = new PickingService(store);
        const listId = wave.pickLists[0]!.id;
        for (let task = await picking.nextTask(listId); task; task = await picking.nextTask(listId)) {
          await picking.confirmLocation({ pickListId: listId, location: task.location }, by());
          await picking.confirmItem({ pickListId: listId, code: task.sku, quantity: task.quantity }, by());
        }
        const packing = new PackingService(store, { labels: labelRenderer, labelFormat: "zpl" });
        await packing.own.chooseBox({ order: "SO-E2E", box: "XS", reason: "one unit" }, by());
        await packing.own.scanItem({ order: "SO-E2E", sku: "B" }, by());
        await packing.own.recordWeight({ order: "SO-E2E", grams: 230 }, by());
        const closed = await packing.own.closeCarton({ order: "SO-E2E" }, by());
        const label = new TextDecoder().decode(closed.label.bytes);
        expect(label).toContain(closed.trackingNumber); // the tracking number printed on the label
        await packing.own.ship({ order: "SO-E2E" }, by());

        // 3. shipment.created.v1 and order.shipped.v1 carry that tracking number, on both destinations
        await until("order.shipped.v1", () => Boolean(seen(fromBroker, "order.shipped.v1") && seen(webhook, "order.shipped.v1")));
        for (const list of [fromBroker, webhook]) {
          expect(seen(list, "shipment.created.v1")!.data).toMatchObject({ trackingNumber: closed.trackingNumber, sscc: closed.sscc });
          expect(JSON.stringify(seen(list, "order.shipped.v1")!.data)).toContain(closed.trackingNumber);
        }

        // 4. the carrier pushes "delivered" through the API; order.delivered.v1 follows
        const { key } = await createApiKey(store, { name: "carrier", scopes: ["carrier:write"] }, { now: now(), actor: "test" });
        const res = await fetch(`${gatewayUrl}/v1/carrier-events`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": "carrier-1" },
          body: JSON.stringify({ carrier: "LC", events: [{ eventId: "lc-1", trackingNumber: closed.trackingNumber, status: "delivered", occurredAt: new Date().toISOString() }] }),
        });
        expect(res.status, await res.clone().text()).toBe(200);
        await until("order.delivered.v1", () => Boolean(seen(fromBroker, "order.delivered.v1") && seen(webhook, "order.delivered.v1")));
        expect((await store.getOrder("SO-E2E"))!.order.status).toBe("Delivered");
      } finally {
        relaying = false;
        await relayLoop;
      }

      // every event once per destination, in sequence per order; every webhook delivery verified
      expect(verifyFailures).toEqual([]);
      for (const list of [fromBroker, webhook]) {
        const mine = list.filter((e) => e.data.orderNumber === "SO-E2E");
        expect(new Set(mine.map((e) => e.id)).size, "duplicates").toBe(mine.length);
        const seqs = mine.map((e) => e.data.sequence);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }
      const types = fromBroker.filter((e) => e.data.orderNumber === "SO-E2E").map((e) => e.type);
      console.log(`end to end on ${backend.name}: ${types.length} events to the broker and ${webhook.filter((e) => e.data.orderNumber === "SO-E2E").length} to the webhook: ${types.join(", ")}`);
    });
  });
}
