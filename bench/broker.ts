// `npm run bench -- broker`: the RabbitMQ paths against baselines measured in the same run.
// Out: events/s through the broker destination (one confirm per event, as the relay delivers an
// order's events in sequence; and 16 orders in parallel) vs a raw amqplib publish loop confirmed once
// at the end. In: order.created.v1 → created and reserved through the inbox (one transaction and one
// ack per message) vs the same orders by file import in one batch. Needs RabbitMQ on
// PICKPACK_TEST_AMQP_URL (default amqp://guest:guest@127.0.0.1:5672); its names are unique and deleted.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import amqp from "amqplib";
import { createBrokerDestination, type ImportBatch, type OutboundEvent } from "@pickpack/core";
import { openStore } from "@pickpack/data";
import { order, seedBatch } from "../data/test/fixtures.js";
import { connectAmqpBroker } from "../scanner-gateway/src/broker/amqp.js";
import { startOrderConsumer } from "../scanner-gateway/src/broker/consumer.js";
import { silentLogger } from "../scanner-gateway/src/shared/logger.js";
import type { BenchContext } from "./run.js";
import { fmt } from "./stats.js";

const URL = process.env.PICKPACK_TEST_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";

export default async function bench(ctx: BenchContext): Promise<void> {
  const tag = `bench_${process.pid}_${Date.now().toString(36)}`;
  const conn = await amqp.connect(URL);
  const ch = await conn.createConfirmChannel();
  const events = `${tag}_events`;
  const orders = `${tag}_orders`;
  const sink = `${tag}_sink`;
  const queue = `${tag}_pickpack`;
  const dir = mkdtempSync(join(tmpdir(), "pickpack-bench-broker-"));
  try {
    await ch.assertExchange(events, "topic", { durable: true });
    await ch.assertQueue(sink, { durable: true });
    await ch.bindQueue(sink, events, "#");

    // ---- out
    const N = 2000;
    const broker = await connectAmqpBroker({ url: URL, exchange: events, connectionName: `${tag}_bench` });
    const dest = createBrokerDestination(broker);
    const event = (i: number): OutboundEvent => ({ id: `evt_${i}`, type: "order.status.changed.v1", orderNumber: `SO-${i % 100}`, sequence: i, occurredAt: "2026-11-22T08:00:00.000Z", data: { from: "Packed", to: "Shipped", reason: "handed to carrier" } });
    let t = performance.now();
    for (let i = 0; i < N; i++) if (!(await dest.deliver(event(i))).ok) throw new Error("deliver failed");
    const sequential = N / ((performance.now() - t) / 1000);
    t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < N) if (!(await dest.deliver(event(next++))).ok) throw new Error("deliver failed");
    }));
    const parallel = N / ((performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < N; i++) ch.publish(events, "order.status.changed.v1", Buffer.from(JSON.stringify(event(i))), { persistent: true, messageId: `raw_${i}` });
    await ch.waitForConfirms();
    const raw = N / ((performance.now() - t) / 1000);
    ctx.log(`publish ${N} events: destination ${fmt(sequential, 0)}/s one at a time (confirm each), ${fmt(parallel, 0)}/s with 16 orders in parallel; raw publish loop, one confirm at the end: ${fmt(raw, 0)}/s`);

    // ---- in
    const M = 300;
    const seed = seedBatch();
    const stock = [...seed.stock!, { value: { warehouse: "WH2", location: "B-01-01-A", sku: "B", onHand: 100_000 }, file: "bench", line: 1 }];
    const batch = (prefix: string): ImportBatch => ({ orders: Array.from({ length: M }, (_, i) => ({ value: order(`${prefix}${i}`, [["B", 1]]), file: "orders.json", line: i + 1 })) });
    const fileStore = await openStore({ target: join(dir, "file.db") });
    await fileStore.importData({ ...seed, stock }, { now: Date.now(), actor: "bench" });
    t = performance.now();
    await fileStore.importData(batch("F-"), { now: Date.now(), actor: "bench" });
    const byFile = M / ((performance.now() - t) / 1000);
    await fileStore.close();

    const store = await openStore({ target: join(dir, "inbox.db") });
    await store.importData({ ...seed, stock }, { now: Date.now(), actor: "bench" });
    let applied = 0;
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    await ch.assertExchange(orders, "topic", { durable: true });
    const sub = await startOrderConsumer(broker, store, { clock: { now: () => Date.now() }, logger: silentLogger, exchange: orders, queue, prefetch: 50, onOutcome: (o) => { if (o.kind === "applied" && ++applied === M) done(); } });
    t = performance.now();
    for (const r of batch("B-").orders!) ch.publish(orders, "order.created.v1", Buffer.from(JSON.stringify({ id: `m-${r.value.number}`, type: "order.created.v1", data: r.value })), { persistent: true, messageId: `m-${r.value.number}` });
    await ch.waitForConfirms();
    await all;
    const byBroker = M / ((performance.now() - t) / 1000);
    await sub.cancel();
    await store.close();
    await broker.close();
    ctx.log(`take in ${M} orders with reservations (SQLite): ${fmt(byBroker, 0)}/s over RabbitMQ (inbox, one transaction and ack each) vs ${fmt(byFile, 0)}/s by file import (one batch)`);
  } finally {
    for (const q of [sink, queue, `${queue}.dlq`]) await ch.deleteQueue(q).catch(() => undefined);
    for (const e of [events, orders]) await ch.deleteExchange(e).catch(() => undefined);
    await conn.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
