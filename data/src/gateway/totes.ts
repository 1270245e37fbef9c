/**
 * Tote barcodes for the pack station. A pick list (trip) numbers its totes 1, 2, … on the cart; the
 * tote's barcode names the trip and the tote: `TOTE-<pickListId>T<n>` (e.g. `TOTE-12T3`, matching
 * the default scan rule `^TOTE-[A-Z0-9]+$`). `TOTE-<n>` alone means tote n of the most recent trip
 * that still has an order in it waiting for packing.
 */
import type { StoreTransaction } from "../store.js";

export function toteBarcode(pickListId: number | string, tote: number): string {
  return `TOTE-${pickListId}T${tote}`;
}

export function parseToteBarcode(code: string): { pickListId?: number; tote: number } | undefined {
  const m = /^(?:TOTE-)?(?:(\d{1,9})T)?(\d{1,6})$/.exec(code.trim().toUpperCase());
  if (!m) return undefined;
  return { ...(m[1] !== undefined ? { pickListId: Number(m[1]) } : {}), tote: Number(m[2]) };
}

/** The order number in a tote that still waits for packing (Processing, units left to pack), or undefined. */
export async function resolveTote(tx: StoreTransaction, code: string): Promise<string | undefined> {
  const t = parseToteBarcode(code);
  if (!t) return undefined;
  let q = tx.db
    .selectFrom("pick_list_lines")
    .innerJoin("orders", "orders.id", "pick_list_lines.order_id")
    .innerJoin("order_lines", (j) => j.onRef("order_lines.order_id", "=", "orders.id").onRef("order_lines.line_no", "=", "pick_list_lines.line_no"))
    .select(["orders.number", "pick_list_lines.pick_list_id"])
    .where("pick_list_lines.tote", "=", t.tote)
    .where("orders.status", "=", "Processing")
    .whereRef("order_lines.packed_quantity", "<", "order_lines.quantity")
    .orderBy("pick_list_lines.pick_list_id", "desc")
    .orderBy("orders.number");
  if (t.pickListId !== undefined) q = q.where("pick_list_lines.pick_list_id", "=", t.pickListId);
  const row = await q.executeTakeFirst();
  return row?.number;
}
