/**
 * Migration 0002_planning: waves, pick lists, pick-list lines, pick events (the planning audit trail),
 * back-orders, and `reservations.picked_quantity` (units of an allocation already taken off a
 * location by picking, so shipping only decrements the rest).
 */
import { sql, type Kysely, type Migration } from "kysely";
import { withId } from "../db/migrations/columns.js";
import type { Dialect } from "../db/schema.js";

type Db = Kysely<unknown>;

export function planningMigration(dialect: Dialect): Migration {
  const id = (t: ReturnType<Db["schema"]["createTable"]>) => withId(dialect, t);
  return {
    async up(db: Db) {
      await id(db.schema.createTable("waves"))
        .addColumn("warehouse", "text", (c) => c.notNull().references("warehouses.code"))
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("cutoff", "text")
        .addColumn("priority", "integer", (c) => c.notNull())
        .addColumn("carrier", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("released_at", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("wave_orders")
        .addColumn("wave_id", "integer", (c) => c.notNull().references("waves.id"))
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addPrimaryKeyConstraint("wave_orders_pk", ["wave_id", "order_id"])
        .execute();
      await db.schema.createIndex("wave_orders_order").on("wave_orders").column("order_id").execute();
      await id(db.schema.createTable("pick_lists"))
        .addColumn("wave_id", "integer", (c) => c.notNull().references("waves.id"))
        .addColumn("warehouse", "text", (c) => c.notNull())
        .addColumn("sequence", "integer", (c) => c.notNull())
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("picker", "text")
        .addColumn("pack_station", "text")
        .addColumn("distance", "double precision", (c) => c.notNull())
        .addColumn("optimal", "integer", (c) => c.notNull())
        .addColumn("totes", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("pick_lists_wave").on("pick_lists").column("wave_id").execute();
      await db.schema.createIndex("pick_lists_status").on("pick_lists").columns(["warehouse", "status"]).execute();
      await db.schema
        .createTable("pick_list_orders")
        .addColumn("pick_list_id", "integer", (c) => c.notNull().references("pick_lists.id"))
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addColumn("totes", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("pick_list_orders_pk", ["pick_list_id", "order_id"])
        .execute();
      await id(db.schema.createTable("pick_list_lines"))
        .addColumn("pick_list_id", "integer", (c) => c.notNull().references("pick_lists.id"))
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("location", "text", (c) => c.notNull())
        .addColumn("aisle", "integer", (c) => c.notNull())
        .addColumn("position", "double precision", (c) => c.notNull())
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("quantity", "integer", (c) => c.notNull().check(sqlPositive("quantity")))
        .addColumn("picked_quantity", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addColumn("line_no", "integer", (c) => c.notNull())
        .addColumn("tote", "integer")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("location_confirmed", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("note", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("pick_list_lines_list").on("pick_list_lines").columns(["pick_list_id", "seq"]).execute();
      await db.schema.createIndex("pick_list_lines_stock").on("pick_list_lines").columns(["location", "sku", "status"]).execute();
      await db.schema.createIndex("pick_list_lines_order").on("pick_list_lines").column("order_id").execute();
      await id(db.schema.createTable("pick_events"))
        .addColumn("pick_list_id", "integer")
        .addColumn("line_id", "integer")
        .addColumn("order_id", "integer")
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("detail", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("pick_events_list").on("pick_events").column("pick_list_id").execute();
      await id(db.schema.createTable("backorders"))
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addColumn("line_no", "integer", (c) => c.notNull())
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("quantity", "integer", (c) => c.notNull())
        .addColumn("warehouse", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .alterTable("reservations")
        .addColumn("picked_quantity", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}

const sqlPositive = (col: string) => sql`${sql.ref(col)} > 0`;
