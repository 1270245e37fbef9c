import { Option } from "commander";
import { InputError } from "@pickpack/core";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { table } from "../output/table.js";

export const registerTasks: Registrar = (program, ctx) => {
  const tasks = program.command("tasks").description("put-backs and cycle counts that follow from cancellations and short picks");
  tasks
    .command("list", { isDefault: true })
    .description("tasks, open ones first")
    .addOption(new Option("--type <type>", "only this kind").choices(["put-back", "cycle-count"]))
    .addOption(new Option("--status <status>", "only open or done tasks").choices(["open", "done"]).default("open"))
    .option("--warehouse <code>", "only this warehouse")
    .option("--json", "print as JSON")
    .action(async (opts: { type?: string; status: string; warehouse?: string; json?: boolean }) => {
      const { listTasks } = await import("@pickpack/data");
      const list = await withStore(ctx, (s) => listTasks(s, { status: opts.status, ...(opts.type ? { type: opts.type } : {}), ...(opts.warehouse ? { warehouse: opts.warehouse } : {}) }));
      if (opts.json) return ctx.printJson(list);
      ctx.print(
        table(
          ["ID", "TYPE", "STATUS", "ORDER", "WAREHOUSE", "LOCATION", "SKU", "QTY", "DETAILS", "CREATED"],
          list.map((t) => [
            t.id,
            t.type,
            t.status,
            t.order,
            t.warehouse,
            t.location,
            t.sku,
            t.quantity,
            t.type === "cycle-count" ? `on record ${String(t.detail.onRecord)}, found ${String(t.detail.found)}` : "",
            t.createdAt.replace(/\.\d{3}Z$/, "Z"),
          ]),
        ),
      );
      ctx.print(`${list.length} task(s)`);
    });
  tasks
    .command("complete")
    .description("a put-back: the units are back on the shelf; a cycle count: record what was counted")
    .argument("<id>", "task id (see `tasks list`)")
    .option("--warehouse <code>", "put-back: the warehouse the units went to (default: the task's)")
    .option("--location <code>", "put-back: the location the units went to (default: the task's)")
    .option("--counted <n>", "cycle count: units counted at the location")
    .option("--json", "print as JSON")
    .action(async (idArg: string, opts: { warehouse?: string; location?: string; counted?: string; json?: boolean }) => {
      const id = Number(idArg);
      if (!Number.isInteger(id) || id < 1) throw new InputError("ARGUMENT_INVALID", `task id must be a whole number, got ${JSON.stringify(idArg)}`);
      const counted = opts.counted === undefined ? undefined : Number(opts.counted);
      if (counted !== undefined && (!Number.isInteger(counted) || counted < 0)) {
        throw new InputError("ARGUMENT_INVALID", `--counted must be a whole number of 0 or more, got ${JSON.stringify(opts.counted)}`);
      }
      const { completeTask } = await import("@pickpack/data");
      const done = await withStore(ctx, (s) =>
        completeTask(
          s,
          id,
          { ...(opts.warehouse ? { warehouse: opts.warehouse } : {}), ...(opts.location ? { location: opts.location } : {}), ...(counted !== undefined ? { counted } : {}) },
          { now: ctx.io.clock.now(), actor: actorOf(ctx) },
        ),
      );
      if (opts.json) return ctx.printJson(done);
      ctx.print(
        done.type === "put-back"
          ? `task ${done.id} done: ${done.quantity} × ${done.sku} back at ${JSON.stringify(done.detail.putTo)}`
          : `task ${done.id} done: ${done.location} ${done.sku} now ${String(done.detail.counted)} on record`,
      );
    });
};
