import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { labelPrinter } from "./packing-setup.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("the pack station's file printer", () => {
  it("creates a missing folder of a file: target (the README's .pickpack/labels/… on a fresh clone)", async () => {
    dir = mkdtempSync(join(tmpdir(), "pickpack-printer-"));
    const path = join(dir, ".pickpack", "labels", "P1-SO-1-1.zpl");
    const r = await labelPrinter.print(`file:${path}`, { format: "zpl", bytes: new TextEncoder().encode("^XA^XZ") }, "Label SO-1-1");
    expect(r.target).toBe(`file:${path}`);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toBe("^XA^XZ");
  });
});
