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
        const over = positions.filter((p) => p.overAllocated > 0);
        ctx.print(
          table(
            ["WAREHOUSE", "SKU", "ON HAND", "ALLOCATED", "RESERVED", "AVAILABLE", ...(over.length > 0 ? ["OVER-ALLOCATED"] : [])],
            positions.map((p) => [p.warehouse, p.sku, p.onHand, p.allocated, p.reserved, p.available, ...(over.length > 0 ? [p.overAllocated || null] : [])]),
          ),
        );
        if (over.length > 0) {
          ctx.print("");
          ctx.print(
            `warning: ${over.length} position(s) hold more for orders than is on hand (e.g. after a short pick found a location empty); ` +
              "count the locations (`pickpack tasks list --type cycle-count`) or re-split the orders (`pickpack allocate --all`).",
          );
        }
      }
    });
};
