/**
 * `pickpack gateway --devices sim`: a scanner script and scale weights that pack one real, fully picked order at
 * the simulated station, so the flow shows in the logs: a packer's badge, the order, a wrong item,
 * every unit, one unit too many, then the scale: a weight outside tolerance (refused) and the
 * right weight (accepted: carton closed, label printed).
 */
import { toleranceGrams } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";

export interface SimPackScript {
  readonly order: string | null;
  readonly scans: readonly string[];
  readonly weights: readonly number[];
}

export async function simPackScript(
  store: SqlStore,
  options: { scanIntervalMs: number; scaleCycleMs: number; suggestBox?: (order: string) => Promise<string | undefined> },
): Promise<SimPackScript> {
  const db = store.kysely;
  const badge = (await db.selectFrom("users").select("badge").where("role", "=", "packer").where("badge", "is not", null).orderBy("id").executeTakeFirst())?.badge ?? "BADGE-0007";
  // the first Processing order that is fully picked and not packed at all (packing refuses unpicked units)
  const order = await db
    .selectFrom("orders")
    .innerJoin("order_lines", "order_lines.order_id", "orders.id")
    .select(["orders.id", "orders.number"])
    .where("orders.status", "=", "Processing")
    .groupBy(["orders.id", "orders.number"])
    .having((eb) => eb.fn.sum("order_lines.packed_quantity"), "=", 0)
    .having((eb) => eb.fn.sum(eb.case().when("order_lines.picked_quantity", "<", eb.ref("order_lines.quantity")).then(1).else(0).end()), "=", 0)
    .orderBy("orders.id")
    .executeTakeFirst();
  if (!order) return { order: null, scans: [badge], weights: [] };
  const lines = await db.selectFrom("order_lines").select(["sku", "quantity"]).where("order_id", "=", order.id).orderBy("line_no").execute();
  const skus = lines.map((l) => l.sku);
  const codes = await db.selectFrom("sku_barcodes").select(["sku", "barcode"]).orderBy("barcode").execute();
  const codeOf = (sku: string) => codes.find((c) => c.sku === sku)?.barcode ?? sku;
  const foreign = codes.find((c) => !skus.includes(c.sku));
  const weights = await db.selectFrom("skus").select(["sku", "weight_grams"]).where("sku", "in", skus).execute();
  const items = lines.reduce((a, l) => a + (weights.find((w) => w.sku === l.sku)?.weight_grams ?? 0) * l.quantity, 0);
  // the expected weight uses the suggested box's tare (else the smallest box)
  const suggested = await options.suggestBox?.(order.number);
  const box = suggested
    ? await db.selectFrom("box_types").select("tare_grams").where("code", "=", suggested).executeTakeFirst()
    : await db.selectFrom("box_types").select("tare_grams").orderBy("inner_length_mm").executeTakeFirst();
  const expected = Math.round(items + (box?.tare_grams ?? 0));
  const scans = [badge, order.number, ...(foreign ? [foreign.barcode] : []), ...lines.flatMap((l) => Array.from({ length: l.quantity }, () => codeOf(l.sku))), codeOf(lines[0]!.sku)];
  // zero weight until the last scan, then too heavy (refused), then right
  const idle = Math.ceil((scans.length * options.scanIntervalMs) / options.scaleCycleMs) + 1;
  const heavy = expected + Math.round(toleranceGrams(expected)) + 300;
  return { order: order.number, scans, weights: [...Array.from({ length: idle }, () => 0), heavy, expected] };
}
