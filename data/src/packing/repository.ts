/**
 * The packing tables' queries (cartons, carton_items, the packed counts of order_lines) and the reads
 * of other areas packing needs (box types, SKUs, users, warehouses, reservations, pick lists). Queries
 * only: no rule, no workflow. Each function takes the transaction (or database) handle first.
 */
import type { Kysely } from "kysely";
import type { BoxType, CartonWeighing, Order, PackItem, PackState, WarehouseQuantity, WeightVerdict } from "@pickpack/core";
import type { Database } from "../db/schema.js";

type Q = Kysely<Database>;
const iso = (ms: number) => new Date(ms).toISOString();

// ------------------------------------------------------------------ cartons

/** The order's packing state as core sees it (back-ordered units are not expected in any carton: the order ships without them). */
export async function loadPackState(db: Q, order: Order): Promise<PackState> {
  const cartons = await db.selectFrom("cartons").select(["id", "carton_no", "status"]).where("order_id", "=", order.id).orderBy("carton_no").execute();
  const items = cartons.length === 0 ? [] : await db.selectFrom("carton_items").selectAll().where("carton_id", "in", cartons.map((c) => c.id)).orderBy("line_no").execute();
  return {
    orderNumber: order.number,
    lines: order.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, ordered: l.quantity - l.backorderedQuantity, packed: l.packedQuantity })),
    cartons: cartons.map((c) => ({
      cartonNo: c.carton_no,
      status: c.status === "open" ? "open" : "closed",
      items: items.filter((i) => i.carton_id === c.id).map((i) => ({ lineNo: i.line_no, sku: i.sku, quantity: i.quantity })),
    })),
  };
}

export async function cartonByNo(db: Q, orderId: number, cartonNo: number) {
  return db.selectFrom("cartons").selectAll().where("order_id", "=", orderId).where("carton_no", "=", cartonNo).executeTakeFirstOrThrow();
}

export async function findCartonId(db: Q, orderId: number, cartonNo: number): Promise<number | undefined> {
  const row = await db.selectFrom("cartons").select("id").where("order_id", "=", orderId).where("carton_no", "=", cartonNo).executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/** The cartons of an order with their shipment (for the pack view). */
export async function cartonViewRows(db: Q, orderId: number) {
  return db
    .selectFrom("cartons")
    .leftJoin("shipments", "shipments.carton_id", "cartons.id")
    .select([
      "cartons.carton_no",
      "cartons.status",
      "cartons.warehouse",
      "cartons.box_type",
      "cartons.box_reason",
      "cartons.expected_weight_grams",
      "cartons.measured_weight_grams",
      "cartons.weight_verdict",
      "cartons.weight_override_by",
      "cartons.sscc",
      "shipments.shipment_number",
      "shipments.tracking_number",
    ])
    .where("cartons.order_id", "=", orderId)
    .orderBy("cartons.carton_no")
    .execute();
}

export async function lastCartonWarehouse(db: Q, orderId: number): Promise<string | undefined> {
  return (await db.selectFrom("cartons").select("warehouse").where("order_id", "=", orderId).orderBy("carton_no", "desc").executeTakeFirst())?.warehouse;
}

export async function insertCarton(db: Q, c: { readonly orderId: number; readonly cartonNo: number; readonly warehouse: string; readonly actor: string; readonly now: number }): Promise<number> {
  const row = await db
    .insertInto("cartons")
    .values({
      order_id: c.orderId,
      carton_no: c.cartonNo,
      warehouse: c.warehouse,
      status: "open",
      box_type: null,
      box_suggested: null,
      box_reason: null,
      expected_weight_grams: null,
      measured_weight_grams: null,
      weight_verdict: null,
      weight_override_by: null,
      weight_override_reason: null,
      sscc: null,
      opened_by: c.actor,
      opened_at: iso(c.now),
      closed_by: null,
      closed_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** One more unit of the line in the carton. */
export async function addCartonUnit(db: Q, cartonId: number, lineNo: number, sku: string): Promise<void> {
  const existing = await db.selectFrom("carton_items").select("quantity").where("carton_id", "=", cartonId).where("line_no", "=", lineNo).executeTakeFirst();
  if (existing) await db.updateTable("carton_items").set({ quantity: existing.quantity + 1 }).where("carton_id", "=", cartonId).where("line_no", "=", lineNo).execute();
  else await db.insertInto("carton_items").values({ carton_id: cartonId, line_no: lineNo, sku, quantity: 1 }).execute();
}

/** One more unit of the line packed, unless it is fully packed already (then false: nothing changed). */
export async function incrementPacked(db: Q, orderId: number, lineNo: number): Promise<boolean> {
  const upd = await db
    .updateTable("order_lines")
    .set((eb) => ({ packed_quantity: eb("packed_quantity", "+", 1) }))
    .where("order_id", "=", orderId)
    .where("line_no", "=", lineNo)
    .where((eb) => eb("packed_quantity", "<", eb("quantity", "-", eb.ref("backordered_quantity"))))
    .executeTakeFirst();
  return Number(upd.numUpdatedRows) === 1;
}

const weighingColumns = (w: CartonWeighing) => ({
  expected_weight_grams: w.expectedGrams ?? null,
  measured_weight_grams: w.measuredGrams ?? null,
  weight_verdict: w.verdict ?? null,
  weight_override_by: w.overrideBy ?? null,
  weight_override_reason: w.overrideReason ?? null,
});

export function weighingOfRow(r: { expected_weight_grams: number | null; measured_weight_grams: number | null; weight_verdict: string | null; weight_override_by: string | null; weight_override_reason?: string | null }): CartonWeighing {
  return {
    expectedGrams: r.expected_weight_grams ?? undefined,
    measuredGrams: r.measured_weight_grams ?? undefined,
    verdict: (r.weight_verdict ?? undefined) as WeightVerdict | undefined,
    overrideBy: r.weight_override_by ?? undefined,
    overrideReason: r.weight_override_reason ?? undefined,
  };
}

export async function setWeighing(db: Q, cartonId: number, w: CartonWeighing, box?: string): Promise<void> {
  await db.updateTable("cartons").set({ ...weighingColumns(w), ...(box !== undefined ? { box_type: box } : {}) }).where("id", "=", cartonId).execute();
}

export async function setBox(db: Q, cartonId: number, box: { readonly box: string; readonly suggested: string | undefined; readonly reason: string | undefined }, w: CartonWeighing): Promise<void> {
  await db
    .updateTable("cartons")
    .set({ box_type: box.box, box_suggested: box.suggested ?? null, box_reason: box.reason ?? null, ...weighingColumns(w) })
    .where("id", "=", cartonId)
    .execute();
}

export async function markCartonClosed(db: Q, cartonId: number, sscc: string, actor: string, now: number): Promise<void> {
  await db.updateTable("cartons").set({ status: "closed", sscc, closed_by: actor, closed_at: iso(now) }).where("id", "=", cartonId).execute();
}

// ------------------------------------------------------------------ shipments of an order

export async function shipmentsOfOrder(db: Q, orderId: number) {
  return db.selectFrom("shipments").select(["shipment_number", "tracking_number", "sscc", "carrier"]).where("order_id", "=", orderId).orderBy("id").execute();
}

export async function unmanifestedShipmentsOf(db: Q, orderId: number): Promise<{ shipmentNumber: string; warehouse: string }[]> {
  const rows = await db.selectFrom("shipments").select(["shipment_number", "warehouse"]).where("order_id", "=", orderId).where("manifest_number", "is", null).execute();
  return rows.map((r) => ({ shipmentNumber: r.shipment_number, warehouse: r.warehouse }));
}

export async function manifestSequence(db: Q, manifestNumber: string): Promise<number> {
  return (await db.selectFrom("manifests").select("sequence").where("manifest_number", "=", manifestNumber).executeTakeFirstOrThrow()).sequence;
}

// ------------------------------------------------------------------ master data

export async function boxTypes(db: Q): Promise<BoxType[]> {
  const rows = await db.selectFrom("box_types").selectAll().execute();
  return rows.map((b) => ({ code: b.code, name: b.name, innerLengthMm: b.inner_length_mm, innerWidthMm: b.inner_width_mm, innerHeightMm: b.inner_height_mm, tareGrams: b.tare_grams, maxWeightGrams: b.max_weight_grams }));
}

/** Units with their SKU's weight and size, one entry per SKU. */
export async function packItems(db: Q, items: readonly { readonly sku: string; readonly quantity: number }[]): Promise<PackItem[]> {
  const skus = [...new Set(items.map((i) => i.sku))];
  if (skus.length === 0) return [];
  const rows = await db.selectFrom("skus").select(["sku", "weight_grams", "length_mm", "width_mm", "height_mm"]).where("sku", "in", skus).execute();
  const by = new Map(rows.map((r) => [r.sku, r]));
  const merged = new Map<string, number>();
  for (const i of items) merged.set(i.sku, (merged.get(i.sku) ?? 0) + i.quantity);
  return [...merged].map(([sku, quantity]) => {
    const r = by.get(sku)!;
    return { sku, quantity, weightGrams: r.weight_grams, lengthMm: r.length_mm, widthMm: r.width_mm, heightMm: r.height_mm };
  });
}

export async function skuNames(db: Q, skus: readonly string[]): Promise<Map<string, string>> {
  if (skus.length === 0) return new Map();
  const rows = await db.selectFrom("skus").select(["sku", "name"]).where("sku", "in", [...new Set(skus)]).execute();
  return new Map(rows.map((r) => [r.sku, r.name]));
}

export async function skuByCode(db: Q, sku: string): Promise<{ sku: string; name: string } | undefined> {
  return db.selectFrom("skus").select(["sku", "name"]).where("sku", "=", sku).executeTakeFirst();
}

/** Other orders in packing with unpacked units of the SKU (at most 3, for a wrong-item message). */
export async function ordersNeeding(db: Q, sku: string, exceptOrderId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("order_lines")
    .innerJoin("orders", "orders.id", "order_lines.order_id")
    .select("orders.number")
    .distinct()
    .where("order_lines.sku", "=", sku)
    .where("orders.status", "=", "Processing")
    .where("orders.id", "!=", exceptOrderId)
    .where((eb) => eb("order_lines.packed_quantity", "<", eb("order_lines.quantity", "-", eb.ref("order_lines.backordered_quantity"))))
    .orderBy("orders.number")
    .limit(3)
    .execute();
  return rows.map((r) => r.number);
}

export async function userByIdOrBadge(db: Q, ref: string) {
  return db.selectFrom("users").select(["id", "role", "name"]).where((eb) => eb.or([eb("id", "=", ref), eb("badge", "=", ref)])).executeTakeFirst();
}

export async function warehouseCodes(db: Q): Promise<string[]> {
  return (await db.selectFrom("warehouses").select("code").orderBy("code").execute()).map((w) => w.code);
}

export async function warehouseExists(db: Q, code: string): Promise<boolean> {
  return (await db.selectFrom("warehouses").select("code").where("code", "=", code).executeTakeFirst()) !== undefined;
}

export async function firstWarehouseByPriority(db: Q): Promise<string | undefined> {
  return (await db.selectFrom("warehouses").select("code").orderBy("priority").orderBy("code").executeTakeFirst())?.code;
}

/** A warehouse's address (JSON) and time zone, or undefined. */
export async function findWarehouse(db: Q, code: string) {
  return db.selectFrom("warehouses").select(["code", "address", "time_zone"]).where("code", "=", code).executeTakeFirst();
}

// ------------------------------------------------------------------ stock and picking of an order

const quantities = (rows: readonly { warehouse: string; q: number | string }[]): WarehouseQuantity[] => rows.map((r) => ({ warehouse: r.warehouse, quantity: Number(r.q) }));

/** Units of the order held per warehouse (allocated, reserved or shipped). */
export async function heldByWarehouse(db: Q, orderId: number): Promise<WarehouseQuantity[]> {
  const rows = await db
    .selectFrom("reservations")
    .select(["warehouse", (eb) => eb.fn.sum<number>("quantity").as("q")])
    .where("order_id", "=", orderId)
    .where("state", "in", ["allocated", "reserved", "shipped"])
    .groupBy("warehouse")
    .execute();
  return quantities(rows);
}

export async function allocatedByWarehouse(db: Q, orderId: number, lineNo: number): Promise<WarehouseQuantity[]> {
  const rows = await db
    .selectFrom("reservations")
    .select(["warehouse", (eb) => eb.fn.sum<number>("quantity").as("q")])
    .where("order_id", "=", orderId)
    .where("line_no", "=", lineNo)
    .where("state", "in", ["allocated", "shipped"])
    .groupBy("warehouse")
    .orderBy("warehouse")
    .execute();
  return quantities(rows);
}

export async function packedByWarehouse(db: Q, orderId: number, lineNo: number): Promise<WarehouseQuantity[]> {
  const rows = await db
    .selectFrom("carton_items")
    .innerJoin("cartons", "cartons.id", "carton_items.carton_id")
    .select(["cartons.warehouse", (eb) => eb.fn.sum<number>("carton_items.quantity").as("q")])
    .where("cartons.order_id", "=", orderId)
    .where("carton_items.line_no", "=", lineNo)
    .groupBy("cartons.warehouse")
    .execute();
  return quantities(rows);
}

export async function pickedByWarehouse(db: Q, orderId: number, lineNo: number): Promise<WarehouseQuantity[]> {
  const rows = await db
    .selectFrom("pick_list_lines")
    .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
    .select(["pick_lists.warehouse", (eb) => eb.fn.sum<number>("pick_list_lines.picked_quantity").as("q")])
    .where("pick_list_lines.order_id", "=", orderId)
    .where("pick_list_lines.line_no", "=", lineNo)
    .groupBy("pick_lists.warehouse")
    .execute();
  return quantities(rows);
}

/** The order's pick-list lines (not cancelled) in one warehouse, with their pick list. */
export async function pickLinesIn(db: Q, orderId: number, warehouse: string) {
  return db
    .selectFrom("pick_list_lines")
    .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
    .select(["pick_list_lines.line_no", "pick_list_lines.quantity", "pick_list_lines.picked_quantity", "pick_list_lines.status as line_status", "pick_lists.id", "pick_lists.wave_id", "pick_lists.status", "pick_lists.picker"])
    .where("pick_list_lines.order_id", "=", orderId)
    .where("pick_lists.warehouse", "=", warehouse)
    .where("pick_list_lines.status", "!=", "cancelled")
    .orderBy("pick_lists.id")
    .execute();
}

/** Whether the order has pick-list lines (not cancelled) in any warehouse: it was waved. */
export async function wasWaved(db: Q, orderId: number): Promise<boolean> {
  return (await db.selectFrom("pick_list_lines").select("id").where("order_id", "=", orderId).where("status", "!=", "cancelled").limit(1).executeTakeFirst()) !== undefined;
}
