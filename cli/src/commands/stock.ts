import type { Registrar } from "./index.js";
import { withStore } from "../store.js";
import { table } from "../output/table.js";

export const registerStock: Registrar = (program, ctx) => {
  const stock = program.command("stock").description("stock positions and availability");
  stock
    .command("list", { isDefault: true })
    .description("per warehouse and SKU: on hand, allocated (paid), reserved (payment pending), available")
    .option("--sku <sku>", "only this SKU")
    .option("--warehouse <code>", "only this warehouse")
    .option("--locations", "also list each location's quantity")
    .option("--json", "print as JSON")
    .action(async (opts: { sku?: string; warehouse?: string; locations?: boolean; json?: boolean }) => {
      const positions = await withStore(ctx, (s) =>
        s.listStock({ ...(opts.sku ? { sku: opts.sku } : {}), ...(opts.warehouse ? { warehouse: opts.warehouse } : {}), now: ctx.io.clock.now() }),
      );
      if (opts.json) return ctx.printJson(positions);
      if (opts.locations) {
        ctx.print(table(["WAREHOUSE", "SKU", "LOCATION", "ON HAND"], positions.flatMap((p) => p.locations.map((l) => [p.warehouse, p.sku, l.location, l.onHand]))));
      } else {
        ctx.print(table(["WAREHOUSE", "SKU", "ON HAND", "ALLOCATED", "RESERVED", "AVAILABLE"], positions.map((p) => [p.warehouse, p.sku, p.onHand, p.allocated, p.reserved, p.available])));
      }
    });
};
