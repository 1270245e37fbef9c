// Scanner gateway under load: N simulated handhelds on loopback, each sending 2 scans/s through the real
// path (handshake with a device token, role check, rate limit, zod validation, idempotent command
// recorded in SQLite with its ack, feed item, ack after commit). Reports ack latency p50/p99/p99.9,
// lost acks, gateway memory per connected socket, and a raw WebSocket echo baseline (ws, the library
// under socket.io) measured in the same run with the same clients and rate.
// Env: GATEWAY_BENCH_DEVICES (1000), GATEWAY_BENCH_SECONDS (20).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connectClient, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { GatewayRepo, openStore } from "@pickpack/data";
import { DeviceTokens } from "../scanner-gateway/src/auth/tokens.js";
import { rssKb, startChild } from "./processes.js";
import type { BenchContext } from "./run.js";
import { fmt, percentile } from "./stats.js";

const DEVICES = Number(process.env.GATEWAY_BENCH_DEVICES ?? 1000);
const SECONDS = Number(process.env.GATEWAY_BENCH_SECONDS ?? 20);
const RATE = 2; // scans per second per device
const WARMUP_S = 3;
const SECRET = "bench-secret-bench-secret-bench-secret-42";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ECHO_SERVER = `
import { WebSocketServer } from "ws";
const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
wss.on("connection", (ws) => ws.on("message", (m) => ws.send(m)));
wss.on("listening", () => console.log("echo-port " + wss.address().port));
`;

interface Load {
  latencies: number[];
  sent: number;
  acked: number;
  lost: number;
}

/** Every client sends RATE messages/s (staggered), for SECONDS after a warm-up; latencies after warm-up only. */
async function drive(n: number, send: (i: number, seq: number) => Promise<void>): Promise<Load> {
  const load: Load = { latencies: [], sent: 0, acked: 0, lost: 0 };
  const start = performance.now();
  const end = start + (WARMUP_S + SECONDS) * 1000;
  const measureFrom = start + WARMUP_S * 1000;
  const period = 1000 / RATE;
  const runners = Array.from({ length: n }, async (_, i) => {
    let seq = 0;
    await sleep((i / n) * period);
    let next = performance.now();
    while (next < end) {
      const t0 = performance.now();
      const measured = t0 >= measureFrom;
      if (measured) load.sent++;
      try {
        await send(i, seq++);
        if (measured) {
          load.acked++;
          load.latencies.push(performance.now() - t0);
        }
      } catch {
        if (measured) load.lost++;
      }
      next += period;
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
    }
  });
  await Promise.all(runners);
  return load;
}

function report(ctx: BenchContext, name: string, l: Load): { p50: number; p99: number; p999: number } {
  const s = [...l.latencies].sort((a, b) => a - b);
  const r = { p50: percentile(s, 50), p99: percentile(s, 99), p999: percentile(s, 99.9) };
  ctx.log(`${name.padEnd(22)} sent ${l.sent}  acked ${l.acked}  lost ${l.lost}  p50 ${fmt(r.p50, 2)} ms  p99 ${fmt(r.p99, 2)} ms  p99.9 ${fmt(r.p999, 2)} ms  (${fmt(l.acked / SECONDS, 0)}/s)`);
  return r;
}

export default async function (ctx: BenchContext): Promise<void> {
  ctx.log(`${DEVICES} handhelds × ${RATE} scans/s for ${SECONDS} s (after ${WARMUP_S} s warm-up), loopback, SQLite (synchronous=FULL, WAL)`);
  const dir = mkdtempSync(join(tmpdir(), "pickpack-gw-bench-"));
  const db = join(dir, "bench.db");
  // Seed: a user and N paired picker devices with tokens.
  const store = await openStore({ target: db });
  await store.importData({ users: [{ value: { id: "u-bench", name: "Bench Picker", role: "picker", badge: "BADGE-BENCH" }, file: "bench", line: 1 }] }, { now: Date.now(), actor: "bench" });
  const repo = new GatewayRepo(store);
  const tokens = new DeviceTokens(SECRET);
  const deviceTokens: string[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const { code } = await repo.createPairingCode({ role: "picker", now: Date.now(), name: `hh-${i}` });
    const device = await repo.redeemPairingCode(code, Date.now());
    deviceTokens.push((await tokens.issue(device, Date.now())).token);
  }
  await store.close();

  // ---- raw WebSocket echo baseline
  const echo = await startChild(["--input-type=module", "-e", ECHO_SERVER], {}, /echo-port (\d+)/);
  const wsClients = await Promise.all(
    Array.from({ length: DEVICES }, () => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${echo.port}`);
      ws.once("open", () => resolve(ws));
      ws.once("error", reject);
    })),
  );
  const baseline = await drive(DEVICES, (i, seq) => new Promise<void>((resolve, reject) => {
    const ws = wsClients[i]!;
    const msg = JSON.stringify({ scanId: `e-${i}-${seq}`, badge: "BADGE-BENCH" });
    const timer = setTimeout(() => reject(new Error("timeout")), 10_000);
    ws.once("message", () => {
      clearTimeout(timer);
      resolve();
    });
    ws.send(msg);
  }));
  for (const ws of wsClients) ws.close();
  echo.child.kill("SIGTERM");
  const b = report(ctx, "raw ws echo", baseline);

  // ---- the gateway
  const gw = await startChild([...(process.env.GATEWAY_BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.GATEWAY_BENCH_PROFILE}`] : []), "scanner-gateway/src/main.ts", "gateway", "--port", "0", "--db", db, "--devices", "none"], { PICKPACK_GATEWAY_SECRET: SECRET }, /"port":(\d+)/);
  const rssBefore = rssKb(gw.child.pid!);
  const sockets: Socket[] = [];
  for (let i = 0; i < DEVICES; i += 100) {
    sockets.push(
      ...(await Promise.all(
        deviceTokens.slice(i, i + 100).map((token) => new Promise<Socket>((resolve, reject) => {
          const s = connectClient(`http://127.0.0.1:${gw.port}`, { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true });
          s.once("connect", () => resolve(s));
          s.once("connect_error", reject);
        })),
      )),
    );
  }
  await sleep(1000);
  const rssAfter = rssKb(gw.child.pid!);
  const perSocketKb = (rssAfter - rssBefore) / DEVICES;
  const load = await drive(DEVICES, async (i, seq) => {
    const ack = (await sockets[i]!.timeout(10_000).emitWithAck("session.login", { scanId: `s-${seq}`, badge: "BADGE-BENCH" })) as { ok: boolean };
    if (!ack.ok) throw new Error("refused");
  });
  const g = report(ctx, "gateway (commit+ack)", load);
  for (const s of sockets) s.disconnect();
  gw.child.kill("SIGTERM");
  await new Promise((r) => gw.child.once("exit", r));
  const check = await openStore({ target: db });
  const stored = await new GatewayRepo(check).countScans();
  await check.close();
  rmSync(dir, { recursive: true, force: true });

  ctx.log(`gateway RSS ${fmt(rssBefore / 1024, 1)} MB idle → ${fmt(rssAfter / 1024, 1)} MB with ${DEVICES} sockets: ${fmt(perSocketKb, 1)} KB per socket`);
  ctx.log(`scans recorded in the database: ${stored} (every acked scan is committed; the warm-up's are included)`);
  const goals: [string, boolean, string][] = [
    ["p99 ≤ 5 ms", g.p99 <= 5, `${fmt(g.p99, 2)} ms`],
    ["p99.9 ≤ 25 ms", g.p999 <= 25, `${fmt(g.p999, 2)} ms`],
    ["p99 ≤ 2.5× raw echo p99", g.p99 <= 2.5 * b.p99, `${fmt(g.p99 / b.p99, 2)}×`],
    ["zero lost acks", load.lost === 0 && load.acked === load.sent, `${load.lost} lost`],
    ["≤ 50 KB per socket", perSocketKb <= 50, `${fmt(perSocketKb, 1)} KB`],
  ];
  for (const [goal, met, value] of goals) ctx.log(`${met ? "MET   " : "MISSED"} ${goal.padEnd(26)} ${value}`);
}
