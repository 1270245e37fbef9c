/**
 * Core's scan classification asks a synchronous SKU lookup; the SKUs and their barcodes live in the
 * database. Run the classification twice: the first pass records which codes it asks for, one query
 * per kind fetches them (barcodes: GTINs in every stored length, 8, 12, 13 or 14 digits; SKU codes
 * only when asked), the second pass answers.
 */
import type { Kysely } from "kysely";
import { isValidGtin, toGtin14, type SkuLookup } from "@pickpack/core";
import type { Database } from "../db/schema.js";

type Hit = { sku: string; name: string };

export async function withStoredSkuLookup<R>(db: Kysely<Database>, classify: (skus: SkuLookup) => R): Promise<R> {
  const asked = new Set<string>();
  const askedCodes = new Set<string>();
  classify({ findSkuByBarcode: (code) => void asked.add(code), findSkuByCode: (code) => void askedCodes.add(code) });
  const candidates = new Set<string>();
  for (const code of asked) {
    candidates.add(code);
    if (isValidGtin(code)) {
      const g14 = toGtin14(code);
      for (const len of [8, 12, 13, 14]) if (/^0*$/.test(g14.slice(0, 14 - len))) candidates.add(g14.slice(14 - len));
    }
  }
  const rows =
    candidates.size === 0
      ? []
      : await db
          .selectFrom("sku_barcodes")
          .innerJoin("skus", "skus.sku", "sku_barcodes.sku")
          .select(["sku_barcodes.barcode", "skus.sku", "skus.name"])
          .where("sku_barcodes.barcode", "in", [...candidates])
          .execute();
  const map = new Map<string, Hit>();
  for (const r of rows) {
    map.set(r.barcode, { sku: r.sku, name: r.name });
    if (isValidGtin(r.barcode)) map.set(toGtin14(r.barcode), { sku: r.sku, name: r.name });
  }
  const own =
    askedCodes.size === 0
      ? new Map<string, Hit>()
      : new Map((await db.selectFrom("skus").select(["sku", "name"]).where("sku", "in", [...askedCodes]).execute()).map((r) => [r.sku, r]));
  return classify({ findSkuByBarcode: (code) => map.get(code), findSkuByCode: (code) => own.get(code) });
}
