/**
 * Migration 0014_reports: the reorder-point table, the low-stock flags (stock.low.v1 sent once per fall) and the indexes that keep every report an index range
 * scan over its period (reports read only what is already recorded: transitions, pick events, cartons,
 * shipments, scans, outbox, reservations, tasks).
 */
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../db/schema.js";

type Db = Kysely<unknown>;

export function reportsMigration(_dialect: Dialect): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable("reorder_points")
        .addColumn("warehouse", "text", (c) => c.notNull().references("warehouses.code"))
        .addColumn("sku", "text", (c) => c.notNull().references("skus.sku"))
        .addColumn("reorder_point", "integer", (c) => c.notNull())
        .addColumn("target", "integer")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("reorder_points_pk", ["warehouse", "sku"])
        .execute();
      // SKUs below their reorder point that stock.low.v1 was sent for (sent again once they recover and fall again)
      await db.schema
        .createTable("stock_low_flags")
        .addColumn("warehouse", "text", (c) => c.notNull())
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("since", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("stock_low_flags_pk", ["warehouse", "sku"])
        .execute();
      const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute();
      await index("order_transitions_to_at", "order_transitions", ["to_status", "at", "order_id"]);
      // Per-order lookups of one transition (when was it confirmed?) must not range over every row of that status.
      await index("order_transitions_order_to", "order_transitions", ["order_id", "to_status", "at"]);
      await index("orders_created", "orders", ["created_at"]);
      await index("orders_status_updated", "orders", ["status", "updated_at"]);
      await index("pick_events_type_at", "pick_events", ["type", "at"]);
      await index("cartons_closed", "cartons", ["closed_at"]);
      await index("gateway_scans_created", "gateway_scans", ["created_at"]);
      await index("gateway_scans_device", "gateway_scans", ["device_id", "created_at"]);
      // (undelivered outbox rows by age: outbox_delivered of 0012_delivery serves the reports too)
      await index("reservations_state_expiry", "reservations", ["state", "expires_at"]);
      await index("tasks_type_status", "tasks", ["type", "status"]);
      await index("pick_events_order", "pick_events", ["order_id", "type"]);
      await index("cartons_order", "cartons", ["order_id"]);
      await index("backorders_created", "backorders", ["created_at"]);
      await index("waves_created", "waves", ["warehouse", "created_at"]);
    },
  };
}
