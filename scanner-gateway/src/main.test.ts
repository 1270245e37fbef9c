import { ManualClock } from "@pickpack/core";
import { describe, expect, it } from "vitest";
import { EventEmitter } from "node:events";
import { runGateway } from "./main.js";
import type { HidModule } from "./devices/hid-port.js";

function io(loadHid: () => Promise<HidModule>) {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      stdin: new EventEmitter() as never,
      clock: new ManualClock("2026-11-22T08:00:00Z"),
      loadHid,
      interrupted: new Promise<void>(() => undefined),
      setExitCode: () => undefined,
    },
    out: () => stdout,
    err: () => stderr,
  };
}

describe("gateway binary: devices", () => {
  it("says what to install when libusb is missing, instead of crashing", async () => {
    const { explainHidLoadError } = await import("./devices/hid-port.js");
    const t = io(async () => {
      throw explainHidLoadError(new Error("libusb-1.0.so.0: cannot open shared object file: No such file or directory"));
    });
    const code = await runGateway(["devices"], t.io);
    expect(code).toBe(1);
    expect(t.err()).toContain("error [HID_LIBUSB_MISSING]");
    expect(t.err()).toContain("sudo apt install libusb-1.0-0");
  });

  it("lists devices as a table or JSON (the default subcommand)", async () => {
    const hid: HidModule = {
      devicesAsync: async () => [{ vendorId: 0x0922, productId: 0x8003, path: "/dev/hidraw2", usagePage: 0x8d, usage: 0x20, product: "M10\x1b[2J" }],
      open: async () => ({ on: () => undefined, write: async () => 0, sendFeatureReport: async () => 0, close: async () => undefined }),
    };
    const t = io(async () => hid);
    expect(await runGateway(["devices"], t.io)).toBe(0);
    expect(t.out()).toContain("scale  0922:8003  Dymo");
    expect(t.out()).not.toContain("\x1b");
    const j = io(async () => hid);
    expect(await runGateway(["devices", "list", "--json"], j.io)).toBe(0);
    expect(JSON.parse(j.out())[0]).toMatchObject({ class: "scale", vendorId: "0922", productId: "8003", openable: true });
  });

  it("watch --sim streams simulated scans through the same events", async () => {
    const t = io(async () => {
      throw new Error("must not load HID in --sim");
    });
    const code = await runGateway(["devices", "watch", "--sim", "--count", "1", "--json"], t.io);
    expect(code).toBe(0);
    const lines = t.out().trim().split("\n").map((l) => JSON.parse(l) as { type: string });
    expect(lines.some((l) => l.type === "scan")).toBe(true);
  }, 15_000);
});
