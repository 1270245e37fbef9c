// Outbox relay throughput and latency (SQLite, a local webhook receiver on loopback):
// - relay events/s: EVENTS outbox rows on STREAMS streams delivered by the relay (signed, one
//   request per event, 16 in flight across streams, in order per stream);
// - baseline: a raw HTTP POST loop (node:http, the same bodies, the same 16 in flight) in the same run;
// - commit → webhook received p50/p99: single events (each its own stream, as events of different orders
//   are) committed one by one while the relay polls every 10 ms.
// Env: RELAY_BENCH_EVENTS (2000), RELAY_BENCH_STREAMS (200), RELAY_BENCH_LATENCY_EVENTS (200).
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutboxRelay, addWebhook, openStore, writeStreamEvent } from "@pickpack/data";
import type { BenchContext } from "./run.js";
import { fmt, percentile } from "./stats.js";

const EVENTS = Number(process.env.RELAY_BENCH_EVENTS ?? 2000);
const STREAMS = Number(process.env.RELAY_BENCH_STREAMS ?? 200);
const LATENCY_EVENTS = Number(process.env.RELAY_BENCH_LATENCY_EVENTS ?? 200);
const CONCURRENCY = 16;
const clock = { now: () => Date.now() };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default async function integrationRelay(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pickpack-bench-relay-"));
  let received = 0;
  const arrivals = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      const id = req.headers["webhook-id"];
      if (typeof id === "string") arrivals.set(id, Date.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const store = await openStore({ target: join(dir, "bench.db") });
  try {
    await addWebhook(store, { url, events: ["*"], allowPrivate: true }, { now: clock.now(), actor: "bench" });
    await store.transaction(async (tx) => {
      for (let i = 0; i < EVENTS; i++) await writeStreamEvent(tx.db, `bench:${i % STREAMS}`, "stock.low.v1", { warehouse: "W1", sku: `SKU-${i % STREAMS}`, available: 0, reorderPoint: 1 }, clock.now());
    });
    const relay = new OutboxRelay(store, { clock, concurrency: CONCURRENCY });
    let t = performance.now();
    await relay.drain(100_000);
    const relaySeconds = (performance.now() - t) / 1000;
    if (received !== EVENTS) throw new Error(`receiver got ${received} of ${EVENTS}`);

    // Baseline: the same number of POSTs, same concurrency, no outbox, no signing.
    const body = JSON.stringify({ id: "evt_1", type: "stock.low.v1", timestamp: new Date().toISOString(), data: { orderNumber: "", sequence: 1, stream: "bench:1", sku: "SKU-1" } });
    const post = () =>
      new Promise<void>((resolve, reject) => {
        const r = http.request(url, { method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on("end", () => resolve());
        });
        r.on("error", reject);
        r.end(body);
      });
    let next = 0;
    t = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < EVENTS) await post();
    }));
    const rawSeconds = (performance.now() - t) / 1000;
    ctx.log(`relay:    ${EVENTS} events on ${STREAMS} streams in ${fmt(relaySeconds)} s = ${fmt(EVENTS / relaySeconds, 0)} events/s (signed, state recorded per delivery)`);
    ctx.log(`raw POST: ${EVENTS} requests in ${fmt(rawSeconds)} s = ${fmt(EVENTS / rawSeconds, 0)} requests/s (baseline, same concurrency)`);

    // Latency: commit one event, the relay (polling every 10 ms, as a job would) delivers it.
    let running = true;
    const loop = (async () => {
      while (running) {
        const r = await relay.tick();
        if (r.attempted === 0) await sleep(10);
      }
    })();
    const committed = new Map<string, number>();
    for (let i = 0; i < LATENCY_EVENTS; i++) {
      const at = Date.now();
      const id = await store.transaction(async (tx) => {
        await writeStreamEvent(tx.db, `latency:${i}`, "stock.low.v1", { warehouse: "W1", sku: "L", available: 0, reorderPoint: 1 }, at);
        const row = await tx.db.selectFrom("outbox").select("id").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
        return `evt_${row.id}`;
      });
      committed.set(id, Date.now());
      await sleep(5 + (i % 7));
    }
    const deadline = Date.now() + 30_000;
    while ([...committed.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline) await sleep(20);
    running = false;
    await loop;
    const lat = [...committed].map(([id, c]) => (arrivals.get(id) ?? Number.NaN) - c).sort((a, b) => a - b);
    ctx.log(`commit → webhook received: p50 ${fmt(percentile(lat, 50), 1)} ms, p99 ${fmt(percentile(lat, 99), 1)} ms over ${lat.length} events (relay polling every 10 ms)`);
    await relay.stop();
  } finally {
    await store.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}
