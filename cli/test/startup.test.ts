// Start-up: `--version` and `--help` load no command module (the manifest in cli/src/commands/index.ts
// lists them), a command loads only its own module, and `--help` from the manifest is exactly the help
// of the program with every module loaded (so the manifest cannot drift from the modules).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import type { CliIO } from "../src/context.js";
import { buildProgram, operands } from "../src/program.js";
import { commandModules, nameOf } from "../src/commands/index.js";
import { runCli } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "pickpack-startup-"));
const db = join(dir, "startup.db");
beforeAll(async () => {
  expect((await runCli(["--db", db, "init"])).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A loader hook that reports every module URL the CLI loads.
const hooks = join(dir, "hooks.mjs");
writeFileSync(hooks, "export async function load(url, context, next) { process.stderr.write(`LOADED ${url}\\n`); return next(url, context); }\n");
const register = join(dir, "register.mjs");
writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

/** The project-relative paths (or package names) of every module `pickpack ARGS` loads. */
function loaded(args: readonly string[]): string[] {
  const r = spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", "--import", register, "cli/src/main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.base.json", PICKPACK_DATABASE: db },
    encoding: "utf8",
  });
  const root = pathToFileURL(ROOT).href + "/";
  return [...r.stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]!.replace(root, "").replace(/\?.*$/, ""));
}
const commandModulesIn = (urls: readonly string[]) => urls.filter((u) => /^cli\/src\/commands\/(?!index\.ts$)/.test(u));
const packagesIn = (urls: readonly string[]) => new Set(urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter((p): p is string => p !== undefined));

function capture(): { io: CliIO; out: () => string } {
  let stdout = "";
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, env: {}, clock: new ManualClock(0), cwd: dir };
  return { io, out: () => stdout };
}

describe("CLI start-up", () => {
  it("--version and --help load no command module, no zod, no database layer", () => {
    for (const args of [["--version"], ["--help"], []]) {
      const urls = loaded(args);
      expect(urls.some((u) => u.startsWith("cli/src/program.ts")), `${args.join(" ")} ran`).toBe(true);
      expect(commandModulesIn(urls), args.join(" ")).toEqual([]);
      const packages = packagesIn(urls);
      for (const heavy of ["zod", "kysely", "better-sqlite3", "pg", "pdf-lib", "ink", "react"]) expect(packages.has(heavy), `${args.join(" ")} loads ${heavy}`).toBe(false);
    }
  });

  it("a command loads its own module only; a read on SQLite loads neither pg nor the import parsers", () => {
    const urls = loaded(["orders", "list", "--limit", "1"]);
    expect(packagesIn(urls).has("better-sqlite3"), "orders list ran on the database").toBe(true);
    expect(commandModulesIn(urls)).toEqual(["cli/src/commands/orders.ts"]);
    const packages = packagesIn(urls);
    for (const heavy of ["zod", "pg", "csv-parse", "pdf-lib", "ink"]) expect(packages.has(heavy), `orders list loads ${heavy}`).toBe(false);
    expect(commandModulesIn(loaded(["help", "route"]))).toEqual(["cli/src/commands/route.ts"]);
  });

  it("--help from the manifest equals --help with every module loaded", async () => {
    const listed = capture();
    const fromManifest = await buildProgram(listed.io, ["--help"]);
    fromManifest.program.outputHelp();
    const full = capture();
    const withModules = await buildProgram(full.io);
    withModules.program.outputHelp();
    expect(listed.out()).toBe(full.out());
    const names = withModules.program.commands.map((c) => c.name());
    expect(commandModules.flatMap((m) => m.commands.map(nameOf))).toEqual(names);
  });

  it("every command in the manifest runs through its module (its own --help)", async () => {
    for (const entry of commandModules.flatMap((m) => m.commands)) {
      if (nameOf(entry) === "gateway") continue; // passes --help on to the gateway binary
      const r = await runCli([nameOf(entry), "--help"]);
      expect(r.code, nameOf(entry)).toBe(0);
      expect(r.stdout).toContain(`Usage: pickpack ${nameOf(entry)}`);
      expect(r.stdout).toContain(entry.description.slice(0, 40));
    }
  });

  it("an unknown command still gets the closest suggestion", async () => {
    const r = await runCli(["ordrs", "list"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'ordrs'");
    expect(r.stderr).toContain("Did you mean orders?");
  });

  it("finds the command word after root options and their values", () => {
    expect(operands(["--db", "x.db", "--actor", "alice", "orders", "pay", "SO-1"])).toEqual(["orders", "pay", "SO-1"]);
    expect(operands(["--db=x.db", "--debug", "stock"])).toEqual(["stock"]);
    expect(operands(["--version"])).toEqual([]);
  });
});
