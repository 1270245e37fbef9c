// The error-code catalogue against the code base: every code thrown is declared, the README lists exactly the
// catalogue, and the CLI's exit code follows the code's kind.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { DomainError, InputError, PickpackError, isErrorCode } from "@pickpack/core";
import { errorCodeTable } from "../../scripts/docs-errors.js";
import { reportError } from "../src/program.js";
import type { CliIO } from "../src/context.js";
import { runCli } from "./harness.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGES = ["core", "client", "data", "labels", "scanner-gateway", "cli"];

function sourceFiles(): string[] {
  return PACKAGES.flatMap((p) =>
    readdirSync(join(root, p, "src"), { recursive: true, encoding: "utf8" })
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => join(root, p, "src", f)),
  );
}

/** A string that looks like an error code: UPPER_SNAKE with at least one underscore, or an old dotted spelling. */
const CODE_LIKE = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z0-9-]+(?:\.[a-z0-9_-]+)+)$/;
const ANY = /^[^"'`$]+$/;
const PATTERNS: readonly { re: RegExp; accept: RegExp }[] = [
  { re: /\bnew\s+(?:DomainError|InputError|PickpackError)\(\s*["'`]([^"'`]+)["'`]/g, accept: ANY },
  { re: /\bnew\s+\w+Error\(\s*["'`]([^"'`]+)["'`]/g, accept: CODE_LIKE },
  { re: /\b(?:fail|refuse)\(\s*["'`]([^"'`]+)["'`]/g, accept: CODE_LIKE },
  { re: /\bcode:\s*["'`]([^"'`]+)["'`]/g, accept: CODE_LIKE },
];


describe("error codes in the code base", () => {
  it("finds every code passed to an error constructor, fail() or an error object in the catalogue", () => {
    const undeclared: string[] = [];
    let found = 0;
    for (const file of sourceFiles()) {
      const text = readFileSync(file, "utf8");
      for (const { re, accept } of PATTERNS) {
        for (const m of text.matchAll(re)) {
          const code = m[1] ?? "";
          if (!accept.test(code) || /^E[A-Z_]+$/.test(code)) continue; // Node's errno codes are not ours
          found++;
          if (!isErrorCode(code)) undeclared.push(`${relative(root, file)}:${text.slice(0, m.index).split("\n").length}: ${code}`);
        }
      }
    }
    expect(found).toBeGreaterThan(100);
    expect(undeclared).toEqual([]);
  });

  it("lists exactly the catalogue in the README's Error codes section", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = /<!-- error-codes:begin -->\n([\s\S]*?)\n<!-- error-codes:end -->/.exec(readme)?.[1];
    const expected = errorCodeTable();
    expect(section, `README.md needs (npm run docs:errors writes it), between <!-- error-codes:begin --> and <!-- error-codes:end -->:\n${expected}`).toBe(expected);
  });
});

describe("the CLI's exit code follows the code's kind", () => {
  const io = (): CliIO & { err: () => string } => {
    let err = "";
    return { stdout: { write: () => true, isTTY: false }, stderr: { write: (s: string) => ((err += s), true), isTTY: false }, env: {}, cwd: root, err: () => err } as unknown as CliIO & { err: () => string };
  };
  it.each([
    [new DomainError("PICK_WRONG_ITEM", "not that one"), 1, "refused [PICK_WRONG_ITEM]: not that one"],
    [new InputError("ORDER_NOT_FOUND", "no order X"), 2, "error [ORDER_NOT_FOUND]: no order X"],
    [new PickpackError("PACK_NO_TTY", "needs a terminal"), 2, "error [PACK_NO_TTY]: needs a terminal"],
    [new PickpackError("GATEWAY_NOT_BUILT", "not built"), 70, "error [GATEWAY_NOT_BUILT]: not built"],
    [new PickpackError("PACK_PAIR_FAILED", "pairing failed"), 1, "refused [PACK_PAIR_FAILED]: pairing failed"],
    [new Error("boom"), 70, "internal error: boom"],
  ] as const)("%s exits %i", (error, exit, line) => {
    const o = io();
    expect(reportError(error, o, false)).toBe(exit);
    expect(o.err()).toContain(line);
  });

  describe("an unknown order is an input error everywhere (exit 2)", () => {
    const db = join(mkdtempSync(join(tmpdir(), "pickpack-codes-")), "codes.db");
    beforeAll(async () => {
      expect((await runCli(["--db", db, "init"])).code).toBe(0);
    });
    it.each([
      [["orders", "cancel", "SO-404", "--reason", "x"]],
      [["orders", "pay", "SO-404", "--result", "success"]],
      [["orders", "show", "SO-404"]],
      [["audit", "SO-404"]],
    ])("%j", async (args) => {
      const r = await runCli(["--db", db, ...args]);
      expect(r.stderr).toContain("error [ORDER_NOT_FOUND]");
      expect(r.code).toBe(2);
    });
  });
});
