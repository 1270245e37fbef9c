// SSCCs are never reused: two processes allocate concurrently from the same store sequence.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { SsccAllocator, isValidSscc } from "@pickpack/core";
import { StoreSerialSequence } from "@pickpack/data/packing";
import { backends } from "./backends.js";

const run = promisify(execFile);
const worker = fileURLToPath(new URL("./packing-sscc-worker.ts", import.meta.url));
const PER_PROCESS = 25;

for (const backend of backends) {
  describe.skipIf(!backend.available)(`SSCC sequence on ${backend.name}`, () => {
    it(`2 processes × ${PER_PROCESS} concurrent transactions: every SSCC unique, valid, none lost`, async () => {
      const { store, target, schema, cleanup } = await backend.open();
      try {
        const startAt = Date.now() + 1500;
        const outs = await Promise.all(
          ["a", "b"].map(() =>
            run(process.execPath, ["--conditions=source", "--import", "tsx", worker, target, schema ?? "-", String(PER_PROCESS), String(startAt)], {
              cwd: fileURLToPath(new URL("../..", import.meta.url)),
            }),
          ),
        );
        const all = outs.flatMap((o) => JSON.parse(o.stdout) as string[]);
        expect(all).toHaveLength(2 * PER_PROCESS);
        expect(new Set(all).size).toBe(all.length);
        expect(all.every(isValidSscc)).toBe(true);
        // serial references are exactly 1..50: strictly increasing, no gaps on commit
        const serials = all.map((s) => Number(s.slice(8, 17))).sort((a, b) => a - b);
        expect(serials).toEqual(Array.from({ length: 2 * PER_PROCESS }, (_, i) => i + 1));
        // a rolled-back allocation is not consumed; the next committed one continues the sequence
        await store.transaction(async (tx) => {
          await new SsccAllocator({ extensionDigit: 0, companyPrefix: "0614141" }, new StoreSerialSequence(tx.db)).next();
          throw new Error("roll back");
        }).catch(() => {});
        const next = await store.transaction((tx) => new SsccAllocator({ extensionDigit: 0, companyPrefix: "0614141" }, new StoreSerialSequence(tx.db)).next());
        expect(Number(next.slice(8, 17))).toBe(2 * PER_PROCESS + 1);
      } finally {
        await cleanup();
      }
    }, 120_000);
  });
}
