import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/harness.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pickpack-route-"));
  const layout = { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 2, crossAisles: 2, depot: { x: 0, y: 0 } };
  await writeFile(join(dir, "wh1.json"), JSON.stringify(layout));
  await writeFile(join(dir, "picks.json"), JSON.stringify([{ aisle: 0, y: 2 }, { aisle: 1, y: 8 }, { aisle: 2, y: 2 }, { aisle: 3, y: 8 }]));
  await writeFile(join(dir, "bad-picks.json"), JSON.stringify([{ aisle: 0, y: 2 }, { aisle: 9, y: 2 }]));
  await writeFile(join(dir, "bad-layout.json"), JSON.stringify({ ...layout, depot: { x: 0, y: 3 } }));
});

describe("pickpack route", () => {
  it("prints the ordered stops and the total length", async () => {
    const r = await runCli(["route", "--layout", "wh1.json", "--picks", "picks.json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("method exact (optimal), 4 stops");
    expect(r.stdout).toMatch(/^#\s+aisle\s+y \(m\)\s+leg \(m\)\s+walked \(m\)$/m);
    expect(r.stdout).toMatch(/^\s+depot\s+0\s+\d+\s+40$/m);
    expect(r.stdout).toContain("Total length: 40 m");
  });

  it("--json prints method, length and the stops in visiting order", async () => {
    const r = await runCli(["route", "--layout", "wh1.json", "--picks", "picks.json", "--method", "sshape", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      method: "sshape",
      length: 52,
      stops: [
        { aisle: 0, y: 2 },
        { aisle: 1, y: 8 },
        { aisle: 2, y: 2 },
        { aisle: 3, y: 8 },
      ],
      optimal: false,
    });
  });

  it("names the file and field of bad input, exit 2", async () => {
    const picks = await runCli(["route", "--layout", "wh1.json", "--picks", "bad-picks.json"], { cwd: dir });
    expect(picks.code).toBe(2);
    expect(picks.stderr).toContain("bad-picks.json: [1].aisle: must be an aisle index from 0 to 3");
    const layout = await runCli(["route", "--layout", "bad-layout.json", "--picks", "picks.json"], { cwd: dir });
    expect(layout.code).toBe(2);
    expect(layout.stderr).toContain("bad-layout.json: depot.y: must be 0");
    const missing = await runCli(["route", "--layout", "missing.json", "--picks", "picks.json"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing.json: file not found");
    const noPicks = await runCli(["route", "--layout", "wh1.json"], { cwd: dir });
    expect(noPicks.code).toBe(2);
    expect(noPicks.stderr).toContain("--picks FILE");
  });

  it("rejects an unknown method with the list of methods", async () => {
    const r = await runCli(["route", "--layout", "wh1.json", "--picks", "picks.json", "--method", "fastest"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("largest-gap");
  });
});
