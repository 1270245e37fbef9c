/**
 * The shipped monitoring files hold: the alert rules pass `promtool check rules` and their unit tests
 * (`promtool test rules`), every dashboard query is valid PromQL, and every metric the rules and the
 * dashboard name is one a real gateway exports (scraped here).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DbSampler } from "../../scanner-gateway/src/metrics/db-sampler.js";
import { createPromMetrics } from "../../scanner-gateway/src/metrics/prom.js";
import { metricsRoute } from "../../scanner-gateway/src/metrics/route.js";
import { startTestGateway, systemClock, type TestGateway } from "../../scanner-gateway/test/helpers.js";
import { scrape, type Scrape } from "../../scanner-gateway/test/metrics-scrape.js";

const OPS = fileURLToPath(new URL("../", import.meta.url));
const RULES = join(OPS, "prometheus/alerts.yml");
const RULE_TESTS = join(OPS, "prometheus/alerts.test.yml");
const DASHBOARD = join(OPS, "grafana/pickpack-dashboard.json");
const PROMTOOL = process.env.PROMTOOL ?? "promtool";

function promtool(...args: string[]): string {
  try {
    return execFileSync(PROMTOOL, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(" ")} failed:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
  }
}

interface Dashboard {
  panels: { id: number; title: string; targets: { expr: string }[] }[];
}
const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as Dashboard;
const dashboardExprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));

/** Metric family names in PromQL text (histogram series reduced to their family). */
function metricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\b((?:pickpack|process|nodejs)_[a-zA-Z0-9_:]+)\b/g)) names.add(m[1]!.replace(/_(bucket|count|sum)$/, ""));
  return names;
}

describe("Prometheus alert rules", () => {
  it("pass promtool check rules", () => {
    expect(promtool("check", "rules", RULES)).toContain("SUCCESS");
  });

  it("pass their promtool unit tests", () => {
    expect(promtool("test", "rules", RULE_TESTS)).toContain("SUCCESS");
  });

  it("cover every alert of pickpack alerts", () => {
    const alerts = [...readFileSync(RULES, "utf8").matchAll(/- alert: (\S+)/g)].map((m) => m[1]);
    expect(alerts).toEqual(expect.arrayContaining(["PickpackGatewayDown", "PickpackHighCancellationRate", "PickpackLowInventory", "PickpackCutoffRisk", "PickpackOutboxBackingUp", "PickpackDeliveriesFailing", "PickpackPackStationSilent", "PickpackReservationExpiryBurst"]));
    const tested = new Set([...readFileSync(RULE_TESTS, "utf8").matchAll(/alertname: (\S+)/g)].map((m) => m[1]));
    for (const a of alerts) expect(tested, `${a} has a promtool test`).toContain(a);
  });
});

describe("Grafana dashboard", () => {
  it("is a dashboard with unique panel ids and a query in every panel", () => {
    expect(dashboard.panels.length).toBeGreaterThan(10);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of dashboard.panels) expect(p.targets.length, p.title).toBeGreaterThan(0);
  });

  it("has only valid PromQL (checked by promtool as recording rules)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pickpack-dash-"));
    try {
      const file = join(dir, "dashboard-rules.yml");
      const rules = dashboardExprs.map((expr, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(expr)}`).join("\n");
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      expect(promtool("check", "rules", file)).toContain(`SUCCESS: ${dashboardExprs.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("metric names used by the rules and the dashboard", () => {
  let t: TestGateway | undefined;
  let m: Scrape;
  beforeAll(async () => {
    const metrics = createPromMetrics();
    const holder: { sampler?: DbSampler } = {};
    t = await startTestGateway({ metrics, routes: [metricsRoute({ metrics, sampler: { refresh: () => holder.sampler!.refresh() } as DbSampler })] });
    holder.sampler = new DbSampler({ store: t.store, clock: systemClock, metrics });
    m = await scrape(t.url);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("are all exported by a real gateway", () => {
    const used = new Set([...metricNames(readFileSync(RULES, "utf8")), ...dashboardExprs.flatMap((e) => [...metricNames(e)])]);
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((n) => !m.families.has(n));
    expect(missing).toEqual([]);
  });

  it("the rules and dashboard use every pickpack metric the gateway exports", () => {
    const used = new Set([...metricNames(readFileSync(RULES, "utf8")), ...dashboardExprs.flatMap((e) => [...metricNames(e)])]);
    const unused = [...m.families].filter((n) => n.startsWith("pickpack_") && !used.has(n));
    expect(unused).toEqual([]);
  });
});
