/**
 * Crash points in stock-moving commands: a picker walks a whole released trip (location scan, item
 * scan with quantity, one short pick, trip complete) against the gateway as a child process, which is
 * killed with SIGKILL after the 1st, 2nd and 3rd ack since its last start and at random
 * moments, then restarted. The handheld retries each command with the same scan id until acked, as
 * the real client does. On SQLite and on PostgreSQL. Afterwards: every acked scan is stored exactly
 * once with the very ack the picker got; the stock taken off each location equals the units the
 * acked picks reported (so nothing was applied twice or lost); every line is picked or shorted;
 * SQLite's integrity check is ok.
 */
import { io as connectClient, type Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { PickResult, PickTask } from "@pickpack/core";
import { GatewayRepo, type SqlStore } from "@pickpack/data";
import { planWavesFor, releaseWave } from "@pickpack/data/planning";
import { backends } from "../../data/test/backends.js";
import { order, ordersBatch, seedBatch } from "../../data/test/fixtures.js";
import { DeviceTokens } from "../src/auth/tokens.js";
import { seededRandom } from "../src/devices/simulated.js";
import { freePort, startGatewayProcess } from "./helpers.js";

const SECRET = "crash-secret-crash-secret-crash-secret-02";
const SWEEP = [1, 2, 3];
const RANDOM_KILLS = 1;
const ORDERS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const T0 = Date.now();
const by = { now: T0, actor: "test" };
const layout = { warehouse: "WH1", aisles: 4, aisleLength: 10, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } };


/** WH1 with plenty of A and B, six paid orders of A×1 + B×2 on one released cluster trip. */
async function seed(store: SqlStore): Promise<void> {
  const batch = seedBatch();
  await store.importData({ ...batch, layouts: [{ value: layout, file: "l.json", line: 1 }] }, by);
  await store.importData(
    {
      stock: [
        { value: { warehouse: "WH1", location: "A-01-01-A", sku: "A", onHand: 30 }, file: "s.csv", line: 1 },
        { value: { warehouse: "WH1", location: "A-02-01-A", sku: "B", onHand: 30 }, file: "s.csv", line: 2 },
      ],
    },
    by,
  );
  const orders = Array.from({ length: ORDERS }, (_, i) => order(`SO-C${i + 1}`, [["A", 1], ["B", 2]]));
  await store.importData(ordersBatch(...orders), by);
  for (const o of orders) await store.applyOrderEvent(o.number, { type: "PaymentSucceeded" }, by);
  const waves = (await planWavesFor(store, { warehouse: "WH1", mode: "cluster", ...by })).waves;
  for (const w of waves) await releaseWave(store, w.id, by);
}

async function onHand(store: SqlStore): Promise<Map<string, number>> {
  const rows = await store.kysely.selectFrom("stock").select(["location", "sku", "on_hand"]).where("warehouse", "=", "WH1").execute();
  return new Map(rows.map((r) => [`${r.location}/${r.sku}`, Number(r.on_hand)]));
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`gateway crash during picks on ${backend.name}`, () => {
    it("SIGKILL mid-trip loses no acked pick and takes no unit off a shelf twice", { timeout: 240_000 }, async () => {
      const { store, target, schema, cleanup } = await backend.open();
      try {
        await seed(store);
        const before = await onHand(store);
        const repo = new GatewayRepo(store);
        const { code } = await repo.createPairingCode({ role: "picker", now: Date.now() });
        const device = await repo.redeemPairingCode(code, Date.now());
        const token = (await new DeviceTokens(SECRET).issue(device, Date.now())).token;

        const port = await freePort();
        let gw = await startGatewayProcess({ db: target, port, secret: SECRET, ...(schema ? { schema } : {}) });
        let acks = 0;
        const acked = new Map<string, string>();
        const reported = new Map<string, number>(); // location/sku -> units the acks say were taken
        const s: Socket = connectClient(`http://127.0.0.1:${port}`, { transports: ["websocket"], auth: { token }, reconnectionDelay: 50, reconnectionDelayMax: 200, randomizationFactor: 0 });
        let n = 0;
        let shorted: string | undefined;
        /** Send one command until it is acked (same scan id every time), as the handheld's queue does. */
        const command = async <T>(event: string, payload: Record<string, unknown>): Promise<{ ok: boolean; data?: T; error?: { code: string } }> => {
          const scanId = `c${++n}`;
          for (;;) {
            if (!s.connected) {
              await sleep(20);
              continue;
            }
            try {
              const ack = (await s.timeout(2000).emitWithAck(event, { ...payload, scanId })) as { ok: boolean; data?: T; error?: { code: string } };
              acked.set(scanId, JSON.stringify(ack));
              acks++;
              return ack;
            } catch {
              await sleep(20);
            }
          }
        };
        const query = async <T>(event: string): Promise<T> => {
          for (;;) {
            if (s.connected) {
              try {
                const ack = (await s.timeout(2000).emitWithAck(event, {})) as { ok: boolean; data: T };
                if (ack.ok) return ack.data;
              } catch {
                /* the gateway is restarting */
              }
            }
            await sleep(20);
          }
        };

        const picker = (async () => {
          expect((await command("session.login", { badge: "BADGE-0001" })).ok).toBe(true);
          let task = (await query<{ task: PickTask | null }>("pick.next")).task;
          let stops = 0;
          while (task) {
            const loc = await command<PickResult>("pick.scan", { code: task.location });
            expect(loc.ok, JSON.stringify(loc)).toBe(true);
            const key = `${task.location}/${task.sku}`;
            // The trip's last stop is a short pick (found one less than asked): a short pick records what is
            // left at the location (a recount), so it comes last to leave the other stops' arithmetic plain.
            const short = task.position === task.of && task.quantity > 1;
            const r = short
              ? await command<PickResult>("pick.short", { found: task.quantity - 1 })
              : await command<PickResult>("pick.scan", { code: task.sku, quantity: task.quantity });
            expect(r.ok, JSON.stringify(r)).toBe(true);
            reported.set(key, (reported.get(key) ?? 0) + (short ? task.quantity - 1 : task.quantity));
            if (short) shorted = key;
            stops++;
            task = r.data!.next;
          }
          return stops;
        })();

        const rnd = seededRandom(7);
        let kills = 0;
        const kill = async () => {
          gw.kill("SIGKILL");
          await new Promise((r) => gw.once("exit", r));
          kills++;
          gw = await startGatewayProcess({ db: target, port, secret: SECRET, ...(schema ? { schema } : {}) });
        };
        let done = false;
        void picker.finally(() => (done = true));
        for (const k of SWEEP) {
          const base = acks;
          while (!done && acks < base + k) await sleep(1);
          if (done) break;
          await kill();
        }
        for (let i = 0; i < RANDOM_KILLS && !done; i++) {
          await sleep(Math.floor(rnd() * 200));
          await kill();
        }
        const stops = await picker.finally(async () => {
          s.disconnect();
          gw.kill("SIGTERM");
          await new Promise((r) => gw.once("exit", r));
        });
        expect(kills).toBeGreaterThanOrEqual(3);
        expect(stops).toBe(ORDERS * 2);

        // every acked command stored once, with the ack the picker got
        const rows = await store.kysely.selectFrom("gateway_scans").select(["scan_id", "ack"]).where("device_id", "=", device.id).execute();
        const byId = new Map<string, string[]>();
        for (const r of rows) byId.set(r.scan_id, [...(byId.get(r.scan_id) ?? []), r.ack]);
        for (const [id, ack] of acked) {
          expect(byId.get(id)?.length, id).toBe(1);
          expect(JSON.parse(byId.get(id)![0]!), id).toEqual(JSON.parse(ack));
        }
        expect(rows.length).toBe(acked.size);

        // the stock taken off each shelf is what the acks reported, once
        const after = await onHand(store);
        expect(shorted).toBeDefined();
        for (const [key, units] of reported) if (key !== shorted) expect(before.get(key)! - after.get(key)!, key).toBe(units);
        const lines = await store.kysely.selectFrom("pick_list_lines").select(["location", "sku", "quantity", "picked_quantity", "status"]).execute();
        const picked = new Map<string, number>();
        for (const l of lines) picked.set(`${l.location}/${l.sku}`, (picked.get(`${l.location}/${l.sku}`) ?? 0) + Number(l.picked_quantity));
        expect(picked).toEqual(reported);
        expect(lines.every((l) => l.status !== "open")).toBe(true);
        if (backend.name === "sqlite") {
          const ok = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(store.kysely);
          expect(ok.rows[0]!.integrity_check).toBe("ok");
        }
        console.log(`crash during picks on ${backend.name}: ${kills} kills, ${acked.size} acked commands, ${stops} stops, ${[...reported.values()].reduce((a, b) => a + b, 0)} units picked once`);
      } finally {
        await cleanup();
      }
    });
  });
}
