import { describe, expect, it } from "vitest";
import { WedgeReader } from "@pickpack/client";
import { ManualTimers } from "./fake-transport.js";

function reader() {
  const timers = new ManualTimers();
  const events: string[] = [];
  const r = new WedgeReader({ onScan: (c) => events.push(`scan:${c}`), onKey: (t, s) => events.push(s ? `<${s}>` : `key:${t}`) }, timers, () => timers.now);
  return { r, timers, events };
}

describe("keyboard-wedge reader", () => {
  it("reads a burst delivered in one chunk as one scan", () => {
    const { r, events } = reader();
    r.push("4006381333931\r");
    expect(events).toEqual(["scan:4006381333931"]);
  });

  it("reads keystrokes a few ms apart ending with Enter as a scan, and fires no shortcut for its first character", () => {
    const { r, timers, events } = reader();
    for (const ch of "RTOTE-7") {
      r.push(ch);
      timers.advance(8);
    }
    r.push("", "return");
    timers.advance(200);
    expect(events).toEqual(["scan:RTOTE-7"]);
  });

  it("treats slow typing as keys, each delivered after the burst window", () => {
    const { r, timers, events } = reader();
    r.push("r");
    expect(events).toEqual([]);
    timers.advance(40);
    expect(events).toEqual(["key:r"]);
    r.push("1");
    timers.advance(150);
    r.push("2");
    timers.advance(150);
    r.push("", "return");
    expect(events).toEqual(["key:r", "key:1", "key:2", "<return>"]);
  });

  it("treats a short fast burst with Enter as typed keys (too short for a barcode)", () => {
    const { r, events } = reader();
    r.push("12\r");
    expect(events).toEqual(["key:1", "key:2", "<return>"]);
  });

  it("passes special keys through at once and splits several scans in one chunk", () => {
    const { r, events } = reader();
    r.push("", "escape");
    r.push("TOTE-7\rMUG-BLUE\r");
    expect(events).toEqual(["<escape>", "scan:TOTE-7", "scan:MUG-BLUE"]);
  });
});
