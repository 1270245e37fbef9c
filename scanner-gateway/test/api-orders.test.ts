// Each route of the order-system API on both backends: the happy path and its main refusals, as problem documents.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PackingService } from "@pickpack/data/packing";
import { labelRenderer, seedProcessingOrder } from "../../data/test/packing-fixtures.js";
import { ORDER, backends, call, rowCounts, startApi, type ApiHarness } from "./api-harness.js";

for (const backend of backends) {
  describe.skipIf(!backend.available)(`API orders on ${backend.name}`, () => {
    let h: ApiHarness;
    let key: string;
    let n = 0;
    const post = (path: string, body: unknown) => call(h.url, "POST", path, { key, body, idem: `idem-${n++}` });
    const get = (path: string) => call(h.url, "GET", path, { key });
    afterEach(async () => h?.cleanup());

    /** An order packed through the real packing service: one carton with an SSCC and a tracking number. */
    async function packedOrder(number: string): Promise<void> {
      await seedProcessingOrder(h.store, number, [["B", 1]]);
      const svc = new PackingService(h.store, { labels: labelRenderer });
      const by = { now: Date.now(), actor: "u-ben" };
      await svc.own.chooseBox({ order: number, box: "XS", reason: "fits" }, by);
      await svc.own.scanItem({ order: number, sku: "B" }, by);
      await svc.own.recordWeight({ order: number, grams: 230 }, by);
      await svc.own.closeCarton({ order: number }, by);
    }

    describe("with the seed", () => {
      beforeEach(async () => {
        h = await startApi({ backend });
        key = await h.key();
      });

      it("POST one order: 201 with the order reserved (PaymentPending), its lines and history; paid orders are Confirmed", async () => {
        const r = await post("/v1/orders", ORDER("WEB-1", { lines: [{ sku: "A", quantity: 2, unitPrice: 4.5 }], priority: 2, shipBy: "2030-01-31" }));
        expect(r.status).toBe(201);
        expect(r.json).toMatchObject({ number: "WEB-1", status: "PaymentPending", payment: "pending", priority: 2, shipBy: "2030-01-31", shipments: [] });
        expect(r.json.lines).toEqual([{ lineNo: 1, sku: "A", quantity: 2, unitPrice: 4.5, picked: 0, packed: 0, backordered: 0 }]);
        expect(r.json.history).toEqual([expect.objectContaining({ from: "Pending", to: "PaymentPending", event: "ReserveStock", actor: "api:shop" })]);
        const reservations = await h.store.listReservations({ orderRef: "WEB-1" });
        expect(reservations.reduce((s, x) => s + x.quantity, 0)).toBe(2);
        const paid = await post("/v1/orders", { ...ORDER("WEB-2"), payment: "paid" });
        expect(paid.json.status).toBe("Confirmed");
        // the outbox carries the events, as for a file import
        expect((await h.store.listOutbox({ orderRef: "WEB-1" })).map((e) => e.type)).toContain("inventory.reserved.v1");
      });

      it("POST a batch: all or nothing; an existing number is 409 API_ORDER_EXISTS", async () => {
        const r = await post("/v1/orders", { orders: [ORDER("B-1"), ORDER("B-2", { lines: [{ sku: "C", quantity: 99 }] })] });
        expect(r.status).toBe(201);
        expect(r.json).toMatchObject({ created: 2, reserved: 1, reservationFailed: 1, orders: [{ number: "B-1", status: "PaymentPending" }, { number: "B-2", status: "Pending" }] });
        const before = await rowCounts(h.store);
        const again = await post("/v1/orders", { orders: [ORDER("B-3"), ORDER("B-1")] });
        expect(again.status).toBe(409);
        expect(again.json).toMatchObject({ code: "API_ORDER_EXISTS", status: 409 });
        expect((await h.store.getOrder("B-3"))).toBeUndefined();
        expect({ ...(await rowCounts(h.store)), api_idempotency: 0 }).toEqual({ ...before, api_idempotency: 0 });
        const twice = await post("/v1/orders", { orders: [ORDER("B-4"), ORDER("B-4")] });
        expect(twice.status).toBe(422);
        expect(twice.json.errors).toEqual([expect.objectContaining({ pointer: "#/orders/1/number" })]);
      });

      it("GET an order; an unknown one is a 404 problem document; unknown routes and methods too", async () => {
        await post("/v1/orders", ORDER("WEB/1"));
        const r = await get("/v1/orders/WEB%2F1");
        expect(r.status).toBe(200);
        expect(r.json.number).toBe("WEB/1");
        const missing = await get("/v1/orders/NOPE");
        expect(missing.status).toBe(404);
        expect(missing.headers.get("content-type")).toBe("application/problem+json");
        expect(missing.json).toEqual({ type: "/v1/problems#ORDER_NOT_FOUND", title: "No order has that number or id", status: 404, detail: 'no order "NOPE"', code: "ORDER_NOT_FOUND" });
        // internal ids are not order numbers
        expect((await get(`/v1/orders/${(await h.store.getOrder("WEB/1"))!.order.id}`)).status).toBe(404);
        expect((await get("/v1/nothing")).json.code).toBe("NOT_FOUND");
        const method = await call(h.url, "DELETE", "/v1/orders/WEB%2F1", { key });
        expect(method.status).toBe(405);
        expect(method.headers.get("allow")).toBe("GET, PATCH");
      });

      it("payment: succeeded confirms, failed cancels and releases; a second result is 409; unknown order 404", async () => {
        await post("/v1/orders", ORDER("P-1"));
        await post("/v1/orders", ORDER("P-2"));
        const ok = await post("/v1/orders/P-1/payment", { result: "succeeded", reference: "pi_123" });
        expect(ok.status).toBe(200);
        expect(ok.json).toMatchObject({ number: "P-1", from: "PaymentPending", to: "Confirmed" });
        const again = await post("/v1/orders/P-1/payment", { result: "failed", reason: "late" });
        expect(again.status).toBe(409);
        expect(again.json.code).toBe("ORDER_ILLEGAL_TRANSITION");
        const failed = await post("/v1/orders/P-2/payment", { result: "failed", reason: "card declined" });
        expect(failed.json).toMatchObject({ to: "Cancelled" });
        const released = await h.store.listReservations({ orderRef: "P-2" });
        expect(released.length).toBeGreaterThan(0);
        expect(released.map((x) => x.state)).toEqual(released.map(() => "released"));
        expect((await post("/v1/orders/NOPE/payment", { result: "succeeded" })).status).toBe(404);
        const bad = await post("/v1/orders/P-1/payment", { result: "maybe" });
        expect(bad.status).toBe(422);
        expect(bad.json.errors).toEqual([{ pointer: "#/result", field: "result", detail: "must be succeeded or failed" }]);
      });

      it("PATCH ship-to, priority, ship-by: changed and audited; invalid fields 422; unknown order 404", async () => {
        await post("/v1/orders", ORDER("C-1"));
        const shipTo = { name: "Ada", street: "2 New St", postalCode: "20095", city: "Hamburg", country: "DE" };
        const r = await call(h.url, "PATCH", "/v1/orders/C-1", { key, body: { shipTo, priority: 1, shipBy: "2031-05-01" } });
        expect(r.status).toBe(200);
        expect(r.json).toMatchObject({ shipTo, priority: 1, shipBy: "2031-05-01", status: "PaymentPending" });
        expect((r.json.history as { event: string; reason: string }[]).at(-1)).toMatchObject({ event: "ImportUpdate", reason: expect.stringContaining("shipTo") });
        const empty = await call(h.url, "PATCH", "/v1/orders/C-1", { key, body: {} });
        expect(empty.status).toBe(422);
        expect(empty.json.errors).toEqual([{ pointer: "#", detail: "give at least one of shipTo, priority, shipBy" }]);
        expect((await call(h.url, "PATCH", "/v1/orders/C-1", { key, body: { lines: [] } })).json.errors).toEqual(expect.arrayContaining([{ pointer: "#/lines", field: "lines", detail: "unknown field" }]));
        expect((await call(h.url, "PATCH", "/v1/orders/NOPE", { key, body: { priority: 1 } })).status).toBe(404);
      });

      it("cancel: Cancelled with the reason; a reason is required", async () => {
        await post("/v1/orders", ORDER("X-1"));
        const r = await post("/v1/orders/X-1/cancel", { reason: "customer changed their mind" });
        expect(r.status).toBe(200);
        expect(r.json).toMatchObject({ number: "X-1", to: "Cancelled", reason: "customer changed their mind" });
        expect((await post("/v1/orders/X-1/cancel", {})).json.errors).toEqual([{ pointer: "#/reason", field: "reason", detail: "is required" }]);
      });

      it("GET /v1/orders: every change once, in pages, with a stable cursor that also finds later changes", async () => {
        const t0 = new Date(Date.now() - 1000).toISOString();
        for (let i = 0; i < 7; i++) await post("/v1/orders", ORDER(`L-${i}`));
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        for (;;) {
          const r = await get(`/v1/orders?limit=3${cursor ? `&cursor=${cursor}` : `&updatedSince=${encodeURIComponent(t0)}`}`);
          expect(r.status).toBe(200);
          pages++;
          seen.push(...(r.json.orders as { number: string }[]).map((o) => o.number));
          cursor = r.json.nextCursor as string;
          if (!r.json.hasMore) break;
        }
        expect(pages).toBe(3);
        expect(seen).toEqual(["L-0", "L-1", "L-2", "L-3", "L-4", "L-5", "L-6"]);
        // nothing new: an empty page that keeps the cursor
        const idle = await get(`/v1/orders?cursor=${cursor}`);
        expect(idle.json).toEqual({ orders: [], nextCursor: cursor, hasMore: false });
        await post("/v1/orders/L-2/cancel", { reason: "changed" });
        const later = await get(`/v1/orders?cursor=${cursor}`);
        expect(later.json.orders).toEqual([expect.objectContaining({ number: "L-2", status: "Cancelled" })]);
        const bad = await get("/v1/orders?cursor=xyz&limit=0&updatedSince=yesterday");
        expect(bad.status).toBe(400);
        expect((bad.json.errors ?? []).map((e) => e.pointer).sort()).toEqual(["cursor", "limit", "updatedSince"]);
      });

      it("GET /v1/orders lists only settled changes: the last moments' wait (a transaction stamped earlier may commit later)", async () => {
        await h.cleanup();
        h = await startApi({ backend, settleMs: 60_000 });
        key = await h.key();
        await post("/v1/orders", ORDER("Q-1"));
        const r = await get(`/v1/orders?updatedSince=${encodeURIComponent(new Date(Date.now() - 5000).toISOString())}`);
        expect(r.json).toEqual({ orders: [], nextCursor: null, hasMore: false });
        const older = await get("/v1/orders");
        expect((older.json.orders as unknown[]).length).toBe(0);
      });

      it("GET /v1/stock?sku=: availability per warehouse; no sku 400, unknown sku 404", async () => {
        await post("/v1/orders", ORDER("S-1", { lines: [{ sku: "A", quantity: 3 }] }));
        const r = await get("/v1/stock?sku=A");
        expect(r.status).toBe(200);
        const warehouses = r.json.warehouses as { warehouse: string; onHand: number; available: number; reserved: number }[];
        expect(warehouses.map((w) => w.warehouse)).toEqual(["WH1", "WH2"]);
        expect(warehouses.reduce((s, w) => s + w.onHand, 0)).toBe(11);
        expect(r.json.available).toBe(8);
        expect(warehouses.reduce((s, w) => s + w.reserved, 0)).toBe(3);
        expect((await get("/v1/stock")).json.code).toBe("API_QUERY_INVALID");
        expect((await get("/v1/stock?sku=NOPE")).status).toBe(404);
      });
    });

    describe("a packed order", () => {
      beforeEach(async () => {
        h = await startApi({ backend, seed: false });
        key = await h.key();
        await packedOrder("SO-P");
      });

      it("GET shows its shipment with SSCC and tracking; cancel is 409 with the rule's code; PATCH is refused 409; nothing changes", async () => {
        const r = await get("/v1/orders/SO-P");
        expect(r.json.status).toBe("Packed");
        const shipments = r.json.shipments as { sscc: string; trackingNumber: string; carton: number }[];
        expect(shipments).toHaveLength(1);
        expect(shipments[0]!.sscc).toMatch(/^\d{18}$/);
        expect(shipments[0]!.trackingNumber).toBeTruthy();
        expect(shipments[0]!.carton).toBe(1);
        const before = await rowCounts(h.store);
        const cancel = await post("/v1/orders/SO-P/cancel", { reason: "too late" });
        expect(cancel.status).toBe(409);
        expect(cancel.json).toMatchObject({ code: "ORDER_NOT_CANCELLABLE", status: 409, type: "/v1/problems#ORDER_NOT_CANCELLABLE" });
        const patch = await call(h.url, "PATCH", "/v1/orders/SO-P", { key, body: { priority: 0 } });
        expect(patch.status).toBe(409);
        expect(patch.json.code).toBe("API_ORDER_CHANGE_REFUSED");
        expect(patch.json.detail).toContain("Packed");
        expect({ ...(await rowCounts(h.store)), api_idempotency: 0 }).toEqual({ ...before, api_idempotency: 0 });
        expect((await get("/v1/orders/SO-P")).json).toEqual(r.json);
      });
    });
  });
}
