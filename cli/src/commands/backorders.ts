// `pickpack backorders`: order-line units no warehouse could supply after a short pick.
import { Option } from "commander";
import type { Registrar } from "./index.js";
import { withStore } from "../store.js";
import { sanitizeForTerminal, table } from "../output/table.js";
import { plural } from "../output/format.js";

export const registerBackorders: Registrar = (program, ctx) => {
  program
    .command("backorders")
    .description("back-ordered units (a short pick no location or warehouse could cover), open ones by default")
    .addOption(new Option("--status <status>", "only back-orders in this state").choices(["open", "all"]).default("open"))
    .option("--order <number>", "only this order")
    .option("--sku <sku>", "only this SKU")
    .option("--warehouse <code>", "only this warehouse")
    .option("--json", "print as JSON")
    .action(async (opts: { status: string; order?: string; sku?: string; warehouse?: string; json?: boolean }) => {
      const { listBackorders } = await import("@pickpack/data/planning/index");
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
    });
};
