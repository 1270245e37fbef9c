import { Option } from "commander";
import { InputError } from "@pickpack/core";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { plural } from "../output/format.js";

const KINDS = ["warehouses", "locations", "layouts", "skus", "stock", "boxes", "users", "orders"] as const;

export const registerImport: Registrar = (program, ctx) => {
  program
    .command("import")
    .description("import a JSON/CSV file, all or nothing: every bad row is reported and nothing is written")
    .argument("<kind>", `what the file holds: ${KINDS.join("|")}`)
    .argument("<file>", "the file (.json array, .jsonl, or .csv with a header row)")
    .addOption(new Option("--format <format>", "override the format implied by the file name").choices(["json", "jsonl", "csv"]))
    .option("--dry-run", "validate only; write nothing")
    .option("--json", "print the result as JSON")
    .action(async (kind: string, file: string, opts: { format?: "json" | "jsonl" | "csv"; dryRun?: boolean; json?: boolean }) => {
      if (!(KINDS as readonly string[]).includes(kind)) {
        throw new InputError("IMPORT_KIND_UNKNOWN", `unknown import kind ${JSON.stringify(kind)}; use one of ${KINDS.join(", ")}`);
      }
      const { importFile } = await import("@pickpack/data");
      const progress = ctx.io.stderr.isTTY && !opts.json;
      const result = await withStore(ctx, (store) =>
        importFile(store, kind as (typeof KINDS)[number], file, {
          now: ctx.io.clock.now(),
          actor: actorOf(ctx),
          ...(opts.format ? { format: opts.format } : {}),
          ...(opts.dryRun ? { dryRun: true } : {}),
          ...(progress ? { onProgress: (done: number, total: number) => drawProgress(ctx.io.stderr, done, total) } : {}),
        }),
      );
      if (progress) ctx.io.stderr.write("\r\u001b[2K");
      if (opts.json) return ctx.printJson(result);
      const verb = result.dryRun ? "valid (dry run, nothing written):" : "imported";
      const parts = [`${verb} ${plural(result.records, "record")} from ${file}`, `${result.created} created`, `${result.updated} updated`];
      if (result.reserved !== undefined) parts.push(`${result.reserved} reserved`, `${result.reservationFailed ?? 0} waiting for stock`);
      ctx.print(parts.join(", "));
    });
};

function drawProgress(stream: { write(s: string): unknown }, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
}
