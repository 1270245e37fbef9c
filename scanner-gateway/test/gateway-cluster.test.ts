/**
 * Scale-out: two gateway nodes on one PostgreSQL database, joined by the Socket.IO PostgreSQL adapter.
 * A scan made through node A reaches a supervisor connected to node B; a revocation issued on B
 * disconnects the device on A; one scanId sent to both nodes at once is applied once.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Ack, ScanRecorded } from "@pickpack/core";
import { GatewayRepo, openStore, type SqlStore } from "@pickpack/data";
import { backends, POSTGRES_URL } from "../../data/test/backends.js";
import { seedBatch } from "../../data/test/fixtures.js";
import { createPostgresClusterAdapter, type ClusterAdapter } from "../src/cluster/postgres-adapter.js";
import { Gateway } from "../src/gateway.js";
import { io as connectClient, type Socket } from "socket.io-client";
import { SECRET, call, systemClock, waitFor } from "./helpers.js";

const pg = backends.find((b) => b.name === "postgres")!;

describe.skipIf(!pg.available)("two gateway nodes on one PostgreSQL", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("share rooms, revocations and idempotency", { timeout: 60_000 }, async () => {
    const base = await pg.open();
    cleanups.push(base.cleanup);
    await base.store.importData(seedBatch(), { now: Date.now(), actor: "test" });
    const node = async (name: string) => {
      const store: SqlStore = await openStore({ target: POSTGRES_URL, schema: base.schema! });
      const cluster: ClusterAdapter = await createPostgresClusterAdapter({ url: POSTGRES_URL, schema: base.schema! });
      const g = await Gateway.start({ store, clock: systemClock, secret: SECRET, node: name, adapter: cluster.adapter, sweepIntervalMs: 0, revocationPollMs: 0 }, { port: 0 });
      cleanups.push(async () => {
        await g.stop();
        await cluster.close();
        await store.close();
      });
      return g;
    };
    const a = await node("A");
    const b = await node("B");
    const repo = new GatewayRepo(base.store);
    const device = async (role: "picker" | "supervisor") => {
      const { code } = await repo.createPairingCode({ role, now: Date.now() });
      const d = await repo.redeemPairingCode(code, Date.now());
      return { id: d.id, token: await a.issueToken(d.id) };
    };
    const sockets: Socket[] = [];
    cleanups.push(async () => sockets.forEach((s) => s.disconnect()));
    const connect = (g: Gateway, token: string) =>
      new Promise<Socket>((resolve, reject) => {
        const s = connectClient(`http://127.0.0.1:${g.port}`, { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true });
        sockets.push(s);
        s.once("connect", () => resolve(s));
        s.once("connect_error", reject);
      });

    const sup = await device("supervisor");
    const supOnB = await connect(b, sup.token);
    await call(supOnB, "session.login", { scanId: "s1", badge: "BADGE-0003" });
    await call(supOnB, "supervisor.watch", {});
    const seen: ScanRecorded[] = [];
    supOnB.on("scan.recorded", (r: ScanRecorded) => seen.push(r));

    const picker = await device("picker");
    const onA = await connect(a, picker.token);
    const onB = await connect(b, picker.token);
    // the same scanId through both nodes at once: applied once, same ack everywhere
    const acks = await Promise.all([
      call(onA, "session.login", { scanId: "p1", badge: "BADGE-0001" }),
      call(onB, "session.login", { scanId: "p1", badge: "BADGE-0001" }),
      call(onA, "session.login", { scanId: "p1", badge: "BADGE-0001" }),
    ]);
    expect(new Set(acks.map((x) => JSON.stringify(x))).size).toBe(1);
    expect((await repo.recentScans()).filter((r) => r.device_id === picker.id)).toHaveLength(1);
    expect((await repo.readFeed(picker.id, 0, 10)).items).toHaveLength(1);

    // a scan through A is seen by the supervisor on B
    await call(onA, "session.logout", { scanId: "p2" });
    await waitFor(() => seen.some((r) => r.scanId === "p2" && r.node === "A"), 10_000);
    // a feed item written by A reaches the device's socket on B
    const fed: number[] = [];
    onB.on("feed", (f: { seq: number }) => fed.push(f.seq));
    await call(onA, "session.login", { scanId: "p3", badge: "BADGE-0002" });
    await waitFor(() => fed.includes(3), 10_000);

    // revoke through B: the picker's sockets on A and B are disconnected
    const r = await call<Ack<unknown>>(supOnB, "device.revoke", { scanId: "rv", deviceId: picker.id });
    expect(r.ok).toBe(true);
    await waitFor(() => !onA.connected && !onB.connected, 10_000);
  });
});
