// API keys and idempotency records on both backends: keys are shown once and stored hashed, checked by secret,
// revocable; an idempotency record is claimed once per (client, key), replayed, refused for another request, taken
// over after a crashed first request's lease, and forgotten only after the retention period.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_RETENTION_MS, abandonIdempotent, beginIdempotent, completeIdempotent, createApiKey, idempotencyRecords, listApiKeys, revokeApiKey, verifyApiKey, type SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";
import { inputRejection } from "./fixtures.js";

const T = Date.parse("2026-12-01T10:00:00.000Z");
const by = { now: T, actor: "sue" };

for (const backend of backends) {
  describe.skipIf(!backend.available)(`API keys and idempotency on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterEach(async () => cleanup());

    it("creates a key shown once, stores only its hash, verifies it by its secret, and revokes it", async () => {
      const k = await createApiKey(store, { name: "shop", scopes: ["orders:write", "orders:read", "orders:read"] }, by);
      expect(k.key).toMatch(/^ppk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      expect(k.scopes).toEqual(["orders:write", "orders:read"]);
      const row = await store.kysely.selectFrom("api_keys").selectAll().executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(k.key.split("_").slice(2).join("_"));
      expect(await verifyApiKey(store, k.key)).toMatchObject({ id: k.id, name: "shop", scopes: ["orders:write", "orders:read"] });
      expect(await verifyApiKey(store, `${k.key.slice(0, -1)}${k.key.endsWith("A") ? "B" : "A"}`)).toBeUndefined();
      expect(await verifyApiKey(store, "ppk_nothing")).toBeUndefined();
      const revoked = await revokeApiKey(store, k.id, { now: T + 1000, actor: "sue" });
      expect(revoked.revokedAt).toBe(T + 1000);
      expect(await verifyApiKey(store, k.key)).toBeUndefined();
      expect((await listApiKeys(store)).map((x) => [x.name, x.revokedAt])).toEqual([["shop", T + 1000]]);
      expect((await inputRejection(revokeApiKey(store, "nope", by))).code).toBe("API_KEY_NOT_FOUND");
    });

    it("refuses a bad name or unknown scopes, naming each", async () => {
      const e = await inputRejection(createApiKey(store, { name: "", scopes: ["orders:write", "admin"] }, by));
      expect(e.code).toBe("API_KEY_REQUEST_INVALID");
      expect(e.issues.map((i) => i.field)).toEqual(["--name", "--scopes"]);
      expect((await inputRejection(createApiKey(store, { name: "shop", scopes: [] }, by))).issues[0]!.field).toBe("--scopes");
      expect(await listApiKeys(store)).toEqual([]);
    });

    it("an idempotency key is claimed once; a repeat is told to wait, then gets the stored answer; another request is a mismatch", async () => {
      const ref = { client: "shop", key: "k1" };
      expect(await beginIdempotent(store, ref, "h1", T)).toEqual({ kind: "run" });
      expect(await beginIdempotent(store, ref, "h1", T + 10)).toEqual({ kind: "running" });
      expect(await beginIdempotent(store, ref, "h2", T + 10)).toEqual({ kind: "mismatch" });
      expect(await beginIdempotent(store, { client: "erp", key: "k1" }, "h2", T + 10)).toEqual({ kind: "run" });
      await completeIdempotent(store, ref, 201, { number: "WEB-1" });
      expect(await beginIdempotent(store, ref, "h1", T + 20)).toEqual({ kind: "replay", status: 201, body: { number: "WEB-1" } });
      // still replayed just inside the retention period, forgotten after it
      expect(await beginIdempotent(store, ref, "h1", T + IDEMPOTENCY_RETENTION_MS - 1)).toMatchObject({ kind: "replay" });
      expect(await beginIdempotent(store, ref, "h2", T + IDEMPOTENCY_RETENTION_MS + 1)).toEqual({ kind: "run" });
    });

    it("a crashed first request's key is taken over after its lease, by one claimant only; an abandoned key is free at once", async () => {
      const ref = { client: "shop", key: "k2" };
      expect(await beginIdempotent(store, ref, "h", T)).toEqual({ kind: "run" });
      expect(await beginIdempotent(store, ref, "h", T + IDEMPOTENCY_LEASE_MS - 1)).toEqual({ kind: "running" });
      const later = T + IDEMPOTENCY_LEASE_MS + 1;
      const both = await Promise.all([beginIdempotent(store, ref, "h", later), beginIdempotent(store, ref, "h", later)]);
      expect(both.map((b) => b.kind).sort()).toEqual(["run", "running"]);
      await abandonIdempotent(store, ref);
      expect(await idempotencyRecords(store)).toBe(0);
      expect(await beginIdempotent(store, ref, "h", later)).toEqual({ kind: "run" });
    });
  });
}
