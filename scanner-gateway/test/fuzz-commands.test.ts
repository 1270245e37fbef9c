/**
 * Structure-aware fuzzing of the picker, packer and supervisor commands: fast-check draws sequences
 * of events each role may send, with payloads of the right shape but wrong or hostile values — codes
 * from the demo's own barcodes (locations, SKUs, GTINs, totes, badges, orders, command barcodes,
 * stations) mixed with GS1 strings, unicode, control characters, empty and oversized strings;
 * quantities, weights and found counts at and past their limits, of the wrong type, or fractional;
 * unknown fields. Against a real gateway over the demo database with a released wave. Promise: every
 * event gets an ack within 5 s, an ack is `{ ok: true, data }` or `{ ok: false, error }` whose code is
 * in the catalogue and not an internal fault, the gateway keeps answering, no shelf goes below zero
 * and SQLite's integrity check passes. Fixed seed; PICKPACK_FUZZ_RUNS for longer runs (`npm run fuzz`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ACTION_BARCODE, ERROR_CODES, isErrorCode } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import { loadDemo } from "@pickpack/data/demo";
import { planWavesFor, releaseWave } from "@pickpack/data/planning";
import { pickerFlow } from "../src/flows/picker-flow.js";
import { call, lazyPacker, startTestGateway, type TestGateway } from "./helpers.js";

const RUNS = Number(process.env.PICKPACK_FUZZ_RUNS ?? 40);
const NOW = Date.now();
let t: TestGateway;
let dir: string;
const sockets: Record<"picker" | "packer" | "supervisor", Socket> = {} as never;
let pool: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pickpack-fuzz-"));
  const holder: { store?: SqlStore } = {};
  t = await startTestGateway({ seed: false, picker: pickerFlow, packer: lazyPacker(() => holder.store!, { defaults: { printer: `file:${dir}/{station}-{shipment}.zpl`, labelFormat: "zpl" } }), rateLimit: { perSecond: 100_000, burst: 100_000 } });
  holder.store = t.store;
  await loadDemo(t.store, { now: NOW });
  const q = t.store.kysely;
  // A released trip in every warehouse that has Confirmed orders waiting, so picks reach the picking service.
  for (const { code } of await q.selectFrom("warehouses").select("code").execute()) {
    for (const w of (await planWavesFor(t.store, { warehouse: code, maxOrders: 4, now: NOW, actor: "test" })).waves) await releaseWave(t.store, w.id, { now: NOW, actor: "test" });
  }
  expect((await q.selectFrom("pick_lists").select("id").where("status", "=", "released").execute()).length).toBeGreaterThan(0);
  const locations = (await q.selectFrom("stock").select("location").distinct().limit(20).execute()).map((r) => r.location);
  const skus = (await q.selectFrom("skus").select("sku").limit(20).execute()).map((r) => r.sku);
  const barcodes = (await q.selectFrom("sku_barcodes").select("barcode").limit(20).execute()).map((r) => r.barcode);
  const badges = (await q.selectFrom("users").select("badge").execute()).map((r) => r.badge);
  const orders = (await q.selectFrom("orders").select("number").limit(20).execute()).map((r) => r.number);
  const lists = (await q.selectFrom("pick_lists").select("id").limit(5).execute()).map((r) => r.id);
  pool = [...locations, ...skus, ...barcodes, ...badges, ...orders, ...lists.flatMap((id) => [`TOTE-${id}T1`, `TOTE-${id}T2`]), ...Object.values(ACTION_BARCODE), "P1", "P2", "BADGE-9999"];
  sockets.picker = await t.connect((await t.pair("picker")).token);
  sockets.packer = await t.connect((await t.pair("packer", "P1")).token);
  sockets.supervisor = await t.connect((await t.pair("supervisor")).token);
  // Start logged in (a fuzzed login may log out or switch users later), the packer at its station.
  const badge = (role: string) => q.selectFrom("users").select("badge").where("role", "=", role).executeTakeFirstOrThrow();
  await call(sockets.picker, "session.login", { scanId: "login-picker", badge: (await badge("picker")).badge });
  await call(sockets.packer, "session.login", { scanId: "login-packer", badge: (await badge("packer")).badge });
  await call(sockets.packer, "station.open", { scanId: "open-p1" });
  await call(sockets.supervisor, "session.login", { scanId: "login-supervisor", badge: (await badge("supervisor")).badge });
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const hostile = fc.oneof(
  fc.constant(""),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constant("x".repeat(300)),
  fc.constant("]C10104012345678901"),
  fc.constant("\u001d01040123456789012110AB\u001d17991231"),
  fc.constant("A-01\u0000-01"),
  fc.constant("../../etc/passwd"),
);
const code = () => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: hostile });
const count = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 1e6, 1e12, 0.5, Number.NaN, "3", null) });
const scanId = fc.oneof({ weight: 9, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,16}$/) }, { weight: 1, arbitrary: hostile });
const extra = fc.oneof(
  { weight: 12, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("x", "__proto__", "constructor", "quantity"), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }) },
);

type Role = keyof typeof sockets;
const command = (role: Role, event: string, fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record({ role: fc.constant(role), event: fc.constant(event), payload: fc.tuple(fc.record(fields, { requiredKeys: [] }), scanId, extra).map(([f, id, x]) => ({ scanId: id, ...f, ...(x ?? {}) })) });
/** A query: no scan id, usually an empty payload. */
const query = (role: Role, event: string) => fc.record({ role: fc.constant(role), event: fc.constant(event), payload: extra.map((x) => x ?? {}) });

const commands = () =>
  fc.oneof(
    command("picker", "session.login", { badge: code() }),
    query("picker", "pick.next"),
    command("picker", "pick.scan", { code: code(), quantity: count }),
    command("picker", "pick.confirm", {}),
    command("picker", "pick.short", { found: count }),
    command("picker", "pick.skip", {}),
    command("picker", "trip.complete", { station: code() }),
    command("packer", "session.login", { badge: code() }),
    command("packer", "station.open", { station: code() }),
    query("packer", "pack.state"),
    command("packer", "pack.scan", { code: code(), quantity: count }),
    command("packer", "pack.weight", { grams: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom(-5, 2e6, Number.POSITIVE_INFINITY)) }),
    command("packer", "pack.override", { supervisorBadge: code(), reason: fc.oneof(fc.constant("damaged item"), hostile) }),
    command("packer", "pack.close", {}),
    command("packer", "station.close", {}),
    command("supervisor", "session.login", { badge: code() }),
    command("supervisor", "device.revoke", { deviceId: code(), reason: hostile }),
    // a role sending another role's event
    command("picker", "pack.scan", { code: code() }),
    command("packer", "pick.scan", { code: code() }),
  );

function checkAck(event: string, ack: unknown): void {
  expect(ack, event).toBeTypeOf("object");
  const a = ack as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  expect(typeof a.ok, `${event}: ${JSON.stringify(ack)}`).toBe("boolean");
  if (a.ok) return;
  const c = String(a.error?.code);
  expect(isErrorCode(c), `${event}: undeclared code ${c}`).toBe(true);
  expect(ERROR_CODES[c as keyof typeof ERROR_CODES].kind, `${event}: ${JSON.stringify(ack)}`).not.toBe("internal");
  expect(typeof a.error?.message).toBe("string");
}

it(`fuzzed commands from every role never crash the gateway or corrupt the store (${RUNS} runs)`, { timeout: 600_000 }, async () => {
  let sent = 0;
  let refused = 0;
  const codes = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(fc.array(commands(), { minLength: 1, maxLength: 25 }), async (cmds) => {
      for (const c of cmds) {
        const ack = await call(sockets[c.role], c.event, c.payload, 5000);
        checkAck(c.event, ack);
        sent++;
        if (!(ack as { ok: boolean }).ok) {
          refused++;
          const c = (ack as { error: { code: string } }).error.code;
          codes.set(c, (codes.get(c) ?? 0) + 1);
        }
      }
    }),
    { numRuns: RUNS, seed: 20261202, endOnFailure: true },
  );
  const health = await fetch(`${t.url}/healthz`);
  expect(health.status).toBe(200);
  const negative = await t.store.kysely.selectFrom("stock").select(["location", "sku", "on_hand"]).where("on_hand", "<", 0).execute();
  expect(negative).toEqual([]);
  expect((await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(t.store.kysely)).rows[0]!.integrity_check).toBe("ok");
  console.log(`fuzzed commands: ${sent} events in ${RUNS} runs, ${sent - refused} accepted, ${refused} refused with declared codes (${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(", ")}), gateway healthy`);
});
