// One import that gets killed in data/test/import-kill.test.ts: opens the store, says "start", imports
// `count` orders in one all-or-nothing import (stock reserved for each), then says "done <ms the import took>".
import { openStore } from "@pickpack/data";
import { order, ordersBatch } from "./fixtures.js";

const [target, schema, countArg, prefix] = process.argv.slice(2);
const store = await openStore({ target: target!, ...(schema && schema !== "-" ? { schema } : {}) });
const orders = Array.from({ length: Number(countArg) }, (_, i) => order(`${prefix}-${i + 1}`, [[["A", "B", "C"][i % 3]!, 1]]));
process.stdout.write("start\n");
const t0 = performance.now();
await store.importData(ordersBatch(...orders), { now: Date.parse("2026-11-22T09:00:00.000Z"), actor: "import-kill" });
process.stdout.write(`done ${Math.round(performance.now() - t0)}\n`);
await store.close();
