// Soak: the gateway under N handhelds × 2 scans/s for a long time (default 1,000 devices, 10 minutes),
// sampling every 10 s the gateway's resident memory, open file descriptors, log bytes, and the scans
// and feed items in the database. Promise: memory and descriptors flat once warm (the last sample
// within 10 % / +10 of the one after the first minute), the feed growing by exactly one item per
// recorded scan, and the log growing no faster per scan in the second half than in the first.
// Not part of `npm test`: `npm run bench -- soak`. Env: SOAK_DEVICES (1000), SOAK_SECONDS (600).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connectClient, type Socket } from "socket.io-client";
import { GatewayRepo, openStore } from "@pickpack/data";
import { DeviceTokens } from "../scanner-gateway/src/auth/tokens.js";
import { openFds, rssKb, startChild } from "./processes.js";
import type { BenchContext } from "./run.js";
import { fmt } from "./stats.js";

const DEVICES = Number(process.env.SOAK_DEVICES ?? 1000);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = 2;
const SAMPLE_S = 10;
const SECRET = "soak-secret-soak-secret-soak-secret-0042";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  t: number;
  rssKb: number;
  fds: number;
  logBytes: number;
  scans: number;
  feed: number;
}

export default async function soak(ctx: BenchContext): Promise<void> {
  ctx.log(`${DEVICES} handhelds × ${RATE} scans/s for ${SECONDS} s, loopback, SQLite (synchronous=FULL, WAL); a sample every ${SAMPLE_S} s`);
  const dir = mkdtempSync(join(tmpdir(), "pickpack-soak-"));
  const db = join(dir, "soak.db");
  const store = await openStore({ target: db });
  await store.importData({ users: [{ value: { id: "u-soak", name: "Soak Picker", role: "picker", badge: "BADGE-SOAK" }, file: "soak", line: 1 }] }, { now: Date.now(), actor: "bench" });
  const repo = new GatewayRepo(store);
  const tokens = new DeviceTokens(SECRET);
  const deviceTokens: string[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const { code } = await repo.createPairingCode({ role: "picker", now: Date.now(), name: `hh-${i}` });
    deviceTokens.push((await tokens.issue(await repo.redeemPairingCode(code, Date.now()), Date.now())).token);
  }
  let logBytes = 0;
  const gw = await startChild(["scanner-gateway/src/main.ts", "gateway", "--port", "0", "--db", db, "--devices", "none"], { PICKPACK_GATEWAY_SECRET: SECRET }, /"port":(\d+)/, (d) => (logBytes += d.length));
  const pid = gw.child.pid!;
  const sockets: Socket[] = [];
  for (let i = 0; i < DEVICES; i += 100) {
    sockets.push(
      ...(await Promise.all(
        deviceTokens.slice(i, i + 100).map(
          (token) =>
            new Promise<Socket>((resolve, reject) => {
              const s = connectClient(`http://127.0.0.1:${gw.port}`, { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true });
              s.once("connect", () => resolve(s));
              s.once("connect_error", reject);
            }),
        ),
      )),
    );
  }
  let sent = 0;
  let acked = 0;
  let lost = 0;
  const end = performance.now() + SECONDS * 1000;
  const period = 1000 / RATE;
  const runners = sockets.map(async (s, i) => {
    await sleep((i / DEVICES) * period);
    let next = performance.now();
    for (let seq = 0; next < end; seq++) {
      sent++;
      try {
        const ack = (await s.timeout(10_000).emitWithAck("session.login", { scanId: `s-${seq}`, badge: "BADGE-SOAK" })) as { ok: boolean };
        if (ack.ok) acked++;
        else lost++;
      } catch {
        lost++;
      }
      next += period;
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
    }
  });
  const samples: Sample[] = [];
  const t0 = performance.now();
  const sampler = (async () => {
    while (performance.now() < end) {
      await sleep(SAMPLE_S * 1000);
      const scans = await store.kysely.selectFrom("gateway_scans").select(({ fn }) => fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      const feed = await store.kysely.selectFrom("gateway_feed").select(({ fn }) => fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      const s: Sample = { t: (performance.now() - t0) / 1000, rssKb: rssKb(pid), fds: openFds(pid), logBytes, scans: Number(scans.n), feed: Number(feed.n) };
      samples.push(s);
      ctx.log(`${fmt(s.t, 0).padStart(5)} s  RSS ${fmt(s.rssKb / 1024, 1)} MB  fds ${s.fds}  log ${fmt(s.logBytes / 1024, 0)} KB  scans ${s.scans}  feed ${s.feed}`);
    }
  })();
  await Promise.all([...runners, sampler]);
  for (const s of sockets) s.disconnect();
  gw.child.kill("SIGTERM");
  await new Promise((r) => gw.child.once("exit", r));
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const warm = samples.find((s) => s.t >= 60) ?? samples[0]!;
  const last = samples.at(-1)!;
  const mid = samples[Math.floor(samples.length / 2)]!;
  const logPerScan = (a: Sample, b: Sample) => (b.logBytes - a.logBytes) / Math.max(1, b.scans - a.scans);
  ctx.log(`sent ${sent}, acked ${acked}, lost or refused ${lost}`);
  const goals: [string, boolean, string][] = [
    ["RSS flat (≤ 1.1× after 1 min)", last.rssKb <= warm.rssKb * 1.1, `${fmt(warm.rssKb / 1024, 1)} → ${fmt(last.rssKb / 1024, 1)} MB`],
    ["fds flat (≤ +10 after 1 min)", last.fds <= warm.fds + 10, `${warm.fds} → ${last.fds}`],
    ["one feed item per scan", last.feed === last.scans, `${last.feed} feed / ${last.scans} scans`],
    ["log per scan not growing", logPerScan(mid, last) <= logPerScan(warm, mid) * 1.1 + 1, `${fmt(logPerScan(warm, mid), 1)} → ${fmt(logPerScan(mid, last), 1)} B/scan`],
    ["zero lost acks", lost === 0, `${lost}`],
  ];
  for (const [goal, met, value] of goals) ctx.log(`${met ? "MET   " : "MISSED"} ${goal.padEnd(32)} ${value}`);
}
