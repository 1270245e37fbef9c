import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../test/harness.js";

interface Vectors {
  valid: { scan: string; aim?: string; elements: Record<string, string>[] }[];
  invalid: { scan: string; code: string }[];
  notGs1: { scan: string }[];
}
const vectors = JSON.parse(readFileSync(new URL("../../../core/test/fixtures/gs1-vectors.json", import.meta.url), "utf8")) as Vectors;

describe("pickpack scan parse", () => {
  it.each(vectors.valid.map((v) => [v.scan, v] as const))("GS1 vector %s", async (scan, v) => {
    const r = await runCli(["scan", "parse", scan, "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { aim: { aim: string } | null; gs1: { elements: Record<string, string>[] } };
    expect(out.aim?.aim).toBe(v.aim);
    v.elements.forEach((e, i) => expect(out.gs1.elements[i]).toMatchObject(e));
  });

  // "(01" has no complete (AI) at the start, so a scan of it is plain text, not a broken GS1 string.
  it.each(vectors.invalid.filter((v) => v.code !== "GS1_BAD_BRACKETS").map((v) => [v.scan, v.code] as const))("refuses %s with %s", async (scan, code) => {
    const r = await runCli(["scan", "parse", scan]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error [${code}]: scan refused:`);
  });

  it.each(vectors.notGs1.map((v) => [v.scan] as const))("%s is not GS1", async (scan) => {
    const r = await runCli(["scan", "parse", scan, "--json"]);
    expect(JSON.parse(r.stdout).gs1).toBeNull();
  });

  it("accepts \\x1d and <GS> escapes and prints a table", async () => {
    const r = await runCli(["scan", "parse", "]C1\\x1d0104012345678901172512001012AB<GS>3103000525"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("symbology:   ]C1 GS1-128");
    expect(r.stdout).toContain("GS1:         (01)04012345678901(17)251200(10)12AB(3103)000525");
    expect(r.stdout).toMatch(/17 +USE BY OR EXPIRY +251200 +2025-12-31/);
    expect(r.stdout).toMatch(/3103 +NET WEIGHT \(kg\) +000525 +0\.525 kg/);
  });

  it("refuses terminal escapes with the position", async () => {
    const r = await runCli(["scan", "parse", "LOC-1\\x1b[2J"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error [SCAN_CONTROL_CHARACTER]: scan refused: the scan contains control character ESC (0x1b) at position 6; only GS (0x1d) is allowed\n");
  });

  it("classifies with site rules and a SKU list", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pickpack-scan-"));
    writeFileSync(join(dir, "rules.json"), JSON.stringify({ rules: [{ kind: "tote", prefix: "T-", stripPrefix: true }] }));
    writeFileSync(join(dir, "skus.json"), JSON.stringify([{ sku: "MUG-01", name: "Mug", barcodes: ["4006381333931"] }]));
    const tote = await runCli(["scan", "parse", "T-0042", "--rules", "rules.json"], { cwd: dir });
    expect(tote.stdout).toContain("meaning:     tote 0042 (site rule 1)");
    const sku = await runCli(["scan", "parse", "]E04006381333931", "--skus", "skus.json"], { cwd: dir });
    expect(sku.stdout).toContain("meaning:     SKU MUG-01 (Mug) via gtin GTIN 04006381333931");
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ rules: [{ kind: "shelf", prefix: "S" }] }));
    const bad = await runCli(["scan", "parse", "X", "--rules", "bad.json"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.json: rules[0].kind: must be one of");
  });
});
