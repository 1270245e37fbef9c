// The lint rules that keep the architecture honest must really refuse what they forbid.
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { reportError } from "../src/program.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root });
const lint = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).map((m) => m.message);
};

describe("import boundaries", () => {
  it("keeps core pure: no node:*, no npm packages, no wall clock", async () => {
    expect((await lint("core/src/x.ts", 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n')).join()).toContain("core/ is pure");
    expect((await lint("core/src/x.ts", 'import { z } from "zod";\nexport const x = z;\n')).join()).toContain("core/ is pure");
    expect((await lint("core/src/x.ts", "export const t = () => Date.now();\n")).join()).toContain("never reads the wall clock");
    expect(await lint("core/src/x.ts", 'import { gs1CheckDigit } from "./gs1/check-digit.js";\nexport const x = gs1CheckDigit;\n')).toEqual([]);
  });

  it("keeps native libraries in their one adapter file", async () => {
    const code = 'import Database from "better-sqlite3";\nexport const d = Database;\n';
    expect((await lint("data/src/other.ts", code)).join()).toContain("better-sqlite3 may only be imported in data/src/db/drivers/sqlite.ts");
    expect(await lint("data/src/db/drivers/sqlite.ts", code)).toEqual([]);
    expect((await lint("labels/src/x.ts", 'import { PDFDocument } from "pdf-lib";\nexport const p = PDFDocument;\n')).join()).toContain("pdf-lib may only be imported");
  });

  it("enforces the direction core <- data, labels <- scanner-gateway, cli", async () => {
    expect((await lint("data/src/x.ts", 'import { x } from "@pickpack/labels";\nexport const y = x;\n')).join()).toContain("must not import @pickpack/labels");
    expect((await lint("cli/src/x.ts", 'import { x } from "@pickpack/scanner-gateway";\nexport const y = x;\n')).join()).toContain("must not import @pickpack/scanner-gateway");
    expect((await lint("scanner-gateway/src/x.ts", 'import { x } from "@pickpack/cli";\nexport const y = x;\n')).join()).toContain("must not import @pickpack/cli");
  });
});

describe("exit code of an internal bug", () => {
  it("is 70, with the stack only under --debug", () => {
    let err = "";
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, env: {}, clock: new ManualClock(0), cwd: "/" };
    expect(reportError(new TypeError("boom"), io, false)).toBe(70);
    expect(err).toContain("internal error: boom");
    expect(err).toContain("run again with --debug");
    err = "";
    expect(reportError(new TypeError("boom"), io, true)).toBe(70);
    expect(err).toContain("at ");
  });
});
