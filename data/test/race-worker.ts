// One racer process of the oversell test: opens the shared store, waits for the start instant, then
// fires `count` concurrent single-unit orders and prints how many got stock reserved.
import { openStore } from "@pickpack/data";
import { order, ordersBatch } from "./fixtures.js";

const [target, schema, prefix, countArg, startAtArg] = process.argv.slice(2);
const count = Number(countArg);
const startAt = Number(startAtArg);
const store = await openStore({ target: target!, ...(schema && schema !== "-" ? { schema } : {}) });
await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
const now = Date.parse("2026-11-22T09:00:00.000Z");
const results = await Promise.all(
  Array.from({ length: count }, async (_, i) => {
    const s = await store.importData(ordersBatch(order(`${prefix}-${i}`, [["RACE", 1]])), { now, actor: prefix! });
    return s.reserved ?? 0;
  }),
);
await store.close();
process.stdout.write(JSON.stringify({ reserved: results.reduce((a, b) => a + b, 0) }));
