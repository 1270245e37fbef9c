import { ManualClock, classifyScan, skuLookupFromList } from "@pickpack/core";
import type { DeviceEvent } from "@pickpack/core";
import { describe, expect, it } from "vitest";
import { DEMO_SCANS, SimulatedScale, SimulatedScanner, seededRandom } from "./simulated.js";
import { TtyScannerSource } from "./tty-source.js";
import { EventEmitter } from "node:events";

function clockedSleep(clock: ManualClock) {
  return async (ms: number) => {
    clock.advance(ms);
    await Promise.resolve();
  };
}

describe("SimulatedScanner", () => {
  for (const mode of ["keyboard", "hidpos"] as const) {
    it(`streams a script through the ${mode} decoder with realistic timing`, async () => {
      const clock = new ManualClock(0);
      const events: DeviceEvent[] = [];
      const s = new SimulatedScanner({ clock, mode, script: ["LOC-A1-02-03", "]C1\x1d00106141411234567897"], intervalMs: 1000, sleep: clockedSleep(clock) });
      await s.start((e) => events.push(e));
      await s.finished();
      const scans = events.filter((e) => e.type === "scan");
      expect(scans.map((e) => [e.text, e.aim])).toEqual([
        ["LOC-A1-02-03", mode === "hidpos" ? "]C0" : undefined], // HID POS always carries an AIM id
        ["\x1d00106141411234567897", "]C1"],
      ]);
      expect(scans[0]?.at).toBeGreaterThanOrEqual(1000);
      const c = classifyScan(`${scans[1]?.aim}${scans[1]?.text}`, { skus: skuLookupFromList([]) });
      expect(c.ok && c.value.classification.kind).toBe("carton");
    });
  }

  it("random mode picks demo scans reproducibly from a seed", async () => {
    const run = async () => {
      const clock = new ManualClock(0);
      const out: string[] = [];
      const s = new SimulatedScanner({ clock, seed: 42, count: 5, sleep: clockedSleep(clock) });
      await s.start((e) => e.type === "scan" && out.push(e.text));
      await s.finished();
      return out;
    };
    const a = await run();
    expect(a).toHaveLength(5);
    expect(await run()).toEqual(a);
    for (const t of a) expect(DEMO_SCANS.some((d) => d.endsWith(t))).toBe(true);
  });
});

describe("SimulatedScale", () => {
  it("settles through in-motion readings and emits each stable weight once", async () => {
    const clock = new ManualClock(0);
    const events: DeviceEvent[] = [];
    const s = new SimulatedScale({ clock, weights: [878, 2500], sleep: clockedSleep(clock), holdReports: 5 });
    await s.start((e) => events.push(e));
    await s.finished();
    const weights = events.filter((e) => e.type === "weight");
    const stable = weights.filter((w) => w.stable).map((w) => w.reading.grams);
    expect(stable).toEqual([0, 878, 0, 2500, 0]);
    expect(weights.filter((w) => !w.stable).length).toBeGreaterThanOrEqual(8);
    expect(weights.every((w) => !w.stable || w.reading.stable)).toBe(true);
  });

  it("reports like an imperial Dymo in tenths of an ounce", async () => {
    const clock = new ManualClock(0);
    const events: DeviceEvent[] = [];
    const s = new SimulatedScale({ clock, weights: [221.126280375], imperial: true, sleep: clockedSleep(clock) });
    await s.start((e) => events.push(e));
    await s.finished();
    const w = events.find((e) => e.type === "weight" && e.stable && e.reading.grams > 0);
    expect(w?.type === "weight" && [w.reading.unit, w.reading.value]).toEqual(["ounce", 7.8]);
  });

  it("seededRandom is deterministic", () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe("TtyScannerSource", () => {
  it("turns typed lines into scans, keeping GS and reading an AIM prefix", async () => {
    const input = new EventEmitter();
    const events: DeviceEvent[] = [];
    const src = new TtyScannerSource({ input: input as never, clock: new ManualClock(5), station: "PACK-3" });
    await src.start((e) => events.push(e));
    input.emit("data", "LOC-A1\r]C1\x1d01040063813339");
    input.emit("data", Buffer.from("31\n\nTOTE-9\r\n"));
    await src.stop();
    expect(events.filter((e) => e.type === "scan").map((e) => [e.text, e.aim, e.device.station])).toEqual([
      ["LOC-A1", undefined, "PACK-3"],
      ["\x1d0104006381333931", "]C1", "PACK-3"],
      ["TOTE-9", undefined, "PACK-3"],
    ]);
  });
});
