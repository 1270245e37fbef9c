import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../test/harness.js";

const EXAMPLE = fileURLToPath(new URL("../../../labels/examples/shipment.json", import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), "pickpack-cli-label-"));

describe("pickpack label --from", () => {
  it("renders one PDF page per carton", async () => {
    const dir = tmp();
    const r = await runCli(["label", "--from", EXAMPLE, "--format", "pdf", "--out", join(dir, "l.pdf")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 2 labels \(PDF, \d+ bytes\)/);
    const pdf = readFileSync(join(dir, "l.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)).toHaveLength(2);
  });

  it("renders ZPL at 300 dpi and prints it to a raw TCP port", async () => {
    const dir = tmp();
    let got = Buffer.alloc(0);
    const server = createServer((s) => s.on("data", (d) => (got = Buffer.concat([got, d]))));
    const port = await new Promise<number>((res) => server.listen(0, "127.0.0.1", () => res((server.address() as { port: number }).port)));
    try {
      const r = await runCli(["label", "--from", EXAMPLE, "--format", "zpl", "--dpi", "300", "--out", join(dir, "l.zpl"), "--print", `tcp://127.0.0.1:${port}`]);
      expect(r.code).toBe(0);
      const zpl = readFileSync(join(dir, "l.zpl"), "utf8");
      expect(zpl.match(/\^XA/g)).toHaveLength(2);
      expect(zpl).toContain("^PW1200");
      expect(r.stdout).toContain(`printed to tcp://127.0.0.1:${port}`);
      expect(got.toString("utf8")).toBe(zpl);
    } finally {
      server.close();
    }
  });

  it("lists every bad field with its path and exits 2", async () => {
    const dir = tmp();
    const bad = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    bad.cartons[0].sscc = "087123450000000425";
    bad.cartons[1].weightKg = -1;
    bad.shipTo.country = "Germany";
    delete bad.service;
    writeFileSync(join(dir, "bad.json"), JSON.stringify(bad));
    const r = await runCli(["label", "--from", join(dir, "bad.json"), "--out", join(dir, "x.pdf")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("SHIPMENT_FILE_INVALID");
    expect(r.stderr).toContain("cartons[0].sscc: wrong GS1 check digit");
    expect(r.stderr).toContain("cartons[1].weightKg");
    expect(r.stderr).toContain("shipTo.country: must be an ISO 3166-1 alpha-2 code");
    expect(r.stderr).toContain("service");
  });

  it("reports invalid JSON with its line, and bad options", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "broken.json"), '{\n  "carrier": {\n  oops\n}');
    const r = await runCli(["label", "--from", "broken.json", "--out", "x.pdf"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.json:3: /);
    const u = await runCli(["label", "--from", EXAMPLE, "--format", "png", "--dpi", "600"]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("--format: must be pdf or zpl");
    expect(u.stderr).toContain("--dpi: must be 203 or 300");
    expect(u.stderr).toContain("--out: required");
  });
});
