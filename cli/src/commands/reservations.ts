import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { table } from "../output/table.js";
import { isoTime } from "../output/format.js";

export const registerReservations: Registrar = (program, ctx) => {
  const res = program.command("reservations").description("stock held for orders");
  res
    .command("list")
    .description("reservations (payment pending, 15 minutes) and allocations (paid)")
    .option("--active", "only those holding stock now")
    .option("--order <order>", "only this order's")
    .option("--json", "print as JSON")
    .action(async (opts: { active?: boolean; order?: string; json?: boolean }) => {
      const now = ctx.io.clock.now();
      const list = await withStore(ctx, (s) => s.listReservations({ ...(opts.active ? { activeAt: now } : {}), ...(opts.order ? { orderRef: opts.order } : {}) }));
      if (opts.json) {
        return ctx.printJson(list.map((r) => ({ ...r, expiresAt: r.expiresAt !== undefined ? isoTime(r.expiresAt) : null, createdAt: isoTime(r.createdAt) })));
      }
      ctx.print(
        table(
          ["ORDER", "LINE", "WAREHOUSE", "SKU", "QTY", "STATE", "EXPIRES"],
          list.map((r) => {
            const lapsed = r.state === "reserved" && r.expiresAt !== undefined && r.expiresAt <= now;
            return [r.orderNumber, r.lineNo, r.warehouse, r.sku, r.quantity, lapsed ? "reserved (lapsed, awaiting sweep)" : r.state, isoTime(r.expiresAt)];
          }),
        ),
      );
    });
  res
    .command("sweep")
    .description("cancel orders whose payment reservation has expired and release their stock (idempotent)")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const out = await withStore(ctx, (s) => s.sweepExpiredReservations({ now: ctx.io.clock.now(), actor: `${actorOf(ctx)} (sweeper)` }));
      if (opts.json) return ctx.printJson(out);
      ctx.print(out.expired.length === 0 ? "no expired reservations" : `cancelled ${out.expired.length} order(s) with expired reservations: ${out.expired.join(", ")}`);
    });
};
