import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../test/harness.js";
import { detectFormat } from "./print.js";

const tmp = () => mkdtempSync(join(tmpdir(), "pickpack-cli-print-"));

describe("pickpack print", () => {
  it("detects PDF, ZPL and raw", () => {
    expect(detectFormat("a.bin", new TextEncoder().encode("%PDF-1.7"))).toBe("pdf");
    expect(detectFormat("a.txt", new TextEncoder().encode("^XA^XZ"))).toBe("zpl");
    expect(detectFormat("a.zpl", new TextEncoder().encode("x"))).toBe("zpl");
    expect(detectFormat("a.bin", new TextEncoder().encode("x"))).toBe("raw");
  });

  it("copies a file to a file: printer", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "l.zpl"), "^XA^FDhi^FS^XZ\n");
    const r = await runCli(["print", "l.zpl", "--printer", `file:${join(dir, "out.zpl")}`], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("printed l.zpl (zpl, 15 bytes)");
    expect(readFileSync(join(dir, "out.zpl"), "utf8")).toBe("^XA^FDhi^FS^XZ\n");
  });

  it("connection refused: exit 1, says the job is kept in the source file", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "l.zpl"), "^XA^XZ\n");
    const probe = createServer();
    const port = await new Promise<number>((res) => probe.listen(0, "127.0.0.1", () => res((probe.address() as { port: number }).port)));
    await new Promise<void>((res) => probe.close(() => res()));
    const r = await runCli(["print", "l.zpl", "--printer", `tcp://127.0.0.1:${port}`], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("PRINTER_CONNECTION_REFUSED");
    expect(r.stderr).toContain(`kept at ${join(dir, "l.zpl")}`);
  });

  it("bad printer names and missing files are usage errors (exit 2)", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "l.zpl"), "^XA^XZ\n");
    expect((await runCli(["print", "l.zpl", "--printer", "no good"], { cwd: dir })).code).toBe(2);
    const r = await runCli(["print", "missing.zpl", "--printer", "zebra"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot read missing.zpl: ENOENT");
  });
});
