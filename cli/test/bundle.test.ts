// The bundled CLI (scripts/bundle-cli.mjs, what `npx pickpack` runs after `npm run build`) behaves as
// the plain compiled one: same help, same answers on a real database, same errors and exit codes, and
// paths relative to a bundled module (the demo dataset) still resolve. Built into a private folder
// from the current dist/ (into a folder of its own), so the test never runs a stale bundle.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const DIST = resolve(ROOT, "cli/dist/main.js");
let dir: string;
let out: string;
let bundle: string;

const run = (main: string, args: string[]) => {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", PICKPACK_DATABASE: "" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pickpack-bundle-"));
  // Inside the checkout: the bundle's external packages resolve from node_modules, as in cli/dist/bundle.
  out = mkdtempSync(join(ROOT, "cli/dist/bundle-test-"));
  const built = spawnSync(process.execPath, [resolve(ROOT, "scripts/bundle-cli.mjs")], { encoding: "utf8", env: { ...process.env, PICKPACK_BUNDLE_DIR: out } });
  expect(built.status, built.stderr).toBe(0);
  bundle = join(out, "main.js");
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe("the bundled CLI", () => {
  it("prints the same help and version as the compiled one", () => {
    for (const args of [["--help"], ["--version"], ["orders", "--help"], ["import", "--help"]]) {
      const a = run(DIST, args);
      const b = run(bundle, args);
      expect(b.status, b.stderr).toBe(a.status);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  it("builds the demo database from the dataset beside the data package and answers queries alike", () => {
    const db = join(dir, "demo.db");
    const init = run(bundle, ["--db", db, "init", "--demo"]);
    expect(init.status, init.stderr).toBe(0);
    for (const args of [["orders", "list", "--limit", "3"], ["stock", "list"], ["orders", "list", "--status", "Processing", "--json"]]) {
      const a = run(DIST, ["--db", db, ...args]);
      const b = run(bundle, ["--db", db, ...args]);
      expect(b.status, b.stderr).toBe(0);
      expect(b.stdout).toBe(a.stdout);
    }
  }, 60_000);

  it("refuses bad input with the same message and exit code", () => {
    const a = run(DIST, ["--db", join(dir, "typo.db"), "orders", "list"]);
    const b = run(bundle, ["--db", join(dir, "typo.db"), "orders", "list"]);
    expect(a.status).toBe(2);
    expect(b.status).toBe(2);
    expect(b.stderr).toBe(a.stderr);
  });
});
