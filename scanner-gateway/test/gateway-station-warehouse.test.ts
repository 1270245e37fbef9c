// A pack station bound to a warehouse (station map "warehouse"): it shows and packs only what ships
// from there, refuses a unit of the other warehouse as shipping from there, and says what remains.
import { afterEach, describe, expect, it } from "vitest";
import type { PackResult } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { PickingService, planWavesFor, releaseWave } from "@pickpack/data/planning";
import { order, ordersBatch } from "../../data/test/fixtures.js";
import { T0, seedProcessingOrder } from "../../data/test/packing-fixtures.js";
import { call, lazyPacker, startTestGateway, type TestGateway } from "./helpers.js";

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
let t: TestGateway | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});
let n = 0;
const id = () => `w${++n}`;

/** SO-S: A×2 and C allocated to WH2, B to WH1; waved and B picked in WH1. */
async function splitOrder(store: SqlStore): Promise<void> {
  await seedProcessingOrder(store, "SO-X", [["A", 1]]);
  await store.importData({ layouts: [{ value: { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } }, file: "layouts.json", line: 1 }] }, { now: T0, actor: "seed" });
  await store.importData(ordersBatch(order("SO-S", [["A", 2], ["B", 1], ["C", 1]])), { now: T0, actor: "seed" });
  await store.applyOrderEvent("SO-S", { type: "PaymentSucceeded" }, { now: T0 + 1000, actor: "seed" });
  const by = { now: T0 + 5000, actor: "u-sue" };
  const wave = (await planWavesFor(store, { warehouse: "WH1", mode: "cluster", ...by })).waves.find((w) => w.orders.includes("SO-S"))!;
  await releaseWave(store, wave.id, by);
  const list = wave.pickLists.find((l) => l.orders.some((o) => o.order === "SO-S"))!;
  const soS = (await store.kysely.selectFrom("orders").select("id").where("number", "=", "SO-S").executeTakeFirstOrThrow()).id;
  const line = (await store.kysely.selectFrom("pick_list_lines").select(["id", "location"]).where("pick_list_id", "=", list.id).where("order_id", "=", soS).execute())[0]!;
  const picking = new PickingService(store);
  await picking.confirmLocation({ pickListId: list.id, location: line.location, lineId: line.id }, { now: T0 + 6000, actor: "u-pia" });
  await picking.confirmItem({ pickListId: list.id, code: "B", quantity: 1, lineId: line.id }, { now: T0 + 7000, actor: "u-pia" });
}

describe("a pack station bound to its warehouse", () => {
  it("shows only the lines that pack here, refuses another warehouse's line as shipping from there, and weighs after the last local unit", async () => {
    const holder: { store?: SqlStore } = {};
    t = await startTestGateway({ seed: false, packer: lazyPacker(() => holder.store!, { stations: { P1: { warehouse: "WH1" } } }) });
    holder.store = t.store;
    await splitOrder(t.store);
    const packer = await t.connect((await t.pair("packer", "P1")).token);
    await call(packer, "session.login", { scanId: id(), badge: "BADGE-0002" });
    const opened = (await call(packer, "pack.scan", { scanId: id(), code: "SO-S" })) as Ack<PackResult> & { ok: true };
    expect(opened.data.state.lines.map((l) => [l.sku, l.expected])).toEqual([["B", 1]]);
    expect(opened.data.state.elsewhere).toEqual([
      { sku: "A", description: "Item A", warehouse: "WH2", quantity: 2 },
      { sku: "C", description: "Item C", warehouse: "WH2", quantity: 1 },
    ]);
    expect(opened.data.message).toContain("ships from another warehouse in its own carton: 2 × A from WH2; 1 × C from WH2");
    const a = (await call(packer, "pack.scan", { scanId: id(), code: "4006381333931" })) as Ack<PackResult>;
    expect(a).toMatchObject({ ok: false, error: { code: "PACK_SHIPS_ELSEWHERE", message: "this line ships from WH2 in its own carton: line 1 (A) of order SO-S is packed there, not at this WH1 station" } });
    const b = (await call(packer, "pack.scan", { scanId: id(), code: "036000291452" })) as Ack<PackResult> & { ok: true };
    expect(b.data.state.phase).toBe("weigh");
    expect(b.data.state.next).not.toBe("Scan item");
    expect(b.data.message).toContain("All items packed: place the carton on the scale");
  }, 30_000);
});
