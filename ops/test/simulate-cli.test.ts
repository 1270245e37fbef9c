/** `pickpack simulate` as a supervisor runs it: into its own database, figures printed, bad input exit 2, a repeat refused. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { runCli } from "../../cli/test/harness.js";

const dir = mkdtempSync(join(tmpdir(), "pickpack-simulate-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = new ManualClock("2026-11-10T12:00:00Z");
const sim = (...args: string[]) => runCli(["simulate", ...args], { clock, cwd: dir, env: { USER: "tester" } });
const SMALL = ["--days", "1", "--orders-per-hour", "1", "--pickers", "2", "--packers", "1", "--warehouse", "WH1", "WH2", "WH3", "--seed", "4"];

describe("pickpack simulate", () => {
  it("builds .pickpack/simulation.db with the demo site, prints the figures, JSON the same; a repeat is refused", { timeout: 240_000 }, async () => {
    const human = await sim(...SMALL);
    expect(human.stderr).toContain("simulated day 1 of 1");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Simulated 1 day from 2026-11-10, cluster picking, 2 pickers and 1 packers per warehouse/);
    for (const figure of ["travel distance", "metres per pick", "picks per picker hour", "orders shipped per shift hour"]) expect(human.stdout).toContain(figure);
    expect(human.stdout).toContain(join(dir, ".pickpack/simulation.db"));
    // the same seed and day again on that database: refused (exit 1), nothing added
    const again = await sim(...SMALL);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("SIMULATION_EXISTS");
    // --fresh: the same run again, as JSON, figures equal to the first run's table
    const json = await sim(...SMALL, "--fresh", "--json");
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout) as { ordersCreated: number; travelMetres: number; picking: string; database: string };
    expect(r.ordersCreated).toBe(24);
    expect(r.picking).toBe("cluster");
    expect(human.stdout).toContain(`${(r.travelMetres / 1000).toFixed(2)} km`);
    // the database is a pickpack database the other commands read
    const listed = await runCli(["--db", join(dir, ".pickpack/simulation.db"), "orders", "list", "--json"], { clock, cwd: dir });
    expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(24);
  });

  it("refuses bad input with exit 2 and says where", async () => {
    const zero = await sim("--days", "0");
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("--days");
    const mode = await sim("--days", "1", "--picking", "zigzag");
    expect(mode.code).toBe(2);
    const date = await sim("--days", "1", "--start", "10.11.2026");
    expect(date.code).toBe(2);
    expect(date.stderr).toContain("DATE_INVALID");
    const db = await runCli(["--db", join(dir, "real.db"), "simulate", "--days", "1"], { clock, cwd: dir });
    expect(db.code).toBe(2);
    expect(db.stderr).toContain("--db-path");
    const site = await sim("--days", "1", "--site", join(dir, "nope.db"));
    expect(site.code).toBe(2);
    expect(site.stderr).toContain("FILE_UNREADABLE");
    const rate = await sim("--days", "1", "--orders-per-hour", "-3");
    expect(rate.code).toBe(2);
  });
});
