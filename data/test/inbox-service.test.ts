// The broker inbox on both dialects: a message from the order system is applied once, however often
// it is delivered (the message id is recorded in the same transaction as the effect); order.created.v1
// creates and reserves through the import workflow (the outbox answers inventory.reserved.v1 /
// inventory.failed.v1); payments confirm or cancel; a business refusal is recorded and answered with
// order.request.refused.v1 (once); a poison message is rejected with its reason and writes nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { receiveInboxMessage, REQUEST_REFUSED_EVENT, type InboundMessage, type SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";
import { order, seedBatch } from "./fixtures.js";

const T0 = Date.parse("2026-11-22T08:00:00.000Z");
const by = (min = 0) => ({ now: T0 + min * 60_000, actor: "order-system" });

const msg = (type: string, data: unknown, id: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
  messageId: id,
  type,
  source: "orders.pickpack",
  body: JSON.stringify({ id, type, timestamp: "2026-11-22T08:00:00Z", data }),
  ...extra,
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`inbox on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      await store.importData(seedBatch(), { now: T0, actor: "test" });
    });
    afterEach(async () => cleanup());

    const outboxTypes = async (n: string) => (await store.listOutbox({ orderRef: n })).map((r) => r.type);
    const inboxRows = () => store.kysely.selectFrom("inbox").selectAll().execute();

    it("order.created.v1 creates and reserves once; the same message again changes nothing", async () => {
      const created = msg("order.created.v1", { ...order("SO-1", [["A", 2], ["B", 1]]), payment: "pending" }, "m-1");
      const first = await receiveInboxMessage(store, created, by());
      expect(first).toMatchObject({ kind: "applied", orderNumber: "SO-1", summary: { created: 1, reserved: 1 } });
      expect((await store.getOrder("SO-1"))?.order.status).toBe("PaymentPending");
      expect(await outboxTypes("SO-1")).toEqual(["inventory.reserved.v1", "order.status.changed.v1"]);
      for (let i = 0; i < 3; i++) expect(await receiveInboxMessage(store, { ...created, redelivered: true } as InboundMessage, by(1))).toMatchObject({ kind: "duplicate", messageId: "m-1" });
      expect(await outboxTypes("SO-1")).toEqual(["inventory.reserved.v1", "order.status.changed.v1"]);
      expect((await store.listReservations({ orderRef: "SO-1" })).reduce((n, r) => n + r.quantity, 0)).toBe(3);
      expect(await inboxRows()).toMatchObject([{ message_id: "m-1", type: "order.created.v1", order_number: "SO-1", outcome: "applied" }]);

      // the payment confirms it, once
      const paid = msg("payment.generated.v1", { orderNumber: "SO-1", status: "succeeded", reference: "PAY-9" }, "m-2");
      expect(await receiveInboxMessage(store, paid, by(2))).toMatchObject({ kind: "applied", summary: { from: "PaymentPending", to: "Confirmed" } });
      expect(await receiveInboxMessage(store, paid, by(3))).toMatchObject({ kind: "duplicate" });
      expect((await store.getOrder("SO-1"))?.order.status).toBe("Confirmed");
      // a second payment report with another id: already paid, nothing to do and no refusal
      expect(await receiveInboxMessage(store, msg("order.payment.updated.v1", { orderNumber: "SO-1", status: "succeeded" }, "m-3"), by(4))).toMatchObject({ kind: "applied", summary: { note: "already paid" } });
      expect(await outboxTypes("SO-1")).toEqual(["inventory.reserved.v1", "order.status.changed.v1", "order.status.changed.v1"]);
    });

    it("the envelope's id stands in for a missing message id; the same order in parallel is applied once", async () => {
      const body = JSON.stringify({ id: "env-7", type: "order.created.v1", data: order("SO-7", [["A", 1]]) });
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => receiveInboxMessage(store, { type: "order.created.v1", source: "q", body }, by())));
      expect(outcomes.filter((o) => o.kind === "applied")).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === "duplicate")).toHaveLength(5);
      expect((await store.getOrder("SO-7"))?.order.status).toBe("Confirmed"); // payment defaults to paid, as in the file import
      expect((await store.listReservations({ orderRef: "SO-7" })).length).toBe(1);
    });

    it("answers inventory.failed.v1 when the stock is short (the order waits Pending)", async () => {
      const o = await receiveInboxMessage(store, msg("order.created.v1", order("SO-2", [["C", 99]]), "m-short"), by());
      expect(o).toMatchObject({ kind: "applied", summary: { created: 1, reservationFailed: 1 } });
      expect(await outboxTypes("SO-2")).toEqual(["inventory.failed.v1"]);
    });

    it("payment failed cancels; a cancel request cancels and releases the stock", async () => {
      await receiveInboxMessage(store, msg("order.created.v1", { ...order("SO-3", [["B", 2]]), payment: "pending" }, "c-3"), by());
      expect(await receiveInboxMessage(store, msg("payment.generated.v1", { orderNumber: "SO-3", status: "failed", reason: "card declined" }, "p-3"), by(1))).toMatchObject({ kind: "applied", summary: { to: "Cancelled" } });
      await receiveInboxMessage(store, msg("order.created.v1", order("SO-4", [["B", 2]]), "c-4"), by());
      expect(await receiveInboxMessage(store, msg("order.cancel.requested.v1", { orderNumber: "SO-4", reason: "customer changed mind" }, "x-4"), by(1))).toMatchObject({ kind: "applied", summary: { from: "Confirmed", to: "Cancelled" } });
      expect(await receiveInboxMessage(store, msg("order.cancel.requested.v1", { orderNumber: "SO-4" }, "x-4b"), by(2))).toMatchObject({ kind: "applied", summary: { note: "already cancelled" } });
      const active = await store.listReservations({ activeAt: T0 + 5 * 60_000 });
      expect(active.filter((r) => ["SO-3", "SO-4"].includes(r.orderNumber))).toEqual([]);
    });

    it("a business refusal is recorded and answered with order.request.refused.v1, once", async () => {
      await receiveInboxMessage(store, msg("order.created.v1", order("SO-5", [["A", 1]]), "c-5"), by()); // Confirmed (paid)
      const failed = msg("payment.generated.v1", { orderNumber: "SO-5", status: "failed" }, "p-5");
      const r = await receiveInboxMessage(store, failed, by(1));
      expect(r).toMatchObject({ kind: "refused", code: "ORDER_ILLEGAL_TRANSITION", orderNumber: "SO-5" });
      expect(await receiveInboxMessage(store, failed, by(2))).toMatchObject({ kind: "duplicate" });
      expect((await store.getOrder("SO-5"))?.order.status).toBe("Confirmed");
      const out = await store.listOutbox({ orderRef: "SO-5" });
      const refused = out.filter((e) => e.type === REQUEST_REFUSED_EVENT);
      expect(refused).toHaveLength(1);
      expect(refused[0]?.payload).toMatchObject({ orderNumber: "SO-5", request: "payment.generated.v1", messageId: "p-5", code: "ORDER_ILLEGAL_TRANSITION" });
      expect((await inboxRows()).find((x) => x.message_id === "p-5")).toMatchObject({ outcome: "refused" });
    });

    it("order.created.v1 again for an order too far along to change is refused, not applied", async () => {
      await receiveInboxMessage(store, msg("order.created.v1", order("SO-6", [["B", 1]]), "c-6"), by());
      await store.applyOrderEvent("SO-6", { type: "StartProcessing" }, by(1));
      const changed = await receiveInboxMessage(store, msg("order.created.v1", order("SO-6", [["B", 3]]), "c-6b"), by(2));
      expect(changed).toMatchObject({ kind: "refused", code: "INBOX_ORDER_CONFLICT", orderNumber: "SO-6" });
      expect((await store.getOrder("SO-6"))?.order.lines.map((l) => l.quantity)).toEqual([1]);
      expect((await store.listOutbox({ orderRef: "SO-6" })).filter((e) => e.type === REQUEST_REFUSED_EVENT)).toHaveLength(1);
      // the same order sent again unchanged: nothing to do
      expect(await receiveInboxMessage(store, msg("order.created.v1", order("SO-6", [["B", 1]]), "c-6c"), by(3))).toMatchObject({ kind: "applied", summary: { unchanged: ["SO-6"] } });
    });

    it("rejects poison messages with their reason and writes nothing", async () => {
      const cases: [InboundMessage, RegExp][] = [
        [{ messageId: "b1", type: "order.created.v1", source: "q", body: "{not json" }, /not JSON/],
        [{ messageId: "b2", type: "order.created.v1", source: "q", body: new Uint8Array([0xff, 0xfe, 0x00]) }, /not UTF-8/],
        [msg("order.shipped.v1", {}, "b3"), /unknown message type "order.shipped.v1"/],
        [{ type: "order.created.v1", source: "q", body: JSON.stringify({ data: order("SO-9", [["A", 1]]) }) }, /no id/],
        [msg("order.created.v1", { ...order("SO-9", [["A", 0]]), colour: "red" }, "b5"), /data\.lines\[0\]\.quantity: must be 1 or more/],
        [msg("order.created.v1", order("SO-9", [["NOPE", 1]]), "b6"), /unknown SKU "NOPE"/],
        [msg("payment.generated.v1", { orderNumber: "SO-404", status: "succeeded" }, "b7"), /no order "SO-404"/],
        [msg("payment.generated.v1", { orderNumber: "SO-1", status: "maybe" }, "b8"), /data\.status: must be succeeded or failed/],
        [{ ...msg("order.created.v1", order("SO-9", [["A", 1]]), "b9"), body: JSON.stringify({ id: "b9", type: "order.cancel.requested.v1", data: {} }) }, /routing key order.created.v1 but the envelope's type is order.cancel.requested.v1/],
        [{ messageId: "b10", type: "order.created.v1", source: "q", body: "[1,2]" }, /not an envelope/],
      ];
      for (const [m, reason] of cases) {
        const o = await receiveInboxMessage(store, m, by());
        expect(o.kind, JSON.stringify(o)).toBe("rejected");
        expect(o.kind === "rejected" && o.reason).toMatch(reason);
      }
      expect(await inboxRows()).toEqual([]);
      expect(await store.getOrder("SO-9")).toBeUndefined();
    });
  });
}
