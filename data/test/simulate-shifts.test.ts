import { afterEach, describe, expect, it } from "vitest";
import { ORDER_STATUSES } from "@pickpack/core";
import { importFile, type SqlStore } from "@pickpack/data";
import { DEMO_IMPORT_ORDER } from "../src/demo/generate.js";
import { DEMO_DIR } from "../src/demo/load.js";
import { simulate } from "../src/simulate/index.js";
import { backends } from "./backends.js";

const START = Date.parse("2026-11-02T00:00:00Z");
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function site(backend = backends[0]!): Promise<SqlStore> {
  const opened = await backend.open();
  cleanup = opened.cleanup;
  for (const [kind, file] of DEMO_IMPORT_ORDER) if (kind !== "orders") await importFile(opened.store, kind, DEMO_DIR + file, { now: START - 86_400_000, actor: "test" });
  return opened.store;
}

describe("simulate", () => {
  it("plays a day through the services: orders picked, packed, shipped, figures add up", async () => {
    const store = await site();
    const r = await simulate(store, { start: START, days: 1, pickers: 2, packers: 2, ordersPerHour: 4, seed: 7, picking: "cluster" });
    console.log(JSON.stringify(r));
    expect(r.ordersCreated).toBe(96);
    expect(r.pickLists).toBeGreaterThan(0);
    expect(r.ordersShipped).toBeGreaterThan(0);
    const by: Record<string, number> = {};
    for (const o of await store.listOrders({})) by[o.status] = (by[o.status] ?? 0) + 1;
    console.log(by);
  });
});
