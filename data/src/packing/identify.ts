/**
 * Which SKU a scan at the pack station is: the one place packing identifies a scanned item (core's
 * scan classification over the stored SKU barcodes), so a shared scan resolver replaces one call.
 */
import type { Kysely } from "kysely";
import { DomainError, classifyScan, type ScanRulesConfig } from "@pickpack/core";
import type { Database } from "../db/schema.js";
import { withStoredSkuLookup } from "../sku-lookup.js";

/** The SKU a scanned barcode stands for; anything else (a location, a tote, an unknown code) is PACK_NOT_AN_ITEM. */
export async function identifyItem(db: Kysely<Database>, barcode: string, scanRules?: ScanRulesConfig): Promise<{ sku: string; name: string }> {
  const rules = scanRules ? { config: scanRules } : {};
  const r = await withStoredSkuLookup(db, (skus) => classifyScan(barcode, { skus, ...rules }));
  if (!r.ok) throw r.error;
  const c = r.value.classification;
  if (c.kind === "sku") return { sku: c.sku, name: c.name };
  const what = c.kind === "unknown" ? `${c.code}: ${c.reason}` : c.kind === "carton" && "sscc" in c ? `a carton (SSCC ${c.sscc})` : `a ${c.kind} (${"id" in c ? c.id : ""})`;
  throw new DomainError("PACK_NOT_AN_ITEM", `scanned ${what}, expected an item of the order`, { kind: c.kind });
}
