// The process that loses power in data/test/powerloss.test.ts: runs the real store on SQLite (WAL,
// synchronous=FULL unless told otherwise) with the power-loss shim preloaded, and commits one
// workflow after another — order imports that reserve stock, payments, stock arrivals — printing an
// "ack" line after each commit returned (what a caller would have been told), until it is killed.
import { sql } from "kysely";
import { openStore } from "@pickpack/data";
import { order, ordersBatch } from "../fixtures.js";

const [target, synchronous] = process.argv.slice(2);
const store = await openStore({ target: target! });
// Small checkpoints, so the cut also lands while WAL frames are copied into the database file.
await sql`PRAGMA wal_autocheckpoint = 8`.execute(store.kysely);
if (synchronous === "OFF") await sql`PRAGMA synchronous = OFF`.execute(store.kysely); // the negative control
const T0 = Date.parse("2026-11-22T09:00:00.000Z");
const SKUS = ["A", "B", "C"];
const say = (line: string) => process.stdout.write(`${line}\n`);
say("ready");
for (let i = 1; ; i++) {
  const now = T0 + i * 1000;
  const number = `PL-${i}`;
  const s = await store.importData(ordersBatch(order(number, [[SKUS[i % 3]!, 1 + (i % 2)]])), { now, actor: "powerloss" });
  say(`ack order ${number} ${s.reserved ?? 0}`);
  if (i % 2 === 0) {
    const paid = `PL-${i - 1}`;
    const d = await store.getOrder(paid);
    if (d?.order.status === "PaymentPending") {
      await store.applyOrderEvent(paid, { type: "PaymentSucceeded" }, { now, actor: "powerloss" });
      say(`ack paid ${paid}`);
    }
  }
  if (i % 7 === 0) {
    // Stock arrives: the count at B-01-01-A only grows, so a later count never hides an earlier one.
    const sku = SKUS[i % 3]!;
    await store.importData({ stock: [{ value: { warehouse: "WH2", location: "B-01-01-A", sku, onHand: 100 + i }, file: "stock.csv", line: 1 }] }, { now, actor: "powerloss" });
    say(`ack stock ${sku} ${100 + i}`);
  }
}
