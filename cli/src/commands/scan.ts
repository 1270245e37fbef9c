/**
 * `pickpack scan parse DATA`: what a scan means — symbology (AIM id), GS1 elements, warehouse
 * classification — or the precise reason it is refused.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError, parseScanRulesConfig, resolveScan, showScan, skuLookupFromList, unescapeScanArgument } from "@pickpack/core";
import type { ScanRulesConfig, SkuBarcodeLookup } from "@pickpack/core";
import type { CommandContext } from "../context.js";
import { DEFAULT_DB, withStore } from "../store.js";
import { table } from "../output/table.js";
import type { Registrar } from "./index.js";

function readJson(ctx: CommandContext, file: string, what: string): unknown {
  const path = resolve(ctx.io.cwd, file);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch (e) {
    throw new InputError(what === "rules" ? "SCAN_RULES_INVALID" : "SCAN_SKUS_FILE_INVALID", `cannot read ${what} file ${file}: ${(e as Error).message}`, [{ file, message: (e as Error).message }]);
  }
}

function loadRules(ctx: CommandContext, file: string | undefined): ScanRulesConfig | undefined {
  if (!file) return undefined;
  const r = parseScanRulesConfig(readJson(ctx, file, "rules"), file);
  if (!r.ok) throw r.error;
  return r.value;
}

function loadSkus(ctx: CommandContext, file: string | undefined): SkuBarcodeLookup {
  if (!file) return skuLookupFromList([]);
  const v = readJson(ctx, file, "skus");
  const ok = Array.isArray(v) && v.every((x) => typeof x === "object" && x !== null && typeof x.sku === "string" && Array.isArray(x.barcodes));
  if (!ok) throw new InputError("SCAN_SKUS_FILE_INVALID", `${file}: expected [{ "sku": "…", "name": "…", "barcodes": ["…"] }]`, [{ file, message: "expected an array of { sku, name, barcodes }" }]);
  return skuLookupFromList((v as { sku: string; name?: string; barcodes: string[] }[]).map((x) => ({ sku: x.sku, name: x.name ?? x.sku, barcodes: x.barcodes.map(String) })));
}

export const registerScan: Registrar = (program, ctx) => {
  const scan = program.command("scan").description("interpret barcode scans");
  scan
    .command("parse")
    .description("show a scan's symbology, GS1 elements and warehouse meaning, or why it is refused (write GS as \\x1d or <GS>)")
    .argument("<data>", "the scanned text, e.g. ']C1<GS>0104006381333931<GS>10LOT7'")
    .option("--rules <file>", "site scan rules JSON (see docs/devices.md)")
    .option("--skus <file>", "SKU barcodes JSON [{sku, name, barcodes}] instead of the database's SKUs")
    .option("--allow-controls <chars>", "also accept these control characters, e.g. '\\x1e\\x04' for ISO 15434 messages")
    .option("--json", "print JSON")
    .action(async (data: string, opts: { rules?: string; skus?: string; allowControls?: string; json?: boolean }) => {
      const raw = unescapeScanArgument(data);
      const config = loadRules(ctx, opts.rules);
      const options = { now: ctx.io.clock.now(), ...(opts.allowControls ? { allowControls: unescapeScanArgument(opts.allowControls) } : {}) };
      // SKUs come from --skus, else from the database when one is selected or the default one exists.
      const useDb = !opts.skus && (ctx.globals().db !== undefined || ctx.io.env.PICKPACK_DATABASE !== undefined || existsSync(resolve(ctx.io.cwd, DEFAULT_DB)));
      const r = useDb
        ? await withStore(ctx, async (store) => {
            const { resolveScannedItem } = await import("@pickpack/data");
            return resolveScannedItem(store, raw, { config, ...options });
          })
        : resolveScan(raw, { skus: loadSkus(ctx, opts.skus), config }, options);
      if (!r.ok) throw new InputError(r.error.code, `scan refused: ${r.error.message}`, r.error.issues, r.error.details ?? {});
      const s = r.value;
      if (opts.json) {
        ctx.printJson({ raw: s.raw, aim: s.aim ?? null, data: s.data, gs1: s.gs1 ?? null, classification: s.classification });
        return;
      }
      ctx.print(`data:        ${showScan(s.data)}`);
      ctx.print(`symbology:   ${s.aim ? `${s.aim.aim} ${s.aim.symbology}` : "(no AIM identifier)"}`);
      if (s.gs1) {
        ctx.print(`GS1:         ${s.gs1.hri}`);
        ctx.print("");
        ctx.print(table(["AI", "TITLE", "VALUE", "MEANING"], s.gs1.elements.map((e) => [e.ai, e.title, e.value, meaning(e)])));
        ctx.print("");
      }
      const c = s.classification;
      const what =
        c.kind === "sku" ? `SKU ${c.sku} (${c.name}) via ${c.via}${c.gtin14 ? ` GTIN ${c.gtin14}` : ""}`
        : c.kind === "unknown" ? `unknown: ${c.reason}`
        : "sscc" in c ? `carton SSCC ${c.sscc}`
        : `${c.kind} ${c.id} (site rule ${c.rule + 1})`;
      ctx.print(`meaning:     ${what}`);
    });
};

function meaning(e: { date?: string; decimal?: string; unit?: string; country?: string; currency?: string }): string {
  const parts = [e.date, e.decimal !== undefined ? `${e.decimal}${e.unit ? ` ${e.unit}` : ""}` : undefined, e.country ? `country ${e.country}` : undefined, e.currency ? `currency ${e.currency}` : undefined];
  return parts.filter(Boolean).join(", ");
}
