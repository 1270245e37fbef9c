// `npx pickpack …` right after `npm ci` on a fresh clone: npm links workspace bins before the prepare
// step builds dist/, and links what package-lock.json records. So the bin must be a committed file
// (not build output), executable, and the lockfile must name the same one. (.ci/run runs
// `npx --no-install pickpack --version` on a clean clone after `npm ci`.)
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const json = (path: string) => JSON.parse(readFileSync(resolve(ROOT, path), "utf8")) as Record<string, unknown>;

describe("the pickpack bin", () => {
  const bin = (json("cli/package.json").bin as Record<string, string>).pickpack!;

  it("is a committed, executable launcher, not build output", () => {
    expect(bin.startsWith("dist/")).toBe(false);
    const tracked = spawnSync("git", ["ls-files", "--stage", `cli/${bin}`], { cwd: ROOT, encoding: "utf8" });
    if (tracked.status === 0 && tracked.stdout !== "") expect(tracked.stdout).toMatch(/^100755 /); // committed with the executable bit
    expect(statSync(resolve(ROOT, "cli", bin)).mode & 0o111).not.toBe(0);
    expect(readFileSync(resolve(ROOT, "cli", bin), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("is the one package-lock.json records (npm ci links that one)", () => {
    const lock = json("package-lock.json") as { packages: Record<string, { bin?: Record<string, string> }> };
    expect(lock.packages.cli?.bin).toEqual({ pickpack: bin });
  });

  it("runs the CLI", () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, "cli", bin), "--version"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("0.1.0");
  });
});
