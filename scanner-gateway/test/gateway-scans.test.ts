import { afterEach, describe, expect, it } from "vitest";
import type { Ack, FeedSyncData, HelloData, ScanRecorded } from "@pickpack/core";
import { GatewayRepo } from "@pickpack/data";
import { call, startTestGateway, waitFor, type TestGateway } from "./helpers.js";

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe("idempotent commands", () => {
  it("a resent scanId gets the first ack byte-identical and changes nothing", async () => {
    t = await startTestGateway();
    const p = await t.pair("picker");
    const s = await t.connect(p.token);
    const first = await call(s, "session.login", { scanId: "login-1", badge: "BADGE-0001" });
    // another login in between changes the device's user; the resend must still answer the first result
    await call(s, "session.login", { scanId: "login-2", badge: "BADGE-0002" });
    const again = await call(s, "session.login", { scanId: "login-1", badge: "BADGE-0001" });
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    const repo = new GatewayRepo(t.store);
    expect(await repo.countScans()).toBe(2);
    expect((await repo.getDevice(p.device.id))?.user_id).toBe("u-ben");
    // after a reconnect too
    s.disconnect();
    const s2 = await t.connect(p.token);
    expect(JSON.stringify(await call(s2, "session.login", { scanId: "login-1", badge: "BADGE-0001" }))).toBe(JSON.stringify(first));
    // refusals are recorded and replayed as well
    const bad = await call(s2, "session.login", { scanId: "login-3", badge: "NOPE" });
    expect(bad).toMatchObject({ ok: false, error: { code: "UNKNOWN_BADGE" } });
    expect(JSON.stringify(await call(s2, "session.login", { scanId: "login-3", badge: "NOPE" }))).toBe(JSON.stringify(bad));
    // the same scanId for another command is refused, not replayed
    expect(await call(s2, "session.login", { scanId: "login-1", badge: "BADGE-0002" })).toMatchObject({ ok: false, error: { code: "SCAN_ID_REUSED" } });
    expect(await repo.countScans()).toBe(3);
  });

  it("concurrent resends of one scanId from two connections apply once", async () => {
    t = await startTestGateway();
    const p = await t.pair("picker");
    const a = await t.connect(p.token);
    const b = await t.connect(p.token);
    const acks = await Promise.all([...Array(10)].map((_, i) => call((i % 2 ? a : b), "session.login", { scanId: "same", badge: "BADGE-0001" })));
    expect(new Set(acks.map((x) => JSON.stringify(x))).size).toBe(1);
    const repo = new GatewayRepo(t.store);
    expect(await repo.countScans()).toBe(1);
    const feed = await repo.readFeed(p.device.id, 0, 100);
    expect(feed.items.length).toBe(1);
  });

  it("records device, user and time of every scan", async () => {
    const now = Date.parse("2025-04-01T10:00:00Z");
    t = await startTestGateway({ clock: { now: () => now } });
    const p = await t.pair("picker");
    const s = await t.connect(p.token);
    await call(s, "session.login", { scanId: "l", badge: "BADGE-0001" });
    await call(s, "session.logout", { scanId: "o" });
    const rows = await new GatewayRepo(t.store).recentScans();
    expect(rows.map((r) => [r.device_id, r.user_id, r.event, r.created_at])).toEqual([
      [p.device.id, null, "session.login", "2025-04-01T10:00:00.000Z"],
      [p.device.id, "u-ana", "session.logout", "2025-04-01T10:00:00.000Z"],
    ]);
  });
});

describe("sequenced feed", () => {
  it("live items carry consecutive sequences; a reconnecting client catches up from its last sequence", async () => {
    t = await startTestGateway();
    const p = await t.pair("picker");
    const s = await t.connect(p.token);
    const live: number[] = [];
    s.on("feed", (item: { seq: number }) => live.push(item.seq));
    await call(s, "session.login", { scanId: "1", badge: "BADGE-0001" });
    await call(s, "session.logout", { scanId: "2" });
    await waitFor(() => live.length === 2);
    expect(live).toEqual([1, 2]);
    s.disconnect();
    // while offline, another connection of the same device changes things
    const other = await t.connect(p.token);
    await call(other, "session.login", { scanId: "3", badge: "BADGE-0001" });
    other.disconnect();
    const back = await t.connect(p.token);
    const hello = await call<Ack<HelloData>>(back, "hello", { lastSeq: 2 });
    expect(hello.ok && hello.data.latestSeq).toBe(3);
    const sync = await call<Ack<FeedSyncData>>(back, "feed.sync", { after: 2 });
    expect(sync.ok && sync.data.items.map((i) => [i.seq, i.type, (i.data as { user: { id: string } | null }).user?.id ?? null])).toEqual([[3, "session", "u-ana"]]);
    const page = await call<Ack<FeedSyncData>>(back, "feed.sync", { after: 0, limit: 2 });
    expect(page.ok && [page.data.items.map((i) => i.seq), page.data.more]).toEqual([[1, 2], true]);
  });

  it("supervisors watching get every recorded scan", async () => {
    t = await startTestGateway();
    const sup = await t.connect((await t.pair("supervisor")).token);
    await call(sup, "session.login", { scanId: "s", badge: "BADGE-0003" });
    expect(await call(sup, "supervisor.watch", {})).toEqual({ ok: true, data: { watching: true } });
    const seen: ScanRecorded[] = [];
    sup.on("scan.recorded", (r: ScanRecorded) => seen.push(r));
    const p = await t.pair("picker");
    const s = await t.connect(p.token);
    await call(s, "session.login", { scanId: "x", badge: "BADGE-0001" });
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ deviceId: p.device.id, scanId: "x", event: "session.login", ok: true });
    const list = await call<Ack<{ devices: { id: string; connected: boolean }[] }>>(sup, "devices.list", {});
    expect(list.ok && list.data.devices.find((d) => d.id === p.device.id)?.connected).toBe(true);
  });
});

describe("graceful stop", () => {
  it("healthz answers; stop finishes in-flight commands, then refuses", async () => {
    t = await startTestGateway();
    const s = await t.connect((await t.pair("picker")).token);
    expect(await (await fetch(`${t.url}/healthz`)).json()).toMatchObject({ status: "ok" });
    const pending = call(s, "session.login", { scanId: "inflight", badge: "BADGE-0001" });
    await new Promise((r) => setTimeout(r, 1));
    const stopping = t.gateway.stop();
    const ack = await pending.catch(() => ({ ok: "lost" }));
    await stopping;
    // Either it committed and was acked with the stored ack (never lost after commit), or it was not applied:
    // refused as UNAVAILABLE, or — when the event was still on the wire as the sockets closed — no ack at all
    // (the client's queue sends it again). Never an ok ack without a commit.
    const stored = await new GatewayRepo(t.store).findScan((await new GatewayRepo(t.store).listDevices())[0]!.id, "inflight");
    if (stored) expect(ack).toEqual(JSON.parse(stored.ack));
    else expect((ack as { ok: unknown }).ok).not.toBe(true);
  });
});
