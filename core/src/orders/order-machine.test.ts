import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ORDER_EVENT_TYPES, carrierUpdateEvent, transition, type OrderEvent, type OrderEventType } from "./order-machine.js";
import { ORDER_STATUSES, type Order, type OrderStatus } from "./types.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");

function orderIn(status: OrderStatus, patch: Partial<Order> = {}): Order {
  return {
    id: 1,
    number: "SO-1",
    status,
    customer: "C",
    shipTo: { name: "N", street: "S", postalCode: "1", city: "X", country: "DE" },
    lines: [{ lineNo: 1, sku: "A", quantity: 2, unitPrice: 1, pickedQuantity: 0, packedQuantity: status === "Processing" ? 2 : 0, backorderedQuantity: 0 }],
    priority: 1,
    carrier: "c",
    service: "s",
    createdAt: NOW,
    updatedAt: NOW,
    version: 3,
    ...(status === "PaymentPending" ? { reservationExpiresAt: NOW + 1000 } : {}),
    ...patch,
  };
}

function sample(type: OrderEventType): OrderEvent {
  switch (type) {
    case "ReserveStock":
      return { type, holds: [{ lineNo: 1, sku: "A", warehouse: "WH1", quantity: 2 }], ttlMs: 900_000 };
    case "PaymentFailed":
    case "Cancel":
    case "RequestReturn":
    case "RejectReturn":
    case "RejectRefund":
    case "DeliveryFailed":
    case "ReturnedToSender":
      return { type, reason: "because" };
    case "Ship":
      return { type, trackingNumber: "T1" };
    case "ApproveRefund":
      return { type, restockWarehouse: "WH1", restockLocation: "A-1" };
    default:
      return { type } as OrderEvent;
  }
}

/** The diagram, written out independently of the implementation. Missing pairs must be refused. */
const EXPECTED: Record<string, OrderStatus> = {
  "Pending/ReserveStock": "PaymentPending",
  "Pending/Cancel": "Cancelled",
  "PaymentPending/PaymentSucceeded": "Confirmed",
  "PaymentPending/PaymentFailed": "Cancelled",
  "PaymentPending/Cancel": "Cancelled",
  "Confirmed/StartProcessing": "Processing",
  "Processing/StopProcessing": "Confirmed",
  "Confirmed/Cancel": "Cancelled",
  "Processing/MarkPacked": "Packed",
  "Packed/Ship": "Shipped",
  "Shipped/InTransit": "InTransit",
  "InTransit/OutForDelivery": "OutForDelivery",
  "InTransit/Delivered": "Delivered",
  "OutForDelivery/Delivered": "Delivered",
  // carriers skip scans: forward jumps along the delivery path
  "Shipped/OutForDelivery": "OutForDelivery",
  "Shipped/Delivered": "Delivered",
  // carrier exceptions
  "Shipped/DeliveryFailed": "InTransit",
  "InTransit/DeliveryFailed": "InTransit",
  "OutForDelivery/DeliveryFailed": "InTransit",
  "Shipped/ReturnedToSender": "ReturnShipped",
  "InTransit/ReturnedToSender": "ReturnShipped",
  "OutForDelivery/ReturnedToSender": "ReturnShipped",
  "Delivered/RequestReturn": "ReturnRequested",
  "ReturnRequested/ReviewReturn": "UnderReview",
  "UnderReview/ApproveReturn": "ReturnApproved",
  "UnderReview/RejectReturn": "ReturnRejected",
  "ReturnRejected/KeepOrder": "Delivered",
  "ReturnApproved/ReturnShipped": "ReturnShipped",
  "ReturnShipped/ReturnReceived": "ReturnReceived",
  "ReturnReceived/StartQualityCheck": "QualityCheck",
  "QualityCheck/ApproveRefund": "RefundApproved",
  "QualityCheck/RejectRefund": "RefundRejected",
  "RefundApproved/ProcessRefund": "RefundProcessed",
};

describe("order transition table: every (state, event) pair", () => {
  const pairs = ORDER_STATUSES.flatMap((s) => ORDER_EVENT_TYPES.map((e) => [s, e] as const));
  it.each(pairs)("%s + %s", (status, type) => {
    // Processing orders here are fully packed, so Cancel from Processing is refused (tested separately below).
    const result = transition(orderIn(status), sample(type), NOW);
    const expected = EXPECTED[`${status}/${type}`];
    if (expected) {
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.value.to).toBe(expected);
        expect(result.value.order.status).toBe(expected);
        expect(result.value.order.version).toBe(4);
        expect(result.value.effects.filter((e) => e.type === "outbox" && e.messageType === "order.status.changed.v1")).toHaveLength(1);
      }
    } else {
      expect(result.ok).toBe(false);
      // In the diagram but refused by a guard in this sample: the reservation has not expired yet.
      const guarded = status === "PaymentPending" && type === "ReservationExpired";
      if (!result.ok) {
        expect(guarded ? ["RESERVATION_STILL_ACTIVE"] : ["ORDER_ILLEGAL_TRANSITION", "ORDER_NOT_CANCELLABLE"]).toContain(result.error.code);
      }
    }
  });
});

describe("guards", () => {
  it("cancels Processing only while nothing is packed, and puts picked items back", () => {
    const picked = orderIn("Processing", { lines: [{ lineNo: 1, sku: "A", quantity: 2, unitPrice: 1, pickedQuantity: 1, packedQuantity: 0, backorderedQuantity: 0 }] });
    const r = transition(picked, { type: "Cancel", reason: "customer" }, NOW);
    expect(r.ok && r.value.effects.map((e) => (e.type === "outbox" ? e.messageType : e.type))).toEqual([
      "releaseStock",
      "createPutBackTask",
      "withdrawFromPicking",
      "order.status.changed.v1",
      "inventory.released.v1",
      "order.cancelled.v1",
    ]);
    const packed = transition(orderIn("Processing"), { type: "Cancel", reason: "customer" }, NOW);
    expect(!packed.ok && packed.error.message).toContain("items are already packed");
  });

  it("every transition into Cancelled from a state holding stock takes the order off picking", () => {
    const expired = { reservationExpiresAt: NOW - 1 };
    const cases = [
      transition(orderIn("Confirmed"), { type: "Cancel", reason: "customer" }, NOW),
      transition(orderIn("PaymentPending", expired), { type: "Cancel", reason: "customer" }, NOW),
      transition(orderIn("PaymentPending", expired), { type: "PaymentFailed", reason: "declined" }, NOW),
      transition(orderIn("PaymentPending", expired), { type: "ReservationExpired" }, NOW),
    ];
    for (const r of cases) {
      expect(r.ok && r.value.to).toBe("Cancelled");
      expect(r.ok && r.value.effects.some((e) => e.type === "withdrawFromPicking")).toBe(true);
    }
    const pending = transition(orderIn("Pending"), { type: "Cancel", reason: "customer" }, NOW);
    // A Pending order holds no stock: nothing is released.
    expect(pending.ok && pending.value.effects.map((e) => (e.type === "outbox" ? e.messageType : e.type))).toEqual(["order.status.changed.v1", "order.cancelled.v1"]);
  });

  it("refuses to cancel shipped orders with the return hint", () => {
    for (const s of ["Shipped", "InTransit", "Delivered"] as const) {
      const r = transition(orderIn(s), { type: "Cancel", reason: "x" }, NOW);
      expect(!r.ok && r.error.code).toBe("ORDER_NOT_CANCELLABLE");
      expect(!r.ok && r.error.message).toContain("already shipped — use a return");
    }
  });

  it("confirms payment only before the reservation expires (expiry instant excluded)", () => {
    const o = orderIn("PaymentPending", { reservationExpiresAt: NOW + 900_000 });
    expect(transition(o, { type: "PaymentSucceeded" }, NOW + 899_999).ok).toBe(true);
    const late = transition(o, { type: "PaymentSucceeded" }, NOW + 900_000);
    expect(!late.ok && late.error.code).toBe("RESERVATION_EXPIRED");
    expect(transition(o, { type: "ReservationExpired" }, NOW + 899_999).ok).toBe(false);
    expect(transition(o, { type: "ReservationExpired" }, NOW + 900_000).ok).toBe(true);
  });

  it("marks packed only when every line is packed", () => {
    const partial = orderIn("Processing", { lines: [{ lineNo: 1, sku: "A", quantity: 2, unitPrice: 1, pickedQuantity: 2, packedQuantity: 1, backorderedQuantity: 0 }] });
    const r = transition(partial, { type: "MarkPacked" }, NOW);
    expect(!r.ok && r.error.code).toBe("ORDER_NOT_FULLY_PACKED");
  });

  it("packs an order without its back-ordered units, but not one with nothing packed", () => {
    const line = { lineNo: 1, sku: "A", quantity: 3, unitPrice: 1, pickedQuantity: 2, packedQuantity: 2, backorderedQuantity: 1 };
    const r = transition(orderIn("Processing", { lines: [line] }), { type: "MarkPacked", cartons: 1 }, NOW);
    expect(r.ok && r.value.reason).toBe("all available items packed; 1 back-ordered");
    expect(r.ok && r.value.metadata).toEqual({ cartons: 1, backordered: [{ lineNo: 1, sku: "A", quantity: 1 }] });
    const none = transition(orderIn("Processing", { lines: [{ ...line, pickedQuantity: 0, packedQuantity: 0, backorderedQuantity: 3 }] }), { type: "MarkPacked" }, NOW);
    expect(!none.ok && none.error.message).toContain("nothing is packed");
  });

  it("never modifies its input", () => {
    const o = Object.freeze(orderIn("Pending"));
    transition(o, sample("ReserveStock"), NOW);
    expect(o.status).toBe("Pending");
  });
});

describe("carrier updates", () => {
  it("may skip steps forward along the delivery path, auditing the skipped states, never go back", () => {
    const jump = transition(orderIn("Shipped"), { type: "Delivered" }, NOW);
    expect(jump.ok && jump.value.to).toBe("Delivered");
    expect(jump.ok && jump.value.metadata).toEqual({ skipped: ["InTransit", "OutForDelivery"] });
    expect(jump.ok && jump.value.reason).toBe("Delivered (carrier skipped InTransit, OutForDelivery)");
    const step = transition(orderIn("InTransit"), { type: "OutForDelivery" }, NOW);
    expect(step.ok && step.value.metadata).toEqual({});
    expect(transition(orderIn("OutForDelivery"), { type: "InTransit" }, NOW).ok).toBe(false);
    expect(transition(orderIn("Packed"), { type: "Delivered" }, NOW).ok).toBe(false);
  });

  it("records carrier exceptions: a failed delivery goes back in transit, a return to sender takes the returns path", () => {
    const failed = transition(orderIn("OutForDelivery"), carrierUpdateEvent("delivery-failed", "nobody home"), NOW);
    expect(failed.ok && [failed.value.to, failed.value.reason]).toEqual(["InTransit", "delivery failed: nobody home"]);
    const back = transition(orderIn("InTransit"), carrierUpdateEvent("returned-to-sender", "address unknown"), NOW);
    expect(back.ok && back.value.to).toBe("ReturnShipped");
    expect(back.ok && back.value.effects.some((e) => e.type === "outbox" && e.messageType === "shipment.returned-to-sender.v1")).toBe(true);
    expect(transition(orderIn("Delivered"), carrierUpdateEvent("delivery-failed"), NOW).ok).toBe(false);
  });
});

describe("model-based: random event sequences", () => {
  it("applies only legal moves, each producing exactly one status-change message", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER_EVENT_TYPES), { maxLength: 40 }), fc.boolean(), (events, packLines) => {
        let order = orderIn("Pending", { lines: [{ lineNo: 1, sku: "A", quantity: 2, unitPrice: 1, pickedQuantity: 0, packedQuantity: 0, backorderedQuantity: 0 }] });
        let modelState: OrderStatus = "Pending";
        let applied = 0;
        let now = NOW;
        for (const type of events) {
          now += 1000;
          if (packLines && order.status === "Processing") {
            order = { ...order, lines: order.lines.map((l) => ({ ...l, pickedQuantity: l.quantity, packedQuantity: l.quantity, backorderedQuantity: 0 })) };
          }
          const r = transition(order, sample(type), now);
          const anyPacked = order.lines.some((l) => l.packedQuantity > 0);
          const allPacked = order.lines.every((l) => l.packedQuantity >= l.quantity);
          let expected = EXPECTED[`${modelState}/${type}`];
          if (type === "Cancel" && modelState === "Processing" && !anyPacked) expected = "Cancelled";
          if (type === "Cancel" && modelState === "Processing" && anyPacked) expected = undefined;
          if (type === "MarkPacked" && !allPacked) expected = undefined;
          if (type === "PaymentSucceeded" && order.reservationExpiresAt !== undefined && now >= order.reservationExpiresAt) expected = undefined;
          if (type === "ReservationExpired" && modelState === "PaymentPending" && now < (order.reservationExpiresAt ?? Infinity)) expected = undefined;
          expect(r.ok).toBe(expected !== undefined);
          if (r.ok) {
            applied++;
            expect(r.value.from).toBe(modelState);
            expect(r.value.to).toBe(expected);
            expect(r.value.order.version).toBe(order.version + 1);
            modelState = r.value.to;
            order = r.value.order;
          }
        }
        expect(order.version).toBe(3 + applied);
      }),
      { numRuns: 2000 },
    );
  });
});
