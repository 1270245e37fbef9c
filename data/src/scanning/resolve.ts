/**
 * The data side of the one scan resolver: core's `resolveScan` over the stored SKUs and barcodes.
 * Every flow that turns a scan into an item uses it: picking (SKU codes accepted), packing, the CLI's
 * `scan parse` and the gateway's locally attached scanners.
 */
import type { Kysely } from "kysely";
import { resolveScan, type InputError, type ResolvedScan, type Result, type ScanRulesConfig, type Gs1ParseOptions } from "@pickpack/core";
import type { Database } from "../db/schema.js";
import { withStoredSkuLookup } from "./sku-lookup.js";

export interface ResolveScannedItemOptions extends Gs1ParseOptions {
  /** Site scan rules (default: core's DEFAULT_SCAN_RULES). */
  readonly config?: ScanRulesConfig | undefined;
  /** Accept a SKU's own code when the scan names no item otherwise (default false). */
  readonly skuCodes?: boolean | undefined;
  /** Extra control characters to accept (e.g. ISO 15434 RS/EOT). */
  readonly allowControls?: string | undefined;
}

/** A transaction, the Kysely instance, or anything holding one (the store). */
export type ScanSource = Kysely<Database> | { readonly kysely: Kysely<Database> };

/**
 * Resolve a scanned code against the stored SKUs: `item` is the SKU it names, if any;
 * `classification` says what it is otherwise. An unreadable scan is `{ ok: false, error: InputError }`.
 */
export async function resolveScannedItem(source: ScanSource, code: string, options: ResolveScannedItemOptions = {}): Promise<Result<ResolvedScan, InputError>> {
  const db = "kysely" in source ? source.kysely : source;
  const { config, skuCodes, allowControls, ...gs1 } = options;
  return withStoredSkuLookup(db, (skus) =>
    resolveScan(code, { skus, config, skuCodes }, { ...gs1, ...(allowControls !== undefined ? { allowControls } : {}) }),
  );
}
