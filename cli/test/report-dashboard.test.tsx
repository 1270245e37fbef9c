/** The dashboard screen at 80×24 and larger, from a real snapshot of the reports fixture; polling and q. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, render } from "ink-testing-library";
import { DEFAULT_ALERT_THRESHOLDS, DEFAULT_IDLE_GAP_MS } from "@pickpack/core";
import { openStore } from "@pickpack/data";
import { DashboardApp } from "../src/tui/dashboard/app.js";
import { loadSnapshot } from "../src/tui/dashboard/load.js";
import type { DashboardSnapshot } from "../src/tui/dashboard/snapshot.js";
import { DashboardView } from "../src/tui/dashboard/view.js";
import { COLOR_THEME, MONO_THEME } from "../src/tui/theme.js";
import { loadReportsFixture } from "../../data/test/reports-fixture.js";

// eslint-disable-next-line no-control-regex
const strip = (s: string | undefined) => (s ?? "").replace(/\x1b\[[0-9;]*m/g, "");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let snapshot: DashboardSnapshot;
beforeAll(async () => {
  const store = await openStore({ target: join(mkdtempSync(join(tmpdir(), "pickpack-dash-")), "d.db"), create: true });
  await loadReportsFixture(store);
  // 14:00 UTC on the 23rd, New York: 09:00 local, Ana picked at 08:20-08:57 local.
  snapshot = await loadSnapshot(store, Date.parse("2026-11-23T14:00:00Z"), { warehouse: "NY", alerts: DEFAULT_ALERT_THRESHOLDS, idleGapMs: DEFAULT_IDLE_GAP_MS });
  await store.close();
});
afterEach(() => cleanup());

describe("dashboard", () => {
  it("the snapshot: today's hours so far, open orders by state, Ana's rate, the alerts", () => {
    expect(snapshot.clock).toBe("2026-11-23 09:00 America/New_York");
    expect(snapshot.hours.map((h) => h.hour)).toEqual(["00:00", "01:00", "02:00", "03:00", "04:00", "05:00", "06:00", "07:00", "08:00", "09:00"]);
    expect(snapshot.hours.find((h) => h.hour === "08:00")).toEqual({ hour: "08:00", packed: 0, picked: 2 });
    expect(snapshot.pickers).toEqual([{ person: "u-ana", units: 5, unitsPerHour: 75 }]);
    expect(snapshot.statuses).toEqual([{ status: "Shipped", count: 2 }]);
    expect(snapshot.alerts.map((a) => a.rule)).toEqual(["low-stock", "device-silent"]);
  });

  it("fits 80×24: 24 lines, none wider than 80", () => {
    const ui = render(<DashboardView snapshot={snapshot} theme={MONO_THEME} columns={80} rows={24} refreshSeconds={5} />);
    const lines = strip(ui.lastFrame()).split("\n");
    expect(lines).toHaveLength(24);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    const frame = lines.join("\n");
    expect(frame).toContain("PICKPACK DASHBOARD · warehouse NY · 2026-11-23 09:00 America/New_York");
    expect(frame).toMatch(/Shipped\s+2 #+/);
    expect(frame).toMatch(/u-ana\s+5 u\s+75\/h #+/);
    expect(frame).toContain("Alerts: 2 firing");
    expect(frame).toContain("[low-stock]");
    expect(frame).toContain("refreshes every 5s · q quits");
  });

  it("grows with the terminal: 120×40 shows more rows, still within the screen", () => {
    const ui = render(<DashboardView snapshot={snapshot} theme={COLOR_THEME} columns={120} rows={40} refreshSeconds={5} />);
    const lines = strip(ui.lastFrame()).split("\n");
    expect(lines).toHaveLength(40);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(120);
    expect(lines.join("\n")).toContain("00:00"); // all ten hours of the day fit now
  });

  it("polls, keeps the last snapshot when a poll fails, and q quits", async () => {
    let calls = 0;
    let quit = false;
    const load = async () => {
      calls++;
      if (calls === 2) throw new Error("database is locked");
      return { ...snapshot, today: { picked: calls, packed: 0 } };
    };
    const ui = render(<DashboardApp load={load} refreshMs={40} theme={MONO_THEME} columns={80} rows={24} onQuit={() => (quit = true)} />);
    const until = async (text: string) => {
      for (let i = 0; i < 200 && !strip(ui.lastFrame()).includes(text); i++) await sleep(10);
      return strip(ui.lastFrame());
    };
    expect(await until("today 1 units picked")).toContain("today 1 units picked");
    const failed = await until("poll failed: database is locked");
    expect(failed).toContain("poll failed: database is locked");
    expect(failed).toContain("today 1 units picked"); // the last good snapshot stays
    expect(await until("today 3 units picked")).not.toContain("poll failed");
    ui.stdin.write("q");
    for (let i = 0; i < 100 && !quit; i++) await sleep(10);
    expect(quit).toBe(true);
  });
});
