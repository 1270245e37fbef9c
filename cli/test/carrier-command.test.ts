// `pickpack carrier poll` and `carrier receive`: the local courier's events move a shipped order along
// (once: polling again changes nothing), a carrier's file is applied, and bad input is exit 2 naming
// what is wrong.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { openStore } from "@pickpack/data";
import { PackingService } from "@pickpack/data/packing";
import { T0, importProcessing, labelRenderer, seedProcessingOrder } from "../../data/test/packing-fixtures.js";
import { parseAt } from "../src/commands/carrier.js";
import { runCli } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "pickpack-cli-carrier-"));
const db = join(dir, "carrier.db");
const clock = new ManualClock("2026-11-22T09:00:00Z");
const cli = (...args: string[]) => runCli(["--db", db, ...args], { clock, cwd: dir, env: { USER: "tester" } });
const tracking: Record<string, string> = {};

beforeAll(async () => {
  const store = await openStore({ target: db });
  try {
    await seedProcessingOrder(store, "SO-1", [["B", 1]]);
    await importProcessing(store, "SO-2", [["B", 1]]);
    const svc = new PackingService(store, { labels: labelRenderer });
    for (const [i, order] of ["SO-1", "SO-2"].entries()) {
      const ctx = { now: T0 + 60_000 + i * 1000, actor: "u-ben" };
      await svc.own.chooseBox({ order, box: "S", reason: "test" }, ctx);
      await svc.own.scanItem({ order, sku: "B" }, ctx);
      await svc.own.recordWeight({ order, grams: 300 }, ctx);
      tracking[order] = (await svc.own.closeCarton({ order }, ctx)).trackingNumber;
      await svc.own.ship({ order }, { ...ctx, now: ctx.now + 10 });
    }
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("carrier commands", () => {
  it("poll: nothing yet right after shipping; --at +3d shows the journey; again changes nothing", async () => {
    const now = await cli("carrier", "poll", "--json");
    expect(now.code).toBe(0);
    expect(JSON.parse(now.stdout)).toMatchObject({ parcels: 2, received: 0 });
    const later = await cli("carrier", "poll", "--at", "+3d", "--seed", "3");
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toMatch(/2 parcels with LC/);
    expect(later.stdout).toMatch(/Shipped → InTransit|Shipped → OutForDelivery/);
    const shown = JSON.parse((await cli("orders", "show", "SO-1", "--json")).stdout) as { status: string };
    expect(["Delivered", "ReturnShipped"]).toContain(shown.status);
    const again = await cli("carrier", "poll", "--at", "+3d", "--seed", "3", "--json");
    expect(JSON.parse(again.stdout)).toMatchObject({ parcels: 0, received: 0 });
  });

  it("receive: applies a carrier's file once; bad input is exit 2", async () => {
    const file = join(dir, "events.json");
    writeFileSync(file, JSON.stringify({ carrier: "LC", events: [{ eventId: "x-1", trackingNumber: tracking["SO-1"], status: "delivered", occurredAt: "2026-11-25T10:00:00Z" }] }));
    const r = await cli("carrier", "receive", "events.json", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ received: 1 });
    expect(JSON.parse((await cli("carrier", "receive", "events.json", "--json")).stdout)).toMatchObject({ duplicates: 1 });

    writeFileSync(join(dir, "bad.json"), JSON.stringify({ carrier: "LC", events: [{ eventId: "y", trackingNumber: "T", status: "lost", occurredAt: "soon" }] }));
    const bad = await cli("carrier", "receive", "bad.json");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/CARRIER_EVENTS_INVALID/);
    expect(bad.stderr).toMatch(/events\[0\]\.status/);
    writeFileSync(join(dir, "broken.json"), "{");
    expect((await cli("carrier", "receive", "broken.json")).stderr).toMatch(/JSON_INVALID/);
    expect((await cli("carrier", "receive", "missing.json")).code).toBe(2);
    const at = await cli("carrier", "poll", "--at", "tomorrow");
    expect(at.code).toBe(2);
    expect(at.stderr).toMatch(/--at must be/);
  });

  it("parses --at", () => {
    const now = Date.parse("2026-11-22T09:00:00Z");
    expect(parseAt(undefined, now)).toBe(now);
    expect(parseAt("+36h", now)).toBe(now + 36 * 3_600_000);
    expect(parseAt("+2d", now)).toBe(now + 2 * 86_400_000);
    expect(parseAt("2026-11-23T09:00:00Z", now)).toBe(Date.parse("2026-11-23T09:00:00Z"));
  });
});
