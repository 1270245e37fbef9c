// Pairing codes under concurrency: one code pairs one device; parallel wrong guesses still lock it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DomainError } from "@pickpack/core";
import { GatewayRepo, openStore, type SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");

for (const backend of backends) {
  describe.skipIf(!backend.available)(`pairing codes on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let target: string;
    let schema: string | undefined;
    const extra: SqlStore[] = [];
    beforeEach(async () => {
      ({ store, cleanup, target, schema } = await backend.open());
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await cleanup();
    });

    /**
     * Several stores on the same PostgreSQL database, as several gateway processes would have. On
     * SQLite the gateways of a site are separate processes (the oversell race test covers that); in
     * one process a second connection's busy wait would block the event loop the first one needs to
     * commit, so here the concurrent calls share one store.
     */
    const repos = async (n: number) => {
      const out = [new GatewayRepo(store)];
      for (let i = 1; i < n; i++) {
        if (backend.name === "sqlite") {
          out.push(new GatewayRepo(store));
          continue;
        }
        const s = await openStore({ target, ...(schema ? { schema } : {}) });
        extra.push(s);
        out.push(new GatewayRepo(s));
      }
      return out;
    };

    it("a code redeemed from four gateways at once pairs exactly one device", async () => {
      const rs = await repos(4);
      for (let round = 0; round < 5; round++) {
        const { code } = await rs[0]!.createPairingCode({ role: "packer", station: "P1", now: T0 });
        const results = await Promise.allSettled(rs.map((r) => r.redeemPairingCode(code, T0 + 1000)));
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        for (const r of results) if (r.status === "rejected") expect((r.reason as DomainError).code).toBe("PAIRING_CODE_USED");
      }
    });

    it("parallel wrong guesses lock the code after the allowed number", async () => {
      const rs = await repos(4);
      const { code } = await rs[0]!.createPairingCode({ role: "picker", now: T0 });
      const lookup = code.slice(0, 3);
      const wrong = `${lookup}-ZZZZZ` === code ? `${lookup}-YYYYY` : `${lookup}-ZZZZZ`;
      await Promise.allSettled(Array.from({ length: 12 }, (_, i) => rs[i % 4]!.redeemPairingCode(wrong, T0 + 1000)));
      const right = await rs[0]!.redeemPairingCode(code, T0 + 2000).catch((e: unknown) => e);
      expect((right as DomainError).code).toBe("PAIRING_CODE_LOCKED");
    });
  });
}
