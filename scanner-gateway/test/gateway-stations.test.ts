/**
 * Scanners and scales attached to the gateway host: with no pack-station client of the station
 * connected, the gateway applies the reads to the station's paired packer device (recorded like
 * client commands); with one connected, the client gets `device.scan` and `scale` instead.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { DeviceEvent } from "@pickpack/core";
import { GatewayRepo } from "@pickpack/data";
import { startTestGateway, waitFor, type TestGateway } from "./helpers.js";

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const ref = { id: "sim:scanner:P1", kind: "sim" as const, station: "P1" };
const scanAt = (text: string): DeviceEvent => ({ type: "scan", device: ref, text, aim: undefined, at: 0 });

describe("locally attached station devices", () => {
  it("a headless station's badge scan logs the packer in, recorded with a local scanId", async () => {
    t = await startTestGateway();
    const packer = await t.pair("packer", "P1");
    const repo = new GatewayRepo(t.store);
    t.gateway.deviceEvent(scanAt("BADGE-0002"));
    await waitFor(async () => (await repo.getDevice(packer.device.id))?.user_id === "u-ben");
    const [scan] = await repo.recentScans();
    expect(scan).toMatchObject({ device_id: packer.device.id, event: "session.login", ok: 1 });
    expect(scan!.scan_id).toMatch(/^local:P1:/);
    // CMD-LOGOUT from core's command sheet logs out
    t.gateway.deviceEvent(scanAt("CMD-LOGOUT"));
    await waitFor(async () => (await repo.getDevice(packer.device.id))?.user_id === null);
    expect((await repo.recentScans()).map((s) => s.event)).toEqual(["session.login", "session.logout"]);
  });

  it("with the station's client connected, reads go to the client and nothing is recorded", async () => {
    t = await startTestGateway();
    const packer = await t.pair("packer", "P1");
    const s = await t.connect(packer.token);
    expect(t.gateway.stationClientConnected("P1")).toBe(true);
    const scan = new Promise((resolve) => s.once("device.scan", resolve));
    t.gateway.deviceEvent(scanAt("BADGE-0002"));
    expect(await scan).toMatchObject({ station: "P1", code: "BADGE-0002", aim: null, at: new Date(0).toISOString() });
    const scale = new Promise((resolve) => s.once("scale", resolve));
    t.gateway.deviceEvent({ type: "weight", device: { ...ref, id: "sim:scale:P1" }, reading: { grams: 812.4 } as never, stable: true, at: 0 });
    expect(await scale).toMatchObject({ station: "P1", grams: 812, stable: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(await new GatewayRepo(t.store).countScans()).toBe(0);
  });
});
