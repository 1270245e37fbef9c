import { EventEmitter } from "node:events";
import { ManualClock, encodeHidPosReports, encodeKeyboardText, encodeScaleReport } from "@pickpack/core";
import type { DeviceEvent } from "@pickpack/core";
import { describe, expect, it } from "vitest";
import { HidDeviceManager, listHidDevices } from "./hid-devices.js";
import type { Timers } from "./hid-devices.js";
import type { HidHandle, HidModule, RawHidDevice } from "./hid-port.js";
import { explainHidLoadError } from "./hid-port.js";

/** A HID module we control: devices can be plugged/unplugged, open handles emit reports. */
class FakeHid implements HidModule {
  devices: RawHidDevice[] = [];
  handles = new Map<string, FakeHandle>();
  denied = new Set<string>();
  enumerations = 0;
  async devicesAsync() {
    this.enumerations++;
    return [...this.devices];
  }
  async open(path: string): Promise<HidHandle> {
    if (this.denied.has(path)) throw new Error("cannot open device with path " + path);
    const h = new FakeHandle();
    this.handles.set(path, h);
    return h;
  }
  unplug(path: string) {
    this.devices = this.devices.filter((d) => d.path !== path);
    this.handles.get(path)?.emit("error", new Error("could not read from HID device"));
  }
}
class FakeHandle extends EventEmitter implements HidHandle {
  written: number[][] = [];
  features: number[][] = [];
  closed = false;
  async write(data: readonly number[]) {
    this.written.push([...data]);
    return data.length;
  }
  async sendFeatureReport(data: readonly number[]) {
    this.features.push([...data]);
    return data.length;
  }
  async close() {
    this.closed = true;
  }
  report(bytes: Uint8Array) {
    this.emit("data", bytes);
  }
}
class FakeTimers implements Timers {
  fn: (() => void) | undefined;
  setInterval(fn: () => void) {
    this.fn = fn;
    return 1;
  }
  clearInterval() {
    this.fn = undefined;
  }
  run(times: number) {
    for (let i = 0; i < times; i++) this.fn?.();
  }
}

const zebraKeyboard: RawHidDevice = { vendorId: 0x05e0, productId: 0x1200, path: "/dev/hidraw0", usagePage: 0x01, usage: 0x06, product: "Symbol Bar Code Scanner", serialNumber: "S1" };
const honeywellPos: RawHidDevice = { vendorId: 0x0c2e, productId: 0x0b8f, path: "/dev/hidraw1", usagePage: 0x8c, usage: 0x02 };
const dymo: RawHidDevice = { vendorId: 0x0922, productId: 0x8003, path: "/dev/hidraw2", usagePage: 0x8d, usage: 0x20, product: "M10 10 Kg Postal Scale" };
const laptopKeyboard: RawHidDevice = { vendorId: 0x046d, productId: 0xc31c, path: "/dev/hidraw3", usagePage: 0x01, usage: 0x06 };

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const hid = new FakeHid();
  hid.devices = [zebraKeyboard, honeywellPos, dymo, laptopKeyboard];
  const clock = new ManualClock(1_000);
  const timers = new FakeTimers();
  const events: DeviceEvent[] = [];
  const manager = new HidDeviceManager({ hid, clock, timers, rescanMs: 100, tickMs: 25, stations: [{ station: "PACK-1", serialNumber: "S1" }, { station: "PACK-1", vendorId: 0x0922 }] });
  return { hid, clock, timers, events, manager, start: () => manager.start((e) => events.push(e)) };
}

describe("listHidDevices", () => {
  it("classifies by usage page and known vendors, maps stations, and hints at permissions", async () => {
    const hid = new FakeHid();
    hid.devices = [zebraKeyboard, honeywellPos, dymo, laptopKeyboard];
    hid.denied.add("/dev/hidraw2");
    const list = await listHidDevices(hid, { probe: true, stations: [{ station: "PACK-2", path: "/dev/hidraw1" }] });
    expect(list.map((d) => d.class)).toEqual(["keyboard-scanner", "hidpos-scanner", "scale", "unknown"]);
    expect(list[1]?.station).toBe("PACK-2");
    expect(list[0]?.openable).toBe(true);
    expect(list[2]?.openable).toBe(false);
    expect(list[2]?.hint).toContain("70-pickpack-hid.rules");
    expect(list[2]?.hint).toContain('ATTRS{idVendor}=="0922"');
    expect(list[3]?.openable).toBeUndefined(); // a plain keyboard is never opened
  });
});

describe("HidDeviceManager", () => {
  it("decodes keyboard, HID POS and scale reports into events with stations", async () => {
    const { hid, events, start, clock, manager } = setup();
    await start();
    expect(events.filter((e) => e.type === "attached").map((e) => e.device?.id)).toEqual(["hid:/dev/hidraw0", "hid:/dev/hidraw1", "hid:/dev/hidraw2"]);
    expect(hid.handles.has("/dev/hidraw3")).toBe(false);
    expect(hid.handles.get("/dev/hidraw1")?.features).toEqual([[0xfe, 0x01]]); // Honeywell HID POS mode

    const kb = encodeKeyboardText("]C1\x1d0104006381333931\x1d10LOT7");
    if (!kb.ok) throw kb.error;
    for (const r of kb.value) {
      clock.advance(10);
      hid.handles.get("/dev/hidraw0")?.report(r);
    }
    for (const r of encodeHidPosReports("4006381333931", { aim: "]E0" })) hid.handles.get("/dev/hidraw1")?.report(r);
    const scale = hid.handles.get("/dev/hidraw2");
    scale?.report(encodeScaleReport("stable", "g", 0, 999)); // stale first report: dropped
    scale?.report(encodeScaleReport("in-motion", "g", 0, 500));
    scale?.report(encodeScaleReport("stable", "g", 0, 878));
    scale?.report(encodeScaleReport("stable", "g", 0, 878));

    const scans = events.filter((e) => e.type === "scan");
    expect(scans.map((s) => [s.text, s.aim, s.device.station])).toEqual([
      ["\x1d0104006381333931\x1d10LOT7", "]C1", "PACK-1"],
      ["4006381333931", "]E0", undefined],
    ]);
    const weights = events.filter((e) => e.type === "weight");
    expect(weights.map((w) => [w.reading.grams, w.stable, w.device.station])).toEqual([
      [500, false, "PACK-1"],
      [878, true, "PACK-1"],
    ]);
    await manager.zero();
    expect(scale?.written).toEqual([[0x02, 0x02]]);
    await manager.stop();
    expect(scale?.closed).toBe(true);
  });

  it("ends a keyboard scan on the idle gap", async () => {
    const { hid, events, start, clock, timers } = setup();
    await start();
    const kb = encodeKeyboardText("TOTE-1", { terminator: "none" });
    if (!kb.ok) throw kb.error;
    for (const r of kb.value) hid.handles.get("/dev/hidraw0")?.report(r);
    timers.run(1);
    expect(events.some((e) => e.type === "scan")).toBe(false);
    clock.advance(150);
    timers.run(1);
    expect(events.filter((e) => e.type === "scan").map((e) => e.text)).toEqual(["TOTE-1"]);
  });

  it("survives unplug (read error) and replug (periodic re-enumeration)", async () => {
    const { hid, events, start, timers } = setup();
    await start();
    hid.unplug("/dev/hidraw2");
    await flush();
    expect(events.at(-1)).toMatchObject({ type: "detached", device: { id: "hid:/dev/hidraw2" } });
    hid.devices.push(dymo);
    const before = hid.enumerations;
    timers.run(3); // 75 ms: not yet time to re-enumerate
    expect(hid.enumerations).toBe(before);
    timers.run(1); // 100 ms
    await flush();
    await flush();
    expect(hid.enumerations).toBe(before + 1);
    expect(events.at(-1)).toMatchObject({ type: "attached", device: { id: "hid:/dev/hidraw2" } });
  });

  it("reports a device it cannot open once, with the permissions hint, and keeps the others", async () => {
    const { hid, events, start, timers } = setup();
    hid.denied.add("/dev/hidraw0");
    await start();
    const errors = events.filter((e) => e.type === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain("udev");
    timers.run(4);
    await flush();
    expect(events.filter((e) => e.type === "error")).toHaveLength(1);
  });

  it("opens only the selected device", async () => {
    const hid = new FakeHid();
    hid.devices = [zebraKeyboard, dymo];
    const m = new HidDeviceManager({ hid, clock: new ManualClock(0), timers: new FakeTimers(), select: "0922:8003" });
    await m.start(() => undefined);
    expect([...hid.handles.keys()]).toEqual(["/dev/hidraw2"]);
  });
});

describe("explainHidLoadError", () => {
  it("says to install libusb when the shared library is missing", () => {
    const e = explainHidLoadError(new Error("libusb-1.0.so.0: cannot open shared object file: No such file or directory"));
    expect(e.code).toBe("HID_LIBUSB_MISSING");
    expect(e.message).toContain("apt install libusb-1.0-0");
  });
});
