// `pickpack backorders [list]|allocate|cancel`: order-line units no warehouse could supply after a short pick.
import { Option } from "commander";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { sanitizeForTerminal, table } from "../output/table.js";
import { plural } from "../output/format.js";
import { positiveInt } from "./waves.js";

export const registerBackorders: Registrar = (program, ctx) => {
  const bo = program.command("backorders").description("back-ordered units (a short pick no location or warehouse could cover): list, allocate when stock arrived, cancel");

  bo.command("list", { isDefault: true })
    .description("back-orders, open ones by default, with their order's state")
    .addOption(new Option("--status <status>", "only back-orders in this state").choices(["open", "allocated", "cancelled", "closed", "all"]).default("open"))
    .option("--order <number>", "only this order")
    .option("--sku <sku>", "only this SKU")
    .option("--warehouse <code>", "only this warehouse")
    .option("--json", "print as JSON")
    .action(async (opts: { status: string; order?: string; sku?: string; warehouse?: string; json?: boolean }) => {
      const { listBackorders } = await import("@pickpack/data/planning");
      const list = await withStore(ctx, (store) =>
        listBackorders(store, { status: opts.status, ...(opts.order ? { order: opts.order } : {}), ...(opts.sku ? { sku: opts.sku } : {}), ...(opts.warehouse ? { warehouse: opts.warehouse } : {}) }),
      );
      if (opts.json) return ctx.printJson(list);
      ctx.print(
        table(
          ["ID", "ORDER", "ORDER STATUS", "LINE", "SKU", "QTY", "WAREHOUSE", "STATUS", "SINCE"],
          list.map((b) => [b.id, sanitizeForTerminal(b.order), b.orderStatus, b.lineNo, sanitizeForTerminal(b.sku), b.quantity, b.warehouse ?? "-", b.status, b.createdAt]),
        ),
      );
      ctx.print(plural(list.length, "back-order"));
      if (list.some((b) => b.status === "open")) ctx.print("Stock arrived? pickpack backorders allocate (also done by cycle counts, put-backs and waves plan) · won't come? pickpack backorders cancel ID --reason …");
    });

  bo.command("allocate")
    .description("allocate open back-orders from the stock available now (oldest first); the next `waves plan` picks them")
    .option("--sku <sku>", "only this SKU")
    .option("--json", "print as JSON")
    .action(async (opts: { sku?: string; json?: boolean }) => {
      const { reallocateBackorders } = await import("@pickpack/data/planning");
      const out = await withStore(ctx, (store) => reallocateBackorders(store, opts.sku ? { skus: [opts.sku] } : {}, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
      if (opts.json) return ctx.printJson(out);
      for (const a of out.allocated) {
        ctx.print(`Back-order ${a.id} (${sanitizeForTerminal(a.order)} line ${a.lineNo}): ${a.quantity} × ${sanitizeForTerminal(a.sku)} allocated in ${a.warehouses.map((w) => `${w.warehouse} ${w.quantity}`).join(", ")}${a.left > 0 ? `; ${a.left} still back-ordered` : ""}`);
      }
      for (const c of out.closed) ctx.print(`Back-order ${c.id} closed: order ${sanitizeForTerminal(c.order)} is ${c.status}`);
      ctx.print(out.allocated.length > 0 ? "Next: pickpack waves plan --warehouse W" : "No open back-order could be covered by the stock available now.");
    });

  bo.command("cancel")
    .description("cancel an open back-order: the units are no longer awaited and the order packs and ships without them (audited); an order left with nothing to ship is cancelled")
    .argument("<id>", "back-order id (ID column of `pickpack backorders`)", positiveInt("back-order id"))
    .requiredOption("--reason <text>", "why (required; recorded in the audit trail)")
    .option("--json", "print as JSON")
    .action(async (id: number, opts: { reason: string; json?: boolean }) => {
      const { cancelBackorder } = await import("@pickpack/data/planning");
      const out = await withStore(ctx, (store) => cancelBackorder(store, id, opts.reason, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
      if (opts.json) return ctx.printJson(out);
      if (out.orderCancelled) ctx.print(`Back-order ${out.id} cancelled (${sanitizeForTerminal(out.reason)}): order ${sanitizeForTerminal(out.order)} had nothing else to ship and is cancelled`);
      else ctx.print(`Back-order ${out.id} cancelled: ${sanitizeForTerminal(out.order)} line ${out.lineNo} ships without ${out.quantity} × ${sanitizeForTerminal(out.sku)} (${sanitizeForTerminal(out.reason)})`);
    });
};
