import { Argument, Option, type Command } from "commander";
import {
  CARRIER_UPDATES,
  ERROR_CODES,
  InputError,
  MAX_LIST_LIMIT,
  isErrorCode,
  ORDER_STATUSES,
  PickpackError,
  carrierUpdateEvent,
  isOrderStatus,
  type CarrierUpdate,
  type OrderDetails,
  type OrderEvent,
  type TransitionOutput,
} from "@pickpack/core";
import { ExitCode, ExitWith } from "../exit-codes.js";
import type { CommandContext } from "../context.js";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { sanitizeForTerminal, table } from "../output/table.js";
import { isoTime } from "../output/format.js";

export const registerOrders: Registrar = (program, ctx) => {
  const orders = program.command("orders").description("list, inspect and move orders through their lifecycle");

  orders
    .command("list")
    .description("list orders")
    .addOption(new Option("--status <status>", "only orders in this state").choices([...ORDER_STATUSES]))
    .option("--limit <n>", "at most this many", parseCount)
    .option("--json", "print as JSON")
    .action(async (opts: { status?: string; limit?: number; json?: boolean }) => {
      const list = await withStore(ctx, (s) =>
        s.listOrders({ ...(opts.status && isOrderStatus(opts.status) ? { status: opts.status } : {}), ...(opts.limit ? { limit: opts.limit } : {}) }),
      );
      if (opts.json) {
        return ctx.printJson(
          list.map((o) => ({ ...o, createdAt: isoTime(o.createdAt), updatedAt: isoTime(o.updatedAt), reservationExpiresAt: o.reservationExpiresAt ? isoTime(o.reservationExpiresAt) : null })),
        );
      }
      ctx.print(table(["ID", "NUMBER", "STATUS", "CUSTOMER", "LINES", "UNITS", "PRIO", "CARRIER", "UPDATED"], list.map((o) => [o.id, o.number, o.status, o.customer, o.lines, o.units, o.priority, o.carrier, isoTime(o.updatedAt)])));
      ctx.print(`${list.length} order${list.length === 1 ? "" : "s"}`);
    });

  orders
    .command("show")
    .description("an order: lines, reservations and its full transition history")
    .argument("<order>", "order number or id")
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: { json?: boolean }) => {
      const { backordersOf } = await import("@pickpack/data/planning");
      const found = await withStore(ctx, async (s) => {
        const d = await s.getOrder(ref);
        return d ? { details: d, backorders: await backordersOf(s, d.order.number) } : undefined;
      });
      if (!found) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(ref)} (give its number or id)`);
      const { details, backorders } = found;
      if (opts.json) return ctx.printJson({ ...orderJson(details), backorders });
      printOrder(ctx, details);
      if (backorders.length > 0) {
        ctx.print("");
        ctx.print("Back-orders (units no location or warehouse had at picking; `pickpack backorders` to allocate or cancel)");
        ctx.print(table(["ID", "LINE", "SKU", "QTY", "STATUS"], backorders.map((b) => [b.id, b.lineNo, b.sku, b.quantity, b.status])));
      }
    });

  orders
    .command("reserve")
    .description("retry reserving stock for a Pending order")
    .argument("<order>", "order number or id")
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: { json?: boolean }) => {
      const out = await withStore(ctx, (s) => s.reserveOrder(ref, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
      if (opts.json) return ctx.printJson({ order: out.order.number, reserved: out.reserved, status: out.order.status, missing: out.missing });
      if (out.reserved) ctx.print(`order ${out.order.number}: stock reserved until ${isoTime(out.order.reservationExpiresAt)} (PaymentPending)`);
      else {
        ctx.print(`order ${out.order.number}: not enough stock, still Pending; missing:`);
        ctx.print(table(["LINE", "SKU", "MISSING"], out.missing.map((m) => [m.lineNo, m.sku, m.missing])));
      }
    });

  orders
    .command("pay")
    .description("record payment results: success confirms (Confirmed), failed cancels and releases stock")
    .argument("[orders...]", "order numbers or ids")
    .option("--all-pending", "every order waiting for payment (PaymentPending)")
    .addOption(new Option("--result <result>", "payment result").choices(["success", "failed"]).makeOptionMandatory())
    .option("--reason <text>", "why the payment failed", nonEmpty("--reason"), "payment declined")
    .option("--ref <payment-ref>", "the payment provider's reference (one order only)")
    .option("--json", "print as JSON")
    .action(async (refs: string[], opts: { allPending?: boolean; result: "success" | "failed"; reason: string; ref?: string; json?: boolean }) => {
      if (refs.length === 0 && !opts.allPending) throw new InputError("ARGUMENT_INVALID", "give the orders to record a payment for, or --all-pending", [{ field: "orders", message: "is required (or --all-pending)" }]);
      if (refs.length > 0 && opts.allPending) throw new InputError("ARGUMENT_INVALID", "give either order numbers or --all-pending, not both", [{ field: "--all-pending", message: "cannot be combined with order numbers" }]);
      if (opts.ref && refs.length !== 1) throw new InputError("ARGUMENT_INVALID", "--ref names one payment: give exactly one order with it", [{ field: "--ref", message: "needs exactly one order" }]);
      const event: OrderEvent =
        opts.result === "success" ? { type: "PaymentSucceeded", ...(opts.ref ? { paymentRef: opts.ref } : {}) } : { type: "PaymentFailed", reason: opts.reason };
      await withStore(ctx, async (s) => {
        // --all-pending: the orders still waiting; those whose reservation lapsed are the sweeper's.
        const now = ctx.io.clock.now();
        const pending = opts.allPending ? await s.listOrders({ status: "PaymentPending" }) : [];
        const lapsed = pending.filter((o) => o.reservationExpiresAt !== undefined && o.reservationExpiresAt <= now).map((o) => o.number);
        const targets = opts.allPending ? pending.filter((o) => !lapsed.includes(o.number)).map((o) => o.number) : refs;
        if (refs.length === 1) {
          // One order: its refusal is the command's (exit 1 or 2 as usual).
          const out = await s.applyOrderEvent(refs[0]!, event, { now: ctx.io.clock.now(), actor: actorOf(ctx) });
          if (opts.json) return ctx.printJson({ order: out.order.number, from: out.from, to: out.to, reason: out.reason });
          return ctx.print(`order ${sanitizeForTerminal(out.order.number)}: ${out.from} → ${out.to} (${sanitizeForTerminal(out.reason)})`);
        }
        // Several: each in its own transaction; one refusal does not stop the others.
        const results: ({ order: string; from: string; to: string; reason: string } | { order: string; error: { code: string; message: string } })[] = [];
        for (const ref of targets) {
          try {
            const out = await s.applyOrderEvent(ref, event, { now: ctx.io.clock.now(), actor: actorOf(ctx) });
            results.push({ order: out.order.number, from: out.from, to: out.to, reason: out.reason });
          } catch (e) {
            if (!(e instanceof PickpackError)) throw e;
            results.push({ order: ref, error: { code: e.code, message: e.message } });
          }
        }
        const refused = results.filter((r) => "error" in r).length;
        if (opts.json) ctx.printJson({ orders: results, done: results.length - refused, refused, ...(opts.allPending ? { lapsed } : {}) });
        else {
          for (const r of results) {
            if ("error" in r) ctx.io.stderr.write(`refused [${r.error.code}]: ${sanitizeForTerminal(r.error.message)}\n`);
            else ctx.print(`order ${sanitizeForTerminal(r.order)}: ${r.from} → ${r.to} (${sanitizeForTerminal(r.reason)})`);
          }
          ctx.print(`${results.length - refused} of ${results.length} order${results.length === 1 ? "" : "s"} ${opts.result === "success" ? "confirmed" : "cancelled"}${refused > 0 ? `, ${refused} refused` : ""}`);
          if (lapsed.length > 0) ctx.print(`${lapsed.length} order${lapsed.length === 1 ? "" : "s"} whose reservation lapsed left out (\`reservations sweep\` cancels them): ${lapsed.slice(0, 10).join(", ")}${lapsed.length > 10 ? ` and ${lapsed.length - 10} more` : ""}`);
        }
        // An unknown order is bad input (exit 2), as for one order; otherwise a refusal (exit 1).
        const unknown = results.some((r) => "error" in r && isErrorCode(r.error.code) && ERROR_CODES[r.error.code].kind === "input");
        if (refused > 0) throw new ExitWith(unknown ? ExitCode.Usage : ExitCode.Refused);
      });
    });

  orders
    .command("cancel")
    .description("cancel an order (until it is packed; shipped orders need a return)")
    .argument("<order>", "order number or id")
    .requiredOption("--reason <text>", "why (required; recorded in the audit trail)", nonEmpty("--reason"))
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: { reason: string; json?: boolean }) => {
      // The one cancellation path: the order's open pick-list lines leave their trips in the same transaction.
      const { cancelOrder } = await import("@pickpack/data");
      const c = await withStore(ctx, (s) => cancelOrder(s, ref, opts.reason, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
      const out = c.transition;
      if (opts.json) return ctx.printJson({ order: out.order.number, from: out.from, to: out.to, reason: out.reason, removedPickLines: c.removedLines, putBack: c.putBack });
      ctx.print(`order ${sanitizeForTerminal(out.order.number)}: ${out.from} → ${out.to} (${sanitizeForTerminal(out.reason)})`);
      for (const l of c.removedLines) ctx.print(`  removed from pick list ${l.pickListId}: line ${l.lineId} ${sanitizeForTerminal(l.location)} ${sanitizeForTerminal(l.sku)}×${l.quantity}`);
      if (c.putBack.length > 0) {
        ctx.print(`  put-back task created for picked items: ${c.putBack.map((p) => `${sanitizeForTerminal(p.sku)}×${p.quantity}`).join(", ")} (see \`pickpack tasks list\`)`);
      }
    });

  orders
    .command("ship")
    .description("hand a packed order to the carrier (Packed → Shipped): the same as `pickpack ship`")
    .argument("<order>", "order number or id")
    .option("--tracking <number>", "a tracking number from a carrier outside pickpack (default: the first carton's)")
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: { tracking?: string; json?: boolean }) => {
      // One ship path: the packing service's ship, whichever command a person types.
      const { shipOrder } = await import("./shipping.js");
      const t = await shipOrder(ctx, ref, opts.tracking !== undefined ? { trackingNumber: opts.tracking } : {});
      if (opts.json) return ctx.printJson({ order: t.order.number, from: t.from, to: t.to, reason: t.reason, trackingNumber: t.order.trackingNumber ?? null });
      ctx.print(`order ${sanitizeForTerminal(t.order.number)}: ${t.from} → ${t.to} (tracking ${sanitizeForTerminal(t.order.trackingNumber ?? "?")})`);
    });

  orders
    .command("track")
    .description("record a carrier update; carriers skip scans, so any later step on the delivery path is accepted (the skipped ones are audited)")
    .argument("<order>", "order number or id")
    .addArgument(new Argument("<update>", "the carrier's status (delivery-failed: back in transit for another attempt; returned-to-sender: on its way back, then the returns path)").choices([...CARRIER_UPDATES]))
    .option("--reason <text>", "the carrier's reason, for delivery-failed and returned-to-sender", nonEmpty("--reason"))
    .option("--json", "print as JSON")
    .action(async (ref: string, update: CarrierUpdate, opts: { reason?: string; json?: boolean }) => {
      await applyAndPrint(ctx, ref, carrierUpdateEvent(update, opts.reason), opts.json);
    });

  registerReturns(orders, ctx);
};

function registerReturns(orders: Command, ctx: CommandContext): void {
  const ret = orders.command("return").description("the returns path: request, review, approve|reject, keep, shipped, received, inspect");
  const step = (name: string, description: string, build: (opts: Record<string, string | undefined>) => OrderEvent, options: [string, string, boolean][] = []) => {
    const c = ret.command(name).description(description).argument("<order>", "order number or id").option("--json", "print as JSON");
    for (const [flags, help, required] of options) {
      const flag = flags.split(" ")[0]!;
      if (required) c.requiredOption(flags, `${help} (required)`, nonEmpty(flag));
      else c.option(flags, help, nonEmpty(flag));
    }
    c.action(async (ref: string, opts: Record<string, string | undefined> & { json?: boolean }) => applyAndPrint(ctx, ref, build(opts), opts.json));
  };
  step("request", "customer asks to return a delivered order (Delivered → ReturnRequested)", (o) => ({ type: "RequestReturn", reason: o.reason ?? "" }), [["--reason <text>", "why", true]]);
  step("review", "start reviewing the request (→ UnderReview)", () => ({ type: "ReviewReturn" }));
  step("approve", "approve the return (→ ReturnApproved)", () => ({ type: "ApproveReturn" }));
  step("reject", "reject the return (→ ReturnRejected)", (o) => ({ type: "RejectReturn", reason: o.reason ?? "" }), [["--reason <text>", "why", true]]);
  step("keep", "after a rejection the customer keeps the order (ReturnRejected → Delivered)", () => ({ type: "KeepOrder" }));
  step("shipped", "the customer shipped the return (→ ReturnShipped)", (o) => ({ type: "ReturnShipped", ...(o.tracking ? { trackingNumber: o.tracking } : {}) }), [["--tracking <number>", "return tracking number", false]]);
  step("received", "the return arrived at the warehouse (→ ReturnReceived)", () => ({ type: "ReturnReceived" }));
  step("inspect", "start the quality check (→ QualityCheck)", () => ({ type: "StartQualityCheck" }));

  const refund = orders.command("refund").description("after the quality check: approve (restock) or reject the refund, then process it");
  refund
    .command("approve")
    .description("quality check passed: restock the items at a location (→ RefundApproved)")
    .argument("<order>", "order number or id")
    .requiredOption("--warehouse <code>", "warehouse to restock into")
    .requiredOption("--location <code>", "location to restock into")
    .option("--json", "print as JSON")
    .action(async (ref: string, o: { warehouse: string; location: string; json?: boolean }) =>
      applyAndPrint(ctx, ref, { type: "ApproveRefund", restockWarehouse: o.warehouse, restockLocation: o.location }, o.json),
    );
  refund
    .command("reject")
    .description("quality check failed (→ RefundRejected)")
    .argument("<order>", "order number or id")
    .requiredOption("--reason <text>", "why (required)", nonEmpty("--reason"))
    .option("--json", "print as JSON")
    .action(async (ref: string, o: { reason: string; json?: boolean }) => applyAndPrint(ctx, ref, { type: "RejectRefund", reason: o.reason }, o.json));
  refund
    .command("process")
    .description("the refund was paid out (RefundApproved → RefundProcessed)")
    .argument("<order>", "order number or id")
    .option("--ref <refund-ref>", "the payment provider's refund reference")
    .option("--json", "print as JSON")
    .action(async (ref: string, o: { ref?: string; json?: boolean }) => applyAndPrint(ctx, ref, { type: "ProcessRefund", ...(o.ref ? { refundRef: o.ref } : {}) }, o.json));
}

async function applyAndPrint(ctx: CommandContext, ref: string, event: OrderEvent, json?: boolean): Promise<void> {
  const out: TransitionOutput = await withStore(ctx, (s) => s.applyOrderEvent(ref, event, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
  if (json) return ctx.printJson({ order: out.order.number, from: out.from, to: out.to, reason: out.reason });
  ctx.print(`order ${sanitizeForTerminal(out.order.number)}: ${out.from} → ${out.to} (${sanitizeForTerminal(out.reason)})`);
}

/** An option value that must say something: blank text is a usage error (exit 2). */
function nonEmpty(flag: string): (value: string) => string {
  return (value) => {
    if (!value.trim()) throw new InputError("ARGUMENT_INVALID", `${flag} must not be empty`, [{ field: flag, message: "must not be empty" }]);
    return value.trim();
  };
}

function parseCount(v: string): number {
  const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIST_LIMIT) throw new InputError("ARGUMENT_INVALID", `--limit must be a whole number from 1 to ${MAX_LIST_LIMIT}, got ${JSON.stringify(v)}`);
  return n;
}

export function orderJson(d: OrderDetails): Record<string, unknown> {
  const o = d.order;
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    customer: o.customer,
    shipTo: o.shipTo,
    priority: o.priority,
    carrier: o.carrier,
    service: o.service,
    shipBy: o.shipBy ?? null,
    trackingNumber: o.trackingNumber ?? null,
    reservationExpiresAt: o.reservationExpiresAt !== undefined ? isoTime(o.reservationExpiresAt) : null,
    createdAt: isoTime(o.createdAt),
    updatedAt: isoTime(o.updatedAt),
    lines: o.lines,
    reservations: d.reservations.map((r) => ({ ...r, expiresAt: r.expiresAt !== undefined ? isoTime(r.expiresAt) : null, createdAt: isoTime(r.createdAt) })),
    history: d.history.map((h) => ({ from: h.from, to: h.to, event: h.event, reason: h.reason, metadata: h.metadata, actor: h.actor, at: isoTime(h.at) })),
  };
}

function printOrder(ctx: CommandContext, d: OrderDetails): void {
  const o = d.order;
  const a = o.shipTo;
  ctx.print(`Order ${sanitizeForTerminal(o.number)} (id ${o.id})  ${o.status}`);
  ctx.print(`  customer   ${sanitizeForTerminal(o.customer)}`);
  ctx.print(`  ship to    ${sanitizeForTerminal([a.name, a.street, `${a.postalCode} ${a.city}`, a.country].join(", "))}`);
  ctx.print(`  carrier    ${sanitizeForTerminal(`${o.carrier} / ${o.service}`)}   priority ${o.priority}${o.shipBy ? `   ship by ${o.shipBy}` : ""}`);
  if (o.trackingNumber) ctx.print(`  tracking   ${sanitizeForTerminal(o.trackingNumber)}`);
  if (o.reservationExpiresAt !== undefined) ctx.print(`  reserved until ${isoTime(o.reservationExpiresAt)}`);
  ctx.print("");
  ctx.print(table(["LINE", "SKU", "QTY", "PICKED", "PACKED", "UNIT PRICE"], o.lines.map((l) => [l.lineNo, l.sku, l.quantity, l.pickedQuantity, l.packedQuantity, l.unitPrice.toFixed(2)])));
  if (d.reservations.length > 0) {
    ctx.print("");
    ctx.print("Reservations");
    ctx.print(table(["LINE", "WAREHOUSE", "SKU", "QTY", "STATE", "EXPIRES"], d.reservations.map((r) => [r.lineNo, r.warehouse, r.sku, r.quantity, r.state, isoTime(r.expiresAt)])));
  }
  ctx.print("");
  ctx.print("History");
  if (d.history.length === 0) ctx.print("  (no transitions yet)");
  else ctx.print(table(["AT", "FROM", "TO", "REASON", "ACTOR", "DETAILS"], d.history.map((h) => [isoTime(h.at), h.from, h.to, h.reason, h.actor, Object.keys(h.metadata).length > 0 ? JSON.stringify(h.metadata) : ""])));
}
