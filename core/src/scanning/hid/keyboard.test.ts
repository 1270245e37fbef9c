import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHex } from "./bytes.js";
import { KeyboardWedgeDecoder, decodeKeyboardReports, encodeKeyboardText, typeableCharacters } from "./keyboard.js";
import type { ScanTerminator } from "./keyboard.js";
import type { LayoutName } from "./keyboard-layouts.js";

interface Case {
  name: string;
  layout: LayoutName;
  terminators?: ScanTerminator[];
  reports: string[];
  expect: { text: string; endedBy: string }[];
}
const cases = (JSON.parse(readFileSync(new URL("../../../test/fixtures/keyboard-reports.json", import.meta.url), "utf8")) as { cases: Case[] }).cases;
const bytes = (h: string) => {
  const r = parseHex(h);
  if (!r.ok) throw r.error;
  return r.value;
};

describe("keyboard-wedge decoder: fixtures", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const { scans, errors } = decodeKeyboardReports(c.reports.map(bytes), { layout: c.layout, ...(c.terminators ? { terminators: c.terminators } : {}) });
    expect(errors).toEqual([]);
    expect(scans.map((s) => ({ text: s.text, endedBy: s.endedBy }))).toEqual(c.expect);
  });

  it("the real first report of node-hid #413 is '8'", () => {
    const d = new KeyboardWedgeDecoder();
    d.feed([0, 0, 37, 0, 0, 0, 0, 0]);
    expect(d.pending).toBe("8");
  });
});

describe("keyboard-wedge decoder: behaviour", () => {
  it("ends a scan after the idle gap, with times passed in", () => {
    const d = new KeyboardWedgeDecoder({ idleGapMs: 100 });
    const r = encodeKeyboardText("AB", { terminator: "none" });
    if (!r.ok) throw r.error;
    r.value.forEach((rep, i) => expect(d.feed(rep, 1000 + i * 10)).toEqual([]));
    expect(d.tick(1080)).toBeUndefined();
    expect(d.tick(1130)).toEqual({ text: "AB", endedBy: "idle", at: 1020 });
    expect(d.tick(2000)).toBeUndefined();
    // a key after a long pause starts a new scan: the gap ends the old one first
    const d2 = new KeyboardWedgeDecoder({ idleGapMs: 100 });
    d2.feed([0, 0, 0x04, 0, 0, 0, 0, 0], 0);
    d2.feed([0, 0, 0, 0, 0, 0, 0, 0], 5);
    const ev = d2.feed([0, 0, 0x05, 0, 0, 0, 0, 0], 500);
    expect(ev).toEqual([{ type: "scan", scan: { text: "a", endedBy: "idle", at: 0 } }]);
    expect(d2.pending).toBe("b");
  });

  it("maps a configured substitute key to GS (Hand Held Products: Down arrow)", () => {
    const { scans } = decodeKeyboardReports(
      ["00001e0000000000", "0000510000000000", "0000000000000000", "00001f0000000000", "0000280000000000"].map(bytes),
      { gsKeys: [{ usage: 0x51 }] },
    );
    expect(scans[0]?.text).toBe("1\x1d2");
  });

  it("keeps Enter as CR when only Tab terminates, and Ctrl+letter as a control character", () => {
    const { scans } = decodeKeyboardReports(["0000280000000000", "0000000000000000", "0100040000000000", "00002b0000000000"].map(bytes), { terminators: ["tab"] });
    expect(scans).toEqual([{ text: "\r\x01", endedBy: "tab", at: undefined }]);
  });

  it("uses AltGr on German and French layouts", () => {
    const de = decodeKeyboardReports(["4000140000000000", "0000000000000000"].map(bytes), { layout: "de" });
    const fr = decodeKeyboardReports(["4000270000000000", "0000000000000000"].map(bytes), { layout: "fr" });
    expect(de.scans[0]?.text).toBe("@");
    expect(fr.scans[0]?.text).toBe("@");
  });

  it("reports a wrong report length as a typed error and carries on", () => {
    const { scans, errors } = decodeKeyboardReports([bytes("0000"), bytes("0000040000000000"), bytes("0000280000000000")]);
    expect(errors.map((e) => e.code)).toEqual(["KEYBOARD_BAD_LENGTH"]);
    expect(scans[0]?.text).toBe("a");
  });

  it("refuses to encode a character the layout cannot type", () => {
    const r = encodeKeyboardText("é", { layout: "us" });
    expect(!r.ok && r.error.code).toBe("KEYBOARD_UNTYPEABLE");
  });
});

describe("keyboard-wedge properties", () => {
  for (const layout of ["us", "de", "fr"] as const) {
    it(`decode(encode(text)) = text on the ${layout} layout`, () => {
      const chars = [...typeableCharacters(layout), "\x1d"];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 40 }), fc.constantFrom("ctrl" as const, "alt-keypad" as const), (arr, gs) => {
          const text = arr.join("");
          const enc = encodeKeyboardText(text, { layout, gs });
          expect(enc.ok).toBe(true);
          if (!enc.ok) return;
          const { scans, errors } = decodeKeyboardReports(enc.value, { layout });
          expect(errors).toEqual([]);
          expect(scans.map((s) => s.text)).toEqual([text]);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("never throws on random report streams", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 10 }), { maxLength: 30 }), fc.constantFrom("us" as const, "de" as const, "fr" as const), (reports, layout) => {
        const { scans } = decodeKeyboardReports(reports, { layout, times: reports.map((_, i) => i * 50) });
        for (const s of scans) expect(typeof s.text).toBe("string");
      }),
      { numRuns: 1000 },
    );
  });
});
