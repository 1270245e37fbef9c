/**
 * Master-data rows an import writes: warehouses, layouts, locations, SKUs with their barcodes, box
 * types and users. Queries only (keyed update-or-insert, existence and ownership checks).
 */
import { sql } from "kysely";
import { HOLDING_STATES } from "@pickpack/core";
import type { Q } from "../db/unit-of-work.js";

export type KeyedTable = "warehouses" | "layouts" | "locations" | "box_types" | "users";

/** Update the row with this key, or insert it (one statement when the row exists). */
export async function upsert(q: Q, table: KeyedTable, key: Readonly<Record<string, string>>, row: Record<string, unknown>): Promise<"created" | "updated"> {
  let update = q.updateTable(table as "warehouses").set(row as never);
  for (const [col, value] of Object.entries(key)) update = update.where(sql.ref(col), "=", value);
  if (Number((await update.executeTakeFirst()).numUpdatedRows) > 0) return "updated";
  await q.insertInto(table as "warehouses").values({ ...row, ...key } as never).execute();
  return "created";
}

export async function exists(q: Q, table: "warehouses" | "skus" | "box_types" | "users", col: string, key: string): Promise<boolean> {
  return (await q.selectFrom(table).select(sql<number>`1`.as("x")).where(sql.ref(col), "=", key).executeTakeFirst()) !== undefined;
}

/** The SKU a barcode belongs to, if any. */
export async function barcodeOwner(q: Q, barcode: string): Promise<string | undefined> {
  return (await q.selectFrom("sku_barcodes").select("sku").where("barcode", "=", barcode).executeTakeFirst())?.sku;
}

/** The user a badge belongs to, if any. */
export async function badgeOwner(q: Q, badge: string): Promise<string | undefined> {
  return (await q.selectFrom("users").select("id").where("badge", "=", badge).executeTakeFirst())?.id;
}

/** Write a SKU row and replace its barcodes. */
export async function saveSku(q: Q, row: { sku: string } & Record<string, unknown>, barcodes: readonly string[]): Promise<"created" | "updated"> {
  let done: "created" | "updated";
  if (await exists(q, "skus", "sku", row.sku)) {
    await q.updateTable("skus").set(row as never).where("sku", "=", row.sku).execute();
    await q.deleteFrom("sku_barcodes").where("sku", "=", row.sku).execute();
    done = "updated";
  } else {
    await q.insertInto("skus").values(row as never).execute();
    done = "created";
  }
  if (barcodes.length > 0) await q.insertInto("sku_barcodes").values(barcodes.map((barcode) => ({ barcode, sku: row.sku }))).execute();
  return done;
}

/** The numbers of the orders holding (reserved or allocated) a SKU in a warehouse. */
export async function holdersOf(q: Q, warehouse: string, sku: string): Promise<string[]> {
  const rows = await q
    .selectFrom("reservations")
    .innerJoin("orders", "orders.id", "reservations.order_id")
    .select("orders.number")
    .distinct()
    .where("reservations.warehouse", "=", warehouse)
    .where("reservations.sku", "=", sku)
    .where("reservations.state", "in", [...HOLDING_STATES])
    .orderBy("orders.number")
    .execute();
  return rows.map((r) => r.number);
}
