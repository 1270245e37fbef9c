// Never oversell: two processes, many concurrent requests each, racing for the last M units.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { backends } from "./backends.js";
import { seedBatch } from "./fixtures.js";

const run = promisify(execFile);
const worker = fileURLToPath(new URL("./race-worker.ts", import.meta.url));
const ROUNDS = 5;
const PER_PROCESS = 20;
const T0 = Date.parse("2026-11-22T08:00:00.000Z");

for (const backend of backends) {
  describe.skipIf(!backend.available)(`oversell race on ${backend.name}`, () => {
    it(`2 processes × ${PER_PROCESS} concurrent orders for the last M units, ${ROUNDS} rounds: exactly M succeed`, async () => {
      const { store, target, schema, cleanup } = await backend.open();
      try {
        const seed = seedBatch();
        await store.importData(
          {
            skus: [{ value: { sku: "RACE", name: "Contested item", barcodes: [], weightGrams: 1, lengthMm: 1, widthMm: 1, heightMm: 1, tracksLot: false, tracksSerial: false, tracksExpiry: false }, file: "x", line: 1 }],
            warehouses: seed.warehouses!,
            locations: seed.locations!,
          },
          { now: T0, actor: "seed" },
        );
        for (let round = 0; round < ROUNDS; round++) {
          const m = 3 + round * 4; // 3, 7, 11, 15, 19 units: always fewer than the 40 requests
          // split the last M units over both warehouses so the planner has choices to race on
          await store.importData(
            {
              stock: [
                { value: { warehouse: "WH1", location: "A-01-01-A", sku: "RACE", onHand: Math.floor(m / 2) }, file: "x", line: 1 },
                { value: { warehouse: "WH2", location: "B-01-01-A", sku: "RACE", onHand: m - Math.floor(m / 2) }, file: "x", line: 2 },
              ],
            },
            { now: T0, actor: "seed" },
          );
          // release what the previous round held so exactly M are available
          await store.kysely.updateTable("reservations").set({ state: "released" }).where("sku", "=", "RACE").execute();
          const startAt = Date.now() + 1500;
          const outs = await Promise.all(
            ["p1", "p2"].map((p) =>
              run(process.execPath, ["--conditions=source", "--import", "tsx", worker, target, schema ?? "-", `r${round}${p}`, String(PER_PROCESS), String(startAt)], {
                cwd: fileURLToPath(new URL("../..", import.meta.url)),
              }),
            ),
          );
          const reserved = outs.map((o) => (JSON.parse(o.stdout) as { reserved: number }).reserved);
          expect(reserved[0]! + reserved[1]!, `round ${round}: M=${m}, processes got ${reserved.join(" + ")}`).toBe(m);
          const positions = await store.listStock({ sku: "RACE", now: Date.parse("2026-11-22T09:00:00.000Z") });
          for (const p of positions) {
            expect(p.available).toBe(0);
            expect(p.onHand - p.reserved - p.allocated).toBe(0); // never below zero
          }
          const pending = await store.listOrders({ status: "Pending" });
          expect(pending.filter((o) => o.number.startsWith(`r${round}`))).toHaveLength(2 * PER_PROCESS - m);
        }
      } finally {
        await cleanup();
      }
    }, 180_000);
  });
}
