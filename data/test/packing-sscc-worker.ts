// One racer of the SSCC uniqueness test: opens the shared store, waits for the start instant, then
// allocates `count` SSCCs in concurrent transactions and prints them.
import { SsccAllocator } from "@pickpack/core";
import { openStore } from "@pickpack/data";
import { StoreSerialSequence } from "@pickpack/data/packing";

const [target, schema, countArg, startAtArg] = process.argv.slice(2);
const store = await openStore({ target: target!, ...(schema && schema !== "-" ? { schema } : {}) });
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAtArg) - Date.now())));
const ssccs = await Promise.all(
  Array.from({ length: Number(countArg) }, () =>
    store.transaction(async (tx) => {
      const sscc = await new SsccAllocator({ extensionDigit: 0, companyPrefix: "0614141" }, new StoreSerialSequence(tx.db)).next();
      // hold the transaction open a moment so the other process's transactions overlap with it
      await new Promise((r) => setTimeout(r, 2));
      return sscc;
    }),
  ),
);
await store.close();
process.stdout.write(JSON.stringify(ssccs));
