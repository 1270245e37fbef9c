/**
 * Crash test: the gateway as a child process, scanners that retry until acked, SIGKILL at many points
 * (after the 1st, 2nd, 3rd, 5th, 8th… ack since the last start, plus random moments), restart, drain.
 * Then: every acked scan is stored exactly once with the ack the scanner got, nothing was applied twice
 * (one feed item per recorded command, sequences without gaps), PRAGMA integrity_check is ok, stock unchanged.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, expect, it } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import { GatewayRepo, openStore } from "@pickpack/data";
import { seedBatch } from "../../data/test/fixtures.js";
import { DeviceTokens } from "../src/auth/tokens.js";
import { seededRandom } from "../src/devices/simulated.js";
import { freePort, startGatewayProcess } from "./helpers.js";

const SECRET = "crash-secret-crash-secret-crash-secret-01";
const DEVICES = 4;
const COMMANDS = 25;
const SWEEP = [1, 2, 3, 5, 8, 13];
const RANDOM_KILLS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dir = mkdtempSync(join(tmpdir(), "pickpack-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


it("SIGKILL at many points loses no acked scan and applies nothing twice", { timeout: 180_000 }, async () => {
  const db = join(dir, "crash.db");
  const store = await openStore({ target: db });
  await store.importData(seedBatch(), { now: Date.now(), actor: "test" });
  const stockBefore = await store.listStock({ now: Date.now() });
  const repo = new GatewayRepo(store);
  const tokens = new DeviceTokens(SECRET);
  const devices: { id: string; token: string }[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const { code } = await repo.createPairingCode({ role: "picker", now: Date.now() });
    const d = await repo.redeemPairingCode(code, Date.now());
    devices.push({ id: d.id, token: (await tokens.issue(d, Date.now())).token });
  }
  await store.close();

  const port = await freePort();
  let gw = await startGatewayProcess({ db, port, secret: SECRET });
  let acksTotal = 0;
  const acked = new Map<string, string>(); // device/scanId -> ack JSON as received
  const sockets: Socket[] = [];

  const scanner = async (dev: { id: string; token: string }, k: number) => {
    const s = connectClient(`http://127.0.0.1:${port}`, { transports: ["websocket"], auth: { token: dev.token }, reconnectionDelay: 50, reconnectionDelayMax: 200, randomizationFactor: 0 });
    sockets.push(s);
    for (let i = 0; i < COMMANDS; i++) {
      const payload = { scanId: `d${k}-s${i}`, badge: i % 2 === 0 ? "BADGE-0001" : "BADGE-0002" };
      for (;;) {
        if (!s.connected) {
          await sleep(20);
          continue;
        }
        try {
          const ack = await s.timeout(1500).emitWithAck("session.login", payload);
          acked.set(`${dev.id}/${payload.scanId}`, JSON.stringify(ack));
          acksTotal++;
          break;
        } catch {
          await sleep(20);
        }
      }
    }
  };
  const running = Promise.all(devices.map((d, k) => scanner(d, k)));

  const rnd = seededRandom(42);
  let kills = 0;
  const kill = async () => {
    gw.kill("SIGKILL");
    await new Promise((r) => gw.once("exit", r));
    kills++;
    gw = await startGatewayProcess({ db, port, secret: SECRET });
  };
  for (const n of SWEEP) {
    const base = acksTotal;
    while (acksTotal < base + n && acksTotal < DEVICES * COMMANDS) await sleep(1);
    if (acksTotal >= DEVICES * COMMANDS) break;
    await kill();
  }
  for (let i = 0; i < RANDOM_KILLS && acksTotal < DEVICES * COMMANDS; i++) {
    await sleep(Math.floor(rnd() * 150));
    await kill();
  }
  await running; // drain
  for (const s of sockets) s.disconnect();
  gw.kill("SIGTERM");
  await new Promise((r) => gw.once("exit", r));
  expect(kills).toBeGreaterThanOrEqual(SWEEP.length);

  const raw = new BetterSqlite3(db, { readonly: true });
  expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
  const rows = raw.prepare("select device_id, scan_id, ack, ok from gateway_scans").all() as { device_id: string; scan_id: string; ack: string; ok: number }[];
  // every acked scan present exactly once, with the very ack the scanner received
  expect(acked.size).toBe(DEVICES * COMMANDS);
  const byKey = new Map<string, string[]>();
  for (const r of rows) byKey.set(`${r.device_id}/${r.scan_id}`, [...(byKey.get(`${r.device_id}/${r.scan_id}`) ?? []), r.ack]);
  for (const [key, ack] of acked) expect(byKey.get(key)).toEqual([ack]);
  expect(rows.length).toBe(DEVICES * COMMANDS);
  // nothing applied twice: one feed item per recorded login, sequences 1..n without gaps
  for (const d of devices) {
    const feed = raw.prepare("select seq from gateway_feed where device_id = ? order by seq").all(d.id) as { seq: number }[];
    const okScans = rows.filter((r) => r.device_id === d.id && r.ok === 1).length;
    expect(feed.map((f) => f.seq)).toEqual(Array.from({ length: okScans }, (_, i) => i + 1));
    const dev = raw.prepare("select feed_seq, user_id from gateway_devices where id = ?").get(d.id) as { feed_seq: number; user_id: string };
    expect(dev.feed_seq).toBe(okScans);
    expect(dev.user_id).toBe(COMMANDS % 2 === 1 ? "u-ana" : "u-ben"); // the last command won, applied once, in order
  }
  raw.close();
  const after = await openStore({ target: db });
  expect(await after.listStock({ now: Date.now() })).toEqual(stockBefore);
  await after.close();
});
