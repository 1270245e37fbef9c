import { Option } from "commander";
import { InputError, ON_EXISTING, type ImportSummary, type OnExisting } from "@pickpack/core";
import { ExitCode, ExitWith } from "../exit-codes.js";
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
    .addOption(
      new Option("--on-existing <mode>", "orders already imported: update what their state allows (unchanged ones are skipped, the rest listed as conflicts), skip them, or fail")
        .choices([...ON_EXISTING])
        .default("update"),
    )
    .option("--dry-run", "validate only; write nothing")
    .option("--allow-over-allocation", "stock: accept on-hand below what orders hold (they will be short at picking)")
    .option("--json", "print the result (or the problems) as JSON")
    .action(async (kind: string, file: string, opts: { format?: "json" | "jsonl" | "csv"; dryRun?: boolean; json?: boolean; onExisting: OnExisting; allowOverAllocation?: boolean }) => {
      if (!(KINDS as readonly string[]).includes(kind)) {
        throw new InputError("IMPORT_KIND_UNKNOWN", `unknown import kind ${JSON.stringify(kind)}; use one of ${KINDS.join(", ")}`);
      }
      const { importFile } = await import("@pickpack/data");
      const progress = ctx.io.stderr.isTTY && !opts.json;
      let result;
      try {
        result = await withStore(ctx, (store) =>
          importFile(store, kind as (typeof KINDS)[number], file, {
            now: ctx.io.clock.now(),
            actor: actorOf(ctx),
            onExisting: opts.onExisting,
            ...(opts.format ? { format: opts.format } : {}),
            ...(opts.dryRun ? { dryRun: true } : {}),
            ...(opts.allowOverAllocation ? { allowOverAllocation: true } : {}),
            ...(progress ? { onProgress: (done: number, total: number) => drawProgress(ctx.io.stderr, done, total) } : {}),
          }),
        );
      } catch (e) {
        if (!opts.json || !(e instanceof InputError)) throw e;
        // Under --json the problems are data too: one object on stdout, exit 2 as always.
        ctx.printJson({ error: { code: e.code, message: e.message, issues: e.issues } });
        throw new ExitWith(ExitCode.Usage);
      } finally {
        if (progress) ctx.io.stderr.write("\r\u001b[2K");
      }
      if (opts.json) return ctx.printJson(result);
      const verb = result.dryRun ? "valid (dry run, nothing written):" : "imported";
      const parts = [`${verb} ${plural(result.records, "record")} from ${file}`, `${result.created} created`, `${result.updated} updated`];
      if (result.reserved !== undefined && (result.created > 0 || result.reserved > 0)) {
        const confirmed = result.confirmed ?? 0;
        parts.push(`${result.reserved} reserved`);
        if (confirmed > 0) parts.push(`${confirmed} of them paid (Confirmed)`);
        if (result.reserved - confirmed > 0) parts.push(`${result.reserved - confirmed} waiting for payment (PaymentPending)`);
        parts.push(`${result.reservationFailed ?? 0} waiting for stock`);
      }
      ctx.print(parts.join(", "));
      printExisting(ctx.print, result);
    });
};

/** What happened to the orders the store had already. */
function printExisting(print: (line: string) => void, r: ImportSummary): void {
  const list = (xs: readonly string[]) => (xs.length <= 10 ? xs.join(", ") : `${xs.slice(0, 10).join(", ")} and ${xs.length - 10} more`);
  if (r.unchanged?.length) print(`${plural(r.unchanged.length, "order")} already imported and unchanged (left as they are): ${list(r.unchanged)}`);
  if (r.skipped?.length) print(`${plural(r.skipped.length, "order")} already imported, skipped (--on-existing skip): ${list(r.skipped)}`);
  if (r.conflicts?.length) {
    print(`${plural(r.conflicts.length, "conflict")}: changed orders whose state no longer allows the change (left as they are):`);
    for (const c of r.conflicts) print(`  ${c.file}:${c.line}: ${c.reason}`);
  }
}

function drawProgress(stream: { write(s: string): unknown }, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
}
