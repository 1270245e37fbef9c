// `pickpack allocate`: re-split Confirmed and PaymentPending orders across warehouses and move their holds.
import { ALLOCATION_STRATEGIES, InputError, type AllocationStrategy, type HoldLine } from "@pickpack/core";
import { Option } from "commander";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { sanitizeForTerminal, table } from "../output/table.js";
import { plural } from "../output/format.js";

const shipmentsText = (holds: readonly HoldLine[]): string => {
  const by = new Map<string, string[]>();
  for (const h of holds) (by.get(h.warehouse) ?? by.set(h.warehouse, []).get(h.warehouse)!).push(`L${h.lineNo} ${h.sku}×${h.quantity}`);
  return [...by.entries()].map(([w, parts]) => `${w}: ${parts.join(", ")}`).join(" | ");
};

export const registerAllocate: Registrar = (program, ctx) => {
  program
    .command("allocate")
    .description("split Confirmed and PaymentPending orders across warehouses and move their stock holds atomically")
    .argument("[orders...]", "order numbers or ids")
    .option("--all", "every Confirmed and PaymentPending order")
    .addOption(new Option("--strategy <strategy>", "how to split").choices([...ALLOCATION_STRATEGIES]).default("fewest-shipments"))
    .option("--explain", "print the allocator's readable trace for each order")
    .option("--json", "print as JSON")
    .action(async (refs: string[], opts: { all?: boolean; strategy: AllocationStrategy; explain?: boolean; json?: boolean }) => {
      if (refs.length === 0 && !opts.all) {
        throw new InputError("ARGUMENT_MISSING", "name the orders to allocate or pass --all", [{ field: "orders", message: "give order numbers or --all" }]);
      }
      if (refs.length > 0 && opts.all) {
        throw new InputError("ARGUMENT_CONFLICT", "give order numbers or --all, not both", [{ field: "--all", message: "conflicts with order numbers" }]);
      }
      const { allocateOrders, allocatableOrders } = await import("@pickpack/data/planning");
      const results = await withStore(ctx, async (store) => {
        const list = opts.all ? await allocatableOrders(store) : refs;
        return allocateOrders(store, list, { strategy: opts.strategy, now: ctx.io.clock.now(), actor: actorOf(ctx) });
      });
      if (opts.json) {
        return ctx.printJson(
          results.map((r) => ({
            order: r.order,
            status: r.status,
            outcome: r.outcome,
            reason: r.reason ?? null,
            before: r.before,
            after: r.after,
            shipments: r.result?.shipments ?? null,
            summary: r.result?.summary ?? null,
            missing: r.result?.missing ?? [],
            ...(opts.explain ? { trace: r.result?.trace ?? [] } : {}),
          })),
        );
      }
      if (opts.explain) {
        for (const r of results) {
          ctx.print(`${sanitizeForTerminal(r.order)} (${r.status}): ${r.outcome}${r.reason ? ` — ${sanitizeForTerminal(r.reason)}` : ""}`);
          if (r.outcome === "moved") ctx.print(`  before: ${sanitizeForTerminal(shipmentsText(r.before))}`);
          for (const t of r.result?.trace ?? []) ctx.print(`  ${sanitizeForTerminal(t)}`);
          ctx.print();
        }
      } else {
        ctx.print(
          table(
            ["ORDER", "STATUS", "OUTCOME", "SHIPMENTS", "SPLIT LINES", "HOLDS"],
            results.map((r) => [r.order, r.status, r.outcome, r.result?.summary.shipments ?? null, r.result?.summary.splitLines ?? null, r.outcome === "skipped" ? r.reason : shipmentsText(r.after)]),
          ),
        );
      }
      const count = (o: string) => results.filter((r) => r.outcome === o).length;
      ctx.print(`${plural(results.length, "order")} (${opts.strategy}): ${count("moved")} moved, ${count("unchanged")} unchanged, ${count("skipped")} skipped`);
    });
};
