import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { backends } from "../../data/test/backends.js";
import { order, ordersBatch } from "../../data/test/fixtures.js";
import { DbSampler } from "../src/metrics/db-sampler.js";
import { createPromMetrics } from "../src/metrics/prom.js";
import { metricsRoute, type MetricsRouteOptions } from "../src/metrics/route.js";
import { call, startTestGateway, type TestGateway } from "./helpers.js";
import { scrape } from "./metrics-scrape.js";

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const T0 = Date.parse("2025-03-03T10:00:00Z");

async function start(backend = backends[0]!, route: Partial<MetricsRouteOptions> = {}) {
  const clock = new ManualClock(T0);
  const metrics = createPromMetrics();
  const holder: { sampler?: DbSampler } = {};
  const gw = await startTestGateway({
    backend,
    clock,
    metrics,
    routes: [metricsRoute({ metrics, sampler: { refresh: () => holder.sampler!.refresh() } as DbSampler, ...route })],
  });
  holder.sampler = new DbSampler({ store: gw.store, clock, metrics });
  return { gw, clock };
}

for (const backend of backends.filter((b) => b.available)) {
  describe(`GET /metrics on ${backend.name}`, () => {
    it("serves backlog, outbox, ship-by, stock and transition figures that match the database", async () => {
      const { gw, clock } = await start(backend);
      t = gw;
      // O-LATE: ship-by passed; O-SOON: within two hours; O-LATER: tomorrow; SKU D has no stock
      await gw.store.importData(
        {
          ...ordersBatch(order("O-LATE", [["B", 1]], { shipBy: "2025-03-03T09:00:00Z" }), order("O-SOON", [["B", 1]], { shipBy: "2025-03-03T11:30:00Z" }), order("O-LATER", [["C", 1]], { shipBy: "2025-03-04T12:00:00Z" })),
        },
        { now: T0, actor: "test" },
      );
      const orders = await gw.store.listOrders({});
      const outbox = await gw.store.listOutbox({ limit: 10_000 });
      let m = await scrape(gw.url);
      const byStatus = new Map<string, number>();
      for (const o of orders) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
      for (const [status, n] of byStatus) expect(m.value("pickpack_orders", { status })).toBe(n);
      expect(m.value("pickpack_orders", { status: "Shipped" })).toBe(0);
      expect(m.value("pickpack_orders_overdue")).toBe(1);
      expect(m.value("pickpack_orders_due_soon")).toBe(1);
      expect(m.value("pickpack_skus_out_of_stock")).toBe(0);
      const pending = outbox.length; // nothing delivers them in this test
      expect(m.value("pickpack_outbox_pending")).toBe(pending);
      expect(pending).toBeGreaterThan(0);
      expect(m.value("pickpack_outbox_oldest_age_seconds")).toBe(0);
      expect(m.value("pickpack_metrics_database_up")).toBe(1);
      expect(m.value("pickpack_orders_created_total")).toBe(orders.length);
      const before = m.value("pickpack_order_transitions_total", { event: "Cancel" }) ?? 0;

      // One cancellation: the counter moves by exactly one (counted from the last row seen, not re-read)
      await gw.store.applyOrderEvent("O-LATER", { type: "Cancel", reason: "customer" }, { now: T0 + 60_000, actor: "test" });
      clock.advance(5 * 60_000);
      m = await scrape(gw.url);
      expect(m.value("pickpack_order_transitions_total", { event: "Cancel" })).toBe(before + 1);
      expect(m.value("pickpack_orders", { status: "Cancelled" })).toBe((byStatus.get("Cancelled") ?? 0) + 1);
      expect(m.value("pickpack_outbox_oldest_age_seconds")).toBe(300);
      expect(m.value("pickpack_orders_created_total")).toBe(orders.length);
      // A second scrape with no new transitions leaves the counter as it was
      clock.advance(5_000);
      expect((await scrape(gw.url)).value("pickpack_order_transitions_total", { event: "Cancel" })).toBe(before + 1);
    });
  });
}

describe("GET /metrics: devices, scans, HTTP", () => {
  it("counts connected devices by role, acks by event and result, and HTTP requests by route", async () => {
    const { gw } = await start();
    t = gw;
    const picker = await gw.pair("picker");
    const packer = await gw.pair("packer", "P1");
    const s1 = await gw.connect(picker.token);
    const s1b = await gw.connect(picker.token); // a second socket of the same device is still one device
    const s2 = await gw.connect(packer.token);
    expect(await call(s1, "session.login", { scanId: "a", badge: "BADGE-0001" })).toMatchObject({ ok: true });
    expect(await call(s1, "session.login", { scanId: "b", badge: "NOPE" })).toMatchObject({ ok: false, error: { code: "UNKNOWN_BADGE" } });
    await fetch(`${gw.url}/healthz`);
    let m = await scrape(gw.url);
    expect(m.value("pickpack_devices_connected", { role: "picker" })).toBe(1);
    expect(m.value("pickpack_devices_connected", { role: "packer" })).toBe(1);
    expect(m.value("pickpack_devices_connected", { role: "supervisor" })).toBe(0);
    expect(m.value("pickpack_scans_total", { event: "session.login", role: "picker", result: "ok" })).toBe(1);
    expect(m.value("pickpack_scans_total", { event: "session.login", role: "picker", result: "UNKNOWN_BADGE" })).toBe(1);
    expect(m.value("pickpack_scan_ack_duration_seconds_count", { event: "session.login", result: "ok" })).toBe(1);
    expect(m.value("pickpack_last_scan_timestamp_seconds", { role: "picker" })).toBe(T0 / 1000);
    expect(m.value("pickpack_last_scan_timestamp_seconds", { role: "packer" })).toBe(0);
    expect(m.value("pickpack_http_request_duration_seconds_count", { method: "GET", route: "/healthz", status: "2xx" })).toBe(1);
    expect(m.value("pickpack_http_request_duration_seconds_count", { method: "POST", route: "/v1/pair", status: "2xx" })).toBe(2);
    // Node process metrics are there too
    expect(m.families.has("process_cpu_user_seconds_total")).toBe(true);
    expect(m.families.has("nodejs_eventloop_lag_p99_seconds")).toBe(true);
    // no per-device label anywhere
    expect(m.text).not.toContain(picker.device.id);
    s1.disconnect();
    s1b.disconnect();
    s2.disconnect();
    for (let i = 0; i < 50; i++) {
      m = await scrape(gw.url);
      if (m.value("pickpack_devices_connected", { role: "picker" }) === 0 && m.value("pickpack_devices_connected", { role: "packer" }) === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(m.value("pickpack_devices_connected", { role: "picker" })).toBe(0);
    expect(m.value("pickpack_devices_connected", { role: "packer" })).toBe(0);
  });

  it("with a token, answers 401 without it and the scrape with it", async () => {
    const { gw } = await start(backends[0], { token: "s3cret-token" });
    t = gw;
    const none = await fetch(`${gw.url}/metrics`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    expect((await fetch(`${gw.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const m = await scrape(gw.url, { authorization: "Bearer s3cret-token" });
    expect(m.families.has("pickpack_orders")).toBe(true);
  });

  it("loopback-only answers a client on this host", async () => {
    const { gw } = await start(backends[0], { loopbackOnly: true });
    t = gw;
    expect((await scrape(gw.url)).families.has("pickpack_orders")).toBe(true);
  });

  it("still answers, with pickpack_metrics_database_up 0, when the database cannot be read", async () => {
    const metrics = createPromMetrics({ processMetrics: false });
    const route = metricsRoute({ metrics, sampler: { refresh: () => Promise.reject(new Error("db gone")) } as unknown as DbSampler });
    let status = 0;
    let body = "";
    const res = { writeHead: (s: number) => (status = s), end: (b: string) => (body = b), setHeader: () => undefined };
    await route.handle({ method: "GET", headers: {}, socket: { remoteAddress: "127.0.0.1" } } as never, () => undefined, res as never);
    expect(status).toBe(200);
    expect(body).toContain("pickpack_metrics_database_up 0");
  });
});
