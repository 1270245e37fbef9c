import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../test/harness.js";

const fixture = <T>(name: string) => JSON.parse(readFileSync(new URL(`../../../core/test/fixtures/${name}`, import.meta.url), "utf8")) as T;

describe("pickpack devices decode", () => {
  it("decodes the issue's example: 030402006e03 is a stable 878 g", async () => {
    const r = await runCli(["devices", "decode", "--kind", "scale", "030402006e03"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("030402006e03  stable  878 g\n");
  });

  const scale = fixture<{ reports: { hex: string; expect?: { status: string; grams?: number }; error?: string }[] }>("scale-reports.json").reports;
  it.each(scale.map((f) => [f.hex, f] as const))("scale fixture %s", async (hex, f) => {
    const r = await runCli(["devices", "decode", "--kind", "scale", hex, "--json"]);
    const [out] = JSON.parse(r.stdout) as { status?: string; grams?: number; error?: { code: string } }[];
    if (f.error) {
      expect(r.code).toBe(2);
      expect(out?.error?.code).toBe(f.error);
    } else {
      expect(r.code).toBe(0);
      expect(out?.status).toBe(f.expect?.status);
      if (f.expect?.grams !== undefined) expect(out?.grams).toBeCloseTo(f.expect.grams, 6);
    }
  });

  const keyboard = fixture<{ cases: { name: string; layout: string; terminators?: string[]; reports: string[]; expect: { text: string; endedBy: string }[] }[] }>("keyboard-reports.json").cases;
  it.each(keyboard.map((c) => [c.name, c] as const))("keyboard fixture: %s", async (_n, c) => {
    const r = await runCli(["devices", "decode", "--kind", "keyboard", "--layout", c.layout, "--terminator", c.terminators?.[0] ?? "enter", "--json", ...c.reports]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { scans: { text: string; aim?: string; endedBy: string }[] };
    expect(out.scans.map((s) => ({ text: (s.aim ?? "") + s.text, endedBy: s.endedBy }))).toEqual(c.expect);
  });

  const hidpos = fixture<{ cases: { name: string; reports: string[]; expect: { aim: string; text: string }[] }[] }>("hidpos-reports.json").cases;
  it.each(hidpos.map((c) => [c.name, c] as const))("HID POS fixture: %s", async (_n, c) => {
    const r = await runCli(["devices", "decode", "--kind", "hidpos", "--json", ...c.reports]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { scans: { aim: string; text: string }[] };
    expect(out.scans.map((s) => ({ aim: s.aim, text: s.text }))).toEqual(c.expect.map((e) => ({ aim: e.aim, text: e.text })));
  });

  it("prints GS visibly for keyboard scans and names bad hex", async () => {
    const r = await runCli(["devices", "decode", "--kind", "keyboard", "00001e0000000000", "0100300000000000", "0000000000000000", "00001f0000000000", "0000280000000000"]);
    expect(r.stdout).toBe("scan  1<GS>2  (ended by enter)\n");
    const bad = await runCli(["devices", "decode", "--kind", "scale", "03zz"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("report 1: not a hex string");
  });

  it("requires --kind", async () => {
    const r = await runCli(["devices", "decode", "030402006e03"]);
    expect(r.code).toBe(2);
  });
});

describe("pickpack devices (delegates to the gateway binary)", () => {
  it("watch --sim streams simulated scans through the gateway", async () => {
    const r = await runCli(["devices", "watch", "--sim", "--count", "1", "--json"]);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string; device: { kind: string } });
    expect(events.find((e) => e.type === "scan")?.device.kind).toBe("sim");
  }, 20_000);

  it("passes the gateway's failure through", async () => {
    const r = await runCli(["devices", "watch", "--layout", "xx"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("xx");
  }, 20_000);
});
