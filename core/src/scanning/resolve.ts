/**
 * The one scan resolver: which SKU a scan names, for every flow that expects an item (picking,
 * packing, `pickpack scan parse`, a station's locally attached scanner). The scan is classified by
 * `classifyScan` (sanitising, AIM id, GS1 element strings with AI 01/02, site rules, GTIN-8/12/13/14
 * in any stored length, own barcodes); when asked to (`skuCodes`) and the scan names no item, a
 * SKU's own code is accepted too (typed by hand, printed on a shelf label). Pure and synchronous over
 * a SKU-lookup port that the store implements.
 */
import type { InputError, Result } from "../shared/errors.js";
import { ok } from "../shared/errors.js";
import { classifyScan } from "./classify.js";
import type { ClassifiedScan, ScanClassification, ScanRulesConfig, SkuBarcodeLookup } from "./classify.js";
import type { Gs1ParseOptions } from "./gs1-parse.js";

/** The store's side: a SKU by barcode (GTINs in 14-digit form) and, optionally, by its own code. */
export interface SkuLookup extends SkuBarcodeLookup {
  findSkuByCode?(code: string): { readonly sku: string; readonly name: string } | undefined;
}

/** How a scan named its SKU: a GS1 element string, a GTIN, another barcode of the SKU, or the SKU's own code. */
export type ScannedItemVia = "gs1" | "gtin" | "code" | "sku-code";

export interface ScannedItem {
  readonly sku: string;
  readonly name: string;
  readonly via: ScannedItemVia;
  /** The code that matched (the GTIN of a GS1 scan, else the scanned data). */
  readonly code: string;
}

export interface ResolvedScan extends ClassifiedScan {
  /** The SKU the scan names, or undefined (then `classification` says what it is instead). */
  readonly item: ScannedItem | undefined;
}

export interface ResolveScanDeps {
  readonly skus: SkuLookup;
  readonly config?: ScanRulesConfig | undefined;
  /** Accept a SKU's own code when the scan names no item otherwise (default false). */
  readonly skuCodes?: boolean | undefined;
}

export type ResolveScanOptions = Gs1ParseOptions & { readonly allowControls?: string };

/** Resolve a scan to the SKU it names. Refuses (InputError) only a scan that cannot be read at all (control characters, bad GS1). */
export function resolveScan(raw: string, deps: ResolveScanDeps, opts: ResolveScanOptions = {}): Result<ResolvedScan, InputError> {
  const classified = classifyScan(raw, { skus: deps.skus, ...(deps.config ? { config: deps.config } : {}) }, opts);
  if (!classified.ok) return classified;
  const scan = classified.value;
  const c = scan.classification;
  if (c.kind === "sku") return ok({ ...scan, item: { sku: c.sku, name: c.name, via: c.via, code: c.code } });
  if (deps.skuCodes && deps.skus.findSkuByCode && !scan.gs1) {
    const own = deps.skus.findSkuByCode(scan.data);
    if (own) return ok({ ...scan, item: { sku: own.sku, name: own.name, via: "sku-code", code: scan.data } });
  }
  return ok({ ...scan, item: undefined });
}

/** What a scan that names no item is, in words (for refusals such as "expected an item of the order"). */
export function describeNonItem(c: ScanClassification): string {
  if (c.kind === "sku") return `SKU ${c.sku}`;
  if (c.kind === "unknown") return `${c.code}: ${c.reason}`;
  if ("sscc" in c) return `a carton (SSCC ${c.sscc})`;
  return `a ${c.kind} (${c.id})`;
}
