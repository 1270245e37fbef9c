/** `pickpack report …` and `pickpack alerts` as a supervisor runs them, on the reports fixture (SQLite). */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { OutboxRelay, addWebhook, openStore } from "@pickpack/data";
import type { CliIO } from "../src/context.js";
import { run } from "../src/program.js";
import { runCli } from "./harness.js";
import { loadReportsFixture, reportsSeed } from "../../data/test/reports-fixture.js";
import { order, ordersBatch } from "../../data/test/fixtures.js";

const NOW = "2026-11-24T12:00:00Z";
let dir: string;
let db: string;
let empty: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pickpack-report-"));
  db = join(dir, "fixture.db");
  const store = await openStore({ target: db, create: true });
  await loadReportsFixture(store);
  await store.close();
  empty = join(dir, "empty.db");
  const e = await openStore({ target: empty, create: true });
  await e.importData(reportsSeed(), { now: 0, actor: "test" });
  await e.close();
});

const cli = (args: string[], o: { now?: string; env?: Record<string, string> } = {}) => runCli(["--db", db, ...args], { clock: new ManualClock(o.now ?? NOW), cwd: dir, ...(o.env ? { env: o.env } : {}) });

/** Like runCli, on a terminal of `columns` columns. */
async function onTty(args: string[], columns: number, env: Record<string, string> = {}) {
  let stdout = "";
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s), isTTY: true, columns }, stderr: { write: () => true }, env, clock: new ManualClock(NOW), cwd: dir };
  const code = await run(["--db", db, ...args], io);
  return { code, stdout };
}

describe("pickpack report", () => {
  it("kpi --json: the KPI table of New York's 23 November, stable keys", async () => {
    const r = await cli(["report", "kpi", "--day", "2026-11-23", "--warehouse", "NY", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.report).toBe("kpi");
    expect(j.period).toMatchObject({ from: "2026-11-23T05:00:00.000Z", timeZone: "America/New_York", warehouse: "NY" });
    expect(j.kpis.map((k: { metric: string; status: string }) => `${k.metric}:${k.status}`)).toEqual(["orderCreationMs:missed", "fulfilmentHours:ok", "orderAccuracy:missed", "cancellationRate:missed", "returnRate:ok"]);
    expect(Object.keys(j.kpis[0])).toEqual(["metric", "title", "comparison", "unit", "target", "current", "status"]);
  });

  it("human tables off a terminal: ✓/✗ without colour codes, no chart", async () => {
    const r = await cli(["report", "kpi", "--day", "2026-11-23", "--warehouse", "NY"]);
    expect(r.stdout).toContain("order creation (p90)   < 500 ms  600 ms   ✗");
    expect(r.stdout).toContain("return rate            < 10.0 %  0.0 %    ✓");
    expect(r.stdout).not.toContain("\u001b[");
    const t = await cli(["report", "throughput", "--day", "2026-11-23", "--warehouse", "NY"]);
    expect(t.stdout).not.toContain("Units picked per hour");
    expect(t.stdout).toMatch(/u-ana\s+5\s+3\s+5\s+4\s+75/);
  });

  it("on a terminal: an hourly chart that fits the width; colour unless NO_COLOR", async () => {
    const colour = await onTty(["report", "throughput", "--day", "2026-11-23", "--warehouse", "NY"], 60);
    expect(colour.stdout).toContain("Units picked per hour");
    expect(colour.stdout).toContain("█");
    expect(colour.stdout).toContain("\u001b[");
    const mono = await onTty(["report", "throughput", "--day", "2026-11-23", "--warehouse", "NY"], 60, { NO_COLOR: "1" });
    expect(mono.stdout).not.toContain("\u001b[");
    const chart = mono.stdout.split("\n").filter((l) => /^\d\d:\d\d \d+( #+)?$/.test(l));
    expect(chart).toHaveLength(24);
    expect(chart.find((l) => l.startsWith("08:00"))).toMatch(/^08:00 5 #{40,}$/);
    for (const l of chart) expect(l.length).toBeLessThanOrEqual(60);
  });

  it("--csv prints the main table", async () => {
    const r = await cli(["report", "kpi", "--day", "2026-11-23", "--warehouse", "TK", "--csv"]);
    expect(r.stdout.trim().split("\n")).toEqual(["metric,target,current,status", "order creation (p90),< 500 ms,100 ms,✓", "fulfilment time (p90),< 24 h,14.9 h,✓", "order accuracy,> 99.0 %,0.0 %,✗", "cancellation rate,< 5.0 %,0.0 %,✓", "return rate,< 10.0 %,100.0 %,✗"]);
  });

  it("--pdf writes a PDF a supervisor can mail", async () => {
    const r = await cli(["report", "throughput", "--day", "2026-11-23", "--warehouse", "NY", "--pdf", "throughput.pdf"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote the throughput report \(2026-11-23.*PDF, \d+ bytes\) to throughput\.pdf/);
    expect(readFileSync(join(dir, "throughput.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
    const kpi = await cli(["report", "kpi", "--day", "2026-11-23", "--warehouse", "NY", "--pdf", "kpi.pdf"]);
    expect(kpi.code).toBe(0);
    expect(readFileSync(join(dir, "kpi.pdf")).byteLength).toBeGreaterThan(1000);
  });

  it("bad periods and unknown warehouses are input errors (exit 2)", async () => {
    for (const args of [["--day", "2026-13-01"], ["--from", "2026-11-24", "--to", "2026-11-23"], ["--day", "2026-11-23", "--week"], ["--warehouse", "XX"]]) {
      const r = await cli(["report", "kpi", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/REPORT_PERIOD_INVALID|WAREHOUSE_NOT_FOUND/);
    }
  });

  it("KPI targets from the config file; a bad config is listed (exit 2)", async () => {
    writeFileSync(join(dir, "targets.json"), JSON.stringify({ kpi: { orderCreationMs: 1000, cancellationRate: 0.5, orderAccuracy: 0.4 } }));
    const r = await cli(["report", "kpi", "--day", "2026-11-23", "--warehouse", "NY", "--json", "--config", "targets.json"]);
    expect(JSON.parse(r.stdout).kpis.map((k: { status: string }) => k.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ kpi: { returnRate: 3 }, alerts: { nope: 1 } }));
    const bad = await cli(["report", "kpi", "--config", "bad.json"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("REPORT_CONFIG_INVALID");
    expect(bad.stderr).toContain("kpi.returnRate");
  });

  it("report reorder-points imports reorder points that report stock then checks", async () => {
    const copy = join(dir, "copy.db");
    copyFileSync(db, copy);
    writeFileSync(join(dir, "rp.csv"), "warehouse,sku,reorderPoint,target\nTK,A,4,12\n");
    const r = await runCli(["--db", copy, "report", "reorder-points", "rp.csv"], { clock: new ManualClock(NOW), cwd: dir });
    expect(r.stdout).toBe("imported 1 reorder point from rp.csv\n");
    // TK holds 3 of A for T2 with 2 on hand: 12 − (2 − 3) = 13 to order to get back to 12 available.
    const s = JSON.parse((await runCli(["--db", copy, "report", "stock", "--json"], { clock: new ManualClock("2026-11-24T05:00:00Z") })).stdout);
    expect(s.belowReorderPoint.map((i: { sku: string; warehouse: string; suggestedOrder: number }) => `${i.sku}@${i.warehouse}+${i.suggestedOrder}`)).toEqual(["B@NY+9", "A@TK+13"]);
  });

  it("every report runs on an empty history", async () => {
    for (const kind of ["status", "throughput", "accuracy", "fulfilment", "kpi", "stock", "returns"]) {
      const r = await runCli(["--db", empty, "report", kind, "--json"], { clock: new ManualClock(NOW) });
      expect(r.code, `${kind}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).report).toBe(kind);
    }
  });
});

describe("pickpack alerts", () => {
  it("exit 1 when a rule fires, with every alert listed", async () => {
    const r = await cli(["alerts"], { now: "2026-11-24T05:00:00Z" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("3 alerts firing");
    expect(r.stdout).toContain("[low-stock] 1 SKU at or below the reorder point: B@NY 1/2");
    expect(r.stdout).toContain("[cutoff-risk] TK: 3 units left, nobody picking, 180 min to cut-off");
    const j = await cli(["alerts", "--json"], { now: "2026-11-24T05:00:00Z" });
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ evaluatedAt: "2026-11-24T05:00:00.000Z", quiet: false, alerts: [{ rule: "low-stock" }, { rule: "cutoff-risk" }, { rule: "outbox-backlog" }] });
  });

  it("exit 0 when all is quiet; thresholds from the config", async () => {
    const q = await runCli(["--db", empty, "alerts"], { clock: new ManualClock(NOW) });
    expect(q).toMatchObject({ code: 0, stdout: "all quiet: no alert rule fires\n" });
    writeFileSync(join(dir, "lenient.json"), JSON.stringify({ alerts: { lowStockSkus: 5, outboxMaxAgeMinutes: 120, shiftStartHour: 0, shiftEndHour: 1 } }));
    const r = await cli(["alerts", "--json", "--config", "lenient.json"], { now: "2026-11-24T05:00:00Z" });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ quiet: true, alerts: [] });
  });

  it("delivery-failing fires for an endpoint the relay cannot reach, naming it, with what waits", async () => {
    const failing = join(dir, "failing.db");
    copyFileSync(empty, failing);
    const store = await openStore({ target: failing });
    const at = Date.parse("2026-11-24T05:00:00Z");
    try {
      // an endpoint on a port nobody listens on, and one event for it
      const hook = await addWebhook(store, { url: "http://127.0.0.1:9/hooks", events: ["*"], allowPrivate: true }, { now: at, actor: "test" });
      await store.importData(ordersBatch(order("AL-1", [["A", 1]])), { now: at, actor: "test" });
      await new OutboxRelay(store, { clock: { now: () => at }, timeoutMs: 2000 }).tick();
      const r = await runCli(["--db", failing, "alerts", "--json"], { clock: new ManualClock(at + 60_000) });
      const out = JSON.parse(r.stdout) as { alerts: { rule: string; message: string }[] };
      const alert = out.alerts.find((a) => a.rule === "delivery-failing");
      expect(alert?.message, r.stdout).toContain(`webhook:${hook.id}`);
      expect(r.code).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("a missing config file named on the command line is an input error", async () => {
    const r = await cli(["alerts", "--config", "nope.json"]);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, "nope.json"))).toBe(false);
  });
});

describe("npm start (pickpack demo)", () => {
  it("ends with the KPI table of the demo's last 7 days", async () => {
    const r = await runCli(["demo", "--db-path", join(dir, "demo.db")], { clock: new ManualClock("2026-11-22T08:00:00Z"), cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const tail = r.stdout.slice(r.stdout.indexOf("KPIs of the demo's last 7 days"));
    expect(tail).toMatch(/^KPIs of the demo's last 7 days \(\d+ orders created, \d+ shipped, \d+ cancelled\):\nMETRIC +TARGET +CURRENT +STATUS\n/);
    for (const metric of ["order creation (p90)", "fulfilment time (p90)", "order accuracy", "cancellation rate", "return rate"]) expect(tail).toContain(metric);
    expect(tail.trimEnd().split("\n").at(-1)).toContain("report kpi|status|throughput|fulfilment --week");
  });
});
