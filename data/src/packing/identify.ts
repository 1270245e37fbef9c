/**
 * Which SKU a scan at the pack station is: the shared scan resolver (data/src/scanning/resolve.ts,
 * the same one picking, `scan parse` and the gateway's local scanners use), with SKU codes off.
 */
import type { Kysely } from "kysely";
import { DomainError, describeNonItem, type ScanRulesConfig } from "@pickpack/core";
import type { Database } from "../db/schema.js";
import { resolveScannedItem } from "../scanning/resolve.js";

/** The SKU a scanned barcode stands for; anything else (a location, a tote, an unknown code) is PACK_NOT_AN_ITEM. */
export async function identifyItem(db: Kysely<Database>, barcode: string, scanRules?: ScanRulesConfig): Promise<{ sku: string; name: string }> {
  const r = await resolveScannedItem(db, barcode, { config: scanRules, skuCodes: false });
  if (!r.ok) throw r.error;
  const { item, classification } = r.value;
  if (item) return { sku: item.sku, name: item.name };
  throw new DomainError("PACK_NOT_AN_ITEM", `scanned ${describeNonItem(classification)}, expected an item of the order`, { kind: classification.kind });
}
