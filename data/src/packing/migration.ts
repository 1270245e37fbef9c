/** 0004_shipping: cartons and their contents, shipments (one per carton), carrier manifests. */
import { sql, type Kysely, type Migration } from "kysely";
import { withId } from "../db/migrations/columns.js";
import type { Dialect } from "../db/schema.js";

type Db = Kysely<unknown>;

export function shippingMigration(dialect: Dialect): Migration {
  const id = (t: ReturnType<Db["schema"]["createTable"]>) => withId(dialect, t);
  return {
    async up(db: Db) {
      await id(db.schema.createTable("cartons"))
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addColumn("carton_no", "integer", (c) => c.notNull())
        .addColumn("warehouse", "text", (c) => c.notNull().references("warehouses.code"))
        .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'closed')`))
        .addColumn("box_type", "text", (c) => c.references("box_types.code"))
        .addColumn("box_suggested", "text")
        .addColumn("box_reason", "text")
        .addColumn("expected_weight_grams", "double precision")
        .addColumn("measured_weight_grams", "double precision")
        .addColumn("weight_verdict", "text")
        .addColumn("weight_override_by", "text")
        .addColumn("weight_override_reason", "text")
        .addColumn("sscc", "text", (c) => c.unique())
        .addColumn("opened_by", "text", (c) => c.notNull())
        .addColumn("opened_at", "text", (c) => c.notNull())
        .addColumn("closed_by", "text")
        .addColumn("closed_at", "text")
        .addUniqueConstraint("cartons_order_no", ["order_id", "carton_no"])
        .execute();
      // at most one open carton per order, even under concurrent scans
      await db.schema.createIndex("cartons_one_open").on("cartons").column("order_id").unique().where(sql.ref("status"), "=", "open").execute();
      await db.schema
        .createTable("carton_items")
        .addColumn("carton_id", "integer", (c) => c.notNull().references("cartons.id"))
        .addColumn("line_no", "integer", (c) => c.notNull())
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
        .addPrimaryKeyConstraint("carton_items_pk", ["carton_id", "line_no"])
        .execute();
      await id(db.schema.createTable("shipments"))
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addColumn("carton_id", "integer", (c) => c.notNull().unique().references("cartons.id"))
        .addColumn("warehouse", "text", (c) => c.notNull())
        .addColumn("shipment_number", "text", (c) => c.notNull().unique())
        .addColumn("carrier", "text", (c) => c.notNull())
        .addColumn("service", "text", (c) => c.notNull())
        .addColumn("tracking_number", "text", (c) => c.notNull().unique())
        .addColumn("sscc", "text", (c) => c.notNull().unique())
        .addColumn("weight_grams", "double precision", (c) => c.notNull())
        .addColumn("label_data", "text", (c) => c.notNull())
        .addColumn("carrier_data", "text", (c) => c.notNull())
        .addColumn("ship_date", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("manifest_number", "text")
        .addColumn("manifest_date", "text")
        .addColumn("manifested_at", "text")
        .execute();
      await db.schema.createIndex("shipments_carrier_day").on("shipments").columns(["carrier", "ship_date", "manifest_number"]).execute();
      await db.schema.createIndex("shipments_order").on("shipments").column("order_id").execute();
      await db.schema
        .createTable("manifests")
        .addColumn("carrier", "text", (c) => c.notNull())
        .addColumn("date", "text", (c) => c.notNull())
        .addColumn("manifest_number", "text", (c) => c.notNull().unique())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("manifests_pk", ["carrier", "date"])
        .execute();
    },
  };
}

/**
 * 0006_manifests: manifests per carrier, warehouse and day, several a day (numbered 1, 2, … so
 * shipments created after a close-out go on the next one). The 0004 table (one per carrier and day)
 * is renamed, copied over (its warehouse taken from its shipments, sequence 1) and dropped.
 */
export function manifestsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Db) {
      await db.schema.alterTable("manifests").renameTo("manifests_0004").execute();
      const t = db.schema.createTable("manifests");
      await withId(dialect, t)
        .addColumn("carrier", "text", (c) => c.notNull())
        .addColumn("warehouse", "text", (c) => c.notNull())
        .addColumn("date", "text", (c) => c.notNull())
        .addColumn("sequence", "integer", (c) => c.notNull().check(sql`sequence > 0`))
        .addColumn("manifest_number", "text", (c) => c.notNull().unique())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addUniqueConstraint("manifests_carrier_wh_day_seq", ["carrier", "warehouse", "date", "sequence"])
        .execute();
      await sql`insert into manifests (carrier, warehouse, date, sequence, manifest_number, data, created_at)
        select m.carrier,
               coalesce((select min(s.warehouse) from shipments s where s.manifest_number = m.manifest_number), ''),
               m.date, 1, m.manifest_number, m.data, m.created_at
        from manifests_0004 m`.execute(db);
      await db.schema.dropTable("manifests_0004").execute();
      await db.schema.createIndex("shipments_open_by_wh_day").on("shipments").columns(["carrier", "warehouse", "ship_date", "manifest_number"]).execute();
    },
  };
}
