import { InputError } from "@pickpack/core";
import type { Registrar } from "./index.js";
import { withStore } from "../store.js";
import { table } from "../output/table.js";
import { isoTime } from "../output/format.js";

export const registerAudit: Registrar = (program, ctx) => {
  program
    .command("audit")
    .description("an order's audit trail: every transition with from, to, reason, details, actor and time")
    .argument("<order>", "order number or id")
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: { json?: boolean }) => {
      const d = await withStore(ctx, (s) => s.getOrder(ref));
      if (!d) throw new InputError("ORDER_NOT_FOUND", `no order ${JSON.stringify(ref)} (give its number or id)`);
      if (opts.json) {
        return ctx.printJson(d.history.map((h) => ({ id: h.id, from: h.from, to: h.to, event: h.event, reason: h.reason, metadata: h.metadata, actor: h.actor, at: isoTime(h.at) })));
      }
      ctx.print(`Audit trail of order ${d.order.number} (now ${d.order.status})`);
      ctx.print(table(["#", "AT", "FROM", "TO", "EVENT", "REASON", "ACTOR", "DETAILS"], d.history.map((h, i) => [i + 1, isoTime(h.at), h.from, h.to, h.event, h.reason, h.actor, Object.keys(h.metadata).length > 0 ? JSON.stringify(h.metadata) : ""])));
    });
};
