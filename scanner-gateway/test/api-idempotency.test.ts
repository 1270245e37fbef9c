// Idempotency-Key on POST: 100 parallel repeats create one order (on SQLite, and on PostgreSQL across two gateway nodes),
// the stored answer is replayed, another body with the key is 422, a repeat while the first runs is 409.
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { beginIdempotent, idempotencyRecords } from "@pickpack/data";
import { requestHash } from "../src/api/routes.js";
import { ORDER, backends, call, rowCounts, startApi, type ApiHarness } from "./api-harness.js";

for (const backend of backends) {
  describe.skipIf(!backend.available)(`API idempotency on ${backend.name}`, () => {
    let h: ApiHarness;
    afterEach(async () => h?.cleanup());

    it(`the same POST 100 times in parallel${backend.name === "postgres" ? " over two gateway nodes" : ""} creates exactly one order; repeats get the first answer or 409 while it runs`, async () => {
      h = await startApi({ backend, nodes: backend.name === "postgres" ? 2 : 1 });
      const key = await h.key();
      const body = ORDER("WEB-100");
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => call(h.nodes[i % h.nodes.length]!.url, "POST", "/v1/orders", { key, body, idem: "order-WEB-100" })));
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const a of created) expect(a.json).toEqual(created[0]!.json);
      for (const a of answers.filter((x) => x.status === 409)) {
        expect(a.json.code).toBe("API_IDEMPOTENCY_IN_PROGRESS");
        expect(a.headers.get("retry-after")).toBe("1");
      }
      const orders = await h.store.kysely.selectFrom("orders").select("number").where("number", "=", "WEB-100").execute();
      expect(orders).toHaveLength(1);
      expect(await idempotencyRecords(h.store)).toBe(1);
      console.log(`[${backend.name}] 100 parallel POSTs: ${created.length} × 201 (1 run + ${created.length - 1} replays), ${100 - created.length} × 409 in flight, 1 order`);

      // afterwards every repeat is the stored answer, marked as replayed, on either node
      for (const node of h.nodes) {
        const again = await call(node.url, "POST", "/v1/orders", { key, body, idem: "order-WEB-100" });
        expect(again.status).toBe(201);
        expect(again.headers.get("idempotent-replayed")).toBe("true");
        expect(again.json).toEqual(created[0]!.json);
      }
    });

    it("the same order number under different keys at once: one 201, the others 409 API_ORDER_EXISTS, never a 500", async () => {
      h = await startApi({ backend, nodes: backend.name === "postgres" ? 2 : 1 });
      const key = await h.key();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call(h.nodes[i % h.nodes.length]!.url, "POST", "/v1/orders", { key, body: ORDER("WEB-DUP"), idem: `dup-${i}` })));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status !== 201).map((a) => a.json.code)).toEqual(Array.from({ length: 19 }, () => "API_ORDER_EXISTS"));
      expect(await h.store.kysely.selectFrom("orders").select("id").where("number", "=", "WEB-DUP").execute()).toHaveLength(1);
    });

    it("the same key with a different body is 422 and writes nothing; another client's same key is its own", async () => {
      h = await startApi({ backend });
      const key = await h.key();
      expect((await call(h.url, "POST", "/v1/orders", { key, body: ORDER("WEB-1"), idem: "k-1" })).status).toBe(201);
      const before = await rowCounts(h.store);
      const other = await call(h.url, "POST", "/v1/orders", { key, body: ORDER("WEB-2"), idem: "k-1" });
      expect(other.status).toBe(422);
      expect(other.headers.get("content-type")).toBe("application/problem+json");
      expect(other.json.code).toBe("API_IDEMPOTENCY_KEY_REUSED");
      expect(await rowCounts(h.store)).toEqual(before);
      // the same key on another path is another request too
      expect((await call(h.url, "POST", "/v1/orders/WEB-1/cancel", { key, body: { reason: "x" }, idem: "k-1" })).json.code).toBe("API_IDEMPOTENCY_KEY_REUSED");
      // a second client system has its own keys
      const erp = await h.key(["orders:write"], "erp");
      expect((await call(h.url, "POST", "/v1/orders", { key: erp, body: ORDER("WEB-2"), idem: "k-1" })).status).toBe(201);
    });

    it("a repeat while the first request still runs (on another node) is 409; a refusal is stored and replayed as well", async () => {
      h = await startApi({ backend });
      const key = await h.key();
      const body = ORDER("WEB-7");
      // the first request holds the key: claimed as the gateway claims it, not finished
      expect(await beginIdempotent(h.store, { client: "shop", key: "slow" }, requestHash("POST", "/v1/orders", body), Date.now())).toEqual({ kind: "run" });
      const before = await rowCounts(h.store);
      const busy = await call(h.url, "POST", "/v1/orders", { key, body, idem: "slow" });
      expect(busy.status).toBe(409);
      expect(busy.json.code).toBe("API_IDEMPOTENCY_IN_PROGRESS");
      expect(await rowCounts(h.store)).toEqual(before);

      // a business refusal is the request's answer: repeated, it is the same problem
      const cancel = await call(h.url, "POST", "/v1/orders/NOPE/cancel", { key, body: { reason: "x" }, idem: "c-1" });
      expect(cancel.status).toBe(404);
      const again = await call(h.url, "POST", "/v1/orders/NOPE/cancel", { key, body: { reason: "x" }, idem: "c-1" });
      expect(again.status).toBe(404);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.headers.get("content-type")).toBe("application/problem+json");
      expect(again.json).toEqual(cancel.json);
    });

    it("a fault of ours mid-request: a 500 problem, nothing half-written, the key freed for the retry", async () => {
      h = await startApi({ backend });
      const key = await h.key();
      await sql`drop table order_transitions`.execute(h.store.kysely); // creating an order audits its reservation there: now it fails
      const r = await call(h.url, "POST", "/v1/orders", { key, body: ORDER("WEB-500"), idem: "k-500" });
      expect(r.status).toBe(500);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.json).toMatchObject({ status: 500, code: "INTERNAL" });
      expect(r.text).not.toContain("order_transitions"); // no internals in the answer
      expect(await h.store.getOrder("WEB-500")).toBeUndefined();
      expect(await idempotencyRecords(h.store)).toBe(0);
      expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    });

    it("a POST without an Idempotency-Key is refused (400) and writes nothing", async () => {
      h = await startApi({ backend });
      const key = await h.key();
      const before = await rowCounts(h.store);
      const r = await call(h.url, "POST", "/v1/orders", { key, body: ORDER("WEB-9") });
      expect(r.status).toBe(400);
      expect(r.json.code).toBe("API_IDEMPOTENCY_KEY_MISSING");
      expect(await rowCounts(h.store)).toEqual(before);
    });
  });
}
