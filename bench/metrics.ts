// GET /metrics with 1,000 connected handhelds (goal: ≤ 50 ms): a real gateway on loopback over the demo
// database (SQLite), N paired devices connected by socket.io, then sequential scrapes — every scrape
// reading the database (no cache) and with the default one-second cache — beside GET /healthz in the
// same run as baseline. Env: METRICS_BENCH_DEVICES (1000), METRICS_BENCH_SCRAPES (200).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connectClient, type Socket } from "socket.io-client";
import { GatewayRepo, openStore } from "@pickpack/data";
import { loadDemo } from "@pickpack/data/demo";
import { Gateway } from "../scanner-gateway/src/gateway.js";
import { DbSampler } from "../scanner-gateway/src/metrics/db-sampler.js";
import { createPromMetrics } from "../scanner-gateway/src/metrics/prom.js";
import { metricsRoute } from "../scanner-gateway/src/metrics/route.js";
import type { BenchContext } from "./run.js";
import { fmt, percentile } from "./stats.js";

const DEVICES = Number(process.env.METRICS_BENCH_DEVICES ?? 1000);
const SCRAPES = Number(process.env.METRICS_BENCH_SCRAPES ?? 200);
const GOAL_MS = 50;
const clock = { now: () => Date.now() };

async function time(url: string, n: number): Promise<{ p50: number; p99: number; max: number; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    bytes = (await res.text()).length;
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms[ms.length - 1]!, bytes };
}

export default async function (ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pickpack-metrics-bench-"));
  const store = await openStore({ target: join(dir, "bench.db") });
  const clients: Socket[] = [];
  let gateway: Gateway | undefined;
  try {
    const loaded = await loadDemo(store, { now: Date.now() });
    const repo = new GatewayRepo(store);
    const roles = ["picker", "packer", "supervisor"] as const;
    const ids: string[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const { code } = await repo.createPairingCode({ role: roles[i % 3]!, now: Date.now(), name: `hh-${i}`, ...(i % 3 === 1 ? { station: `P${i % 7}` } : {}) });
      ids.push((await repo.redeemPairingCode(code, Date.now())).id);
    }
    const metrics = createPromMetrics();
    const uncached = new DbSampler({ store, clock, metrics, maxAgeMs: 0 });
    const cached = new DbSampler({ store, clock, metrics });
    gateway = await Gateway.start(
      {
        store,
        clock,
        secret: "bench-secret-bench-secret-bench-secret-42",
        sweepIntervalMs: 0,
        metrics,
        routes: [metricsRoute({ metrics, sampler: uncached }), { ...metricsRoute({ metrics, sampler: cached }), path: "/metrics-cached" }],
      },
      { port: 0, host: "127.0.0.1" },
    );
    const base = `http://127.0.0.1:${gateway.port}`;
    for (let i = 0; i < ids.length; i += 100) {
      const batch = await Promise.all(
        ids.slice(i, i + 100).map(async (id) => {
          const token = await gateway!.issueToken(id);
          return new Promise<Socket>((resolve, reject) => {
            const s = connectClient(base, { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true });
            s.once("connect", () => resolve(s));
            s.once("connect_error", reject);
          });
        }),
      );
      clients.push(...batch);
    }
    const check = await (await fetch(`${base}/metrics`)).text();
    const connected = [...check.matchAll(/^pickpack_devices_connected\{role="\w+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    ctx.log(`${connected} devices connected, demo database (${loaded.orders} orders), ${SCRAPES} sequential scrapes each`);
    await time(`${base}/metrics`, 10); // warm-up
    const health = await time(`${base}/healthz`, SCRAPES);
    const raw = await time(`${base}/metrics`, SCRAPES);
    const warm = await time(`${base}/metrics-cached`, SCRAPES);
    const line = (name: string, r: { p50: number; p99: number; max: number; bytes: number }) => ctx.log(`${name.padEnd(34)} p50 ${fmt(r.p50, 2)} ms  p99 ${fmt(r.p99, 2)} ms  max ${fmt(r.max, 2)} ms  (${r.bytes} bytes)`);
    line("GET /healthz (baseline)", health);
    line("GET /metrics, database every scrape", raw);
    line("GET /metrics, 1 s cache (default)", warm);
    ctx.log(`goal p99 ≤ ${GOAL_MS} ms: ${raw.p99 <= GOAL_MS ? "met" : "NOT met"} (database every scrape)`);
  } finally {
    for (const c of clients) c.disconnect();
    await gateway?.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
