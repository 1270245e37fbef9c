/**
 * Versioned migrations, one codebase for both dialects. Never edit a released migration: add a new one.
 * They run automatically when a store is opened (Kysely's Migrator records them in kysely_migration).
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import { withId } from "./columns.js";
import type { Dialect } from "../schema.js";
import { manifestsMigration, shippingMigration } from "../../packing/migration.js";
import { planningMigration } from "../../planning/migration.js";
import { gatewayMigration } from "../../gateway/migration.js";
import { pairingAttemptsMigration } from "../../gateway/pairing-attempts.js";
import { metricsIndexesMigration } from "../../metrics/migration.js";
import { apiMigration } from "../../api/migration.js";
import { deliveryMigration } from "../../outbox/migration.js";
import { brokerMigration } from "../../inbox/migration.js";
import { reportsMigration } from "../../reports/migration.js";

type Db = Kysely<unknown>;

export function migrationProvider(dialect: Dialect): MigrationProvider {
  // Names are sorted; numbers are reserved per area so parallel work never collides:
  // 0002 planning (waves, pick lists), 0003 gateway (devices, scans, feeds), 0004 shipping (cartons, SSCC, shipments),
  // 0005 warehouse time zones; later ones are added in order. Reserved: 0011 api (keys, idempotency),
  // 0012 delivery (webhooks, deliveries), 0013 broker (inbox, carrier events), 0014 reports (reorder points),
  // 0015 hardening (pairing attempts), 0016 ops (simulator).
  const migrations: Record<string, Migration> = {
    "0001_foundation": foundation(dialect),
    "0002_planning": planningMigration(dialect),
    "0003_gateway": gatewayMigration(dialect),
    "0004_shipping": shippingMigration(dialect),
    "0008_availability_indexes": {
      // Availability reads held stock and on-hand stock by SKU across warehouses: index them by SKU
      // first (the older indexes lead with the warehouse, so every reservation was scanned).
      async up(db: Db) {
        await db.schema.createIndex("reservations_sku_state").on("reservations").columns(["sku", "state", "expires_at"]).execute();
        await db.schema.createIndex("stock_sku").on("stock").columns(["sku", "warehouse"]).execute();
      },
    },
    "0007_backorders": {
      async up(db: Db) {
        await db.schema.alterTable("order_lines").addColumn("backordered_quantity", "integer", (c) => c.notNull().defaultTo(0)).execute();
      },
    },
    "0005_warehouse_time_zone": {
      async up(db: Db) {
        await db.schema.alterTable("warehouses").addColumn("time_zone", "text", (c) => c.notNull().defaultTo("UTC")).execute();
      },
    },
    "0006_manifests": manifestsMigration(dialect),
    "0015_hardening": pairingAttemptsMigration(dialect),
    "0016_metrics_indexes": metricsIndexesMigration(),
    "0010_order_payment": {
      // Orders imported as paid by the order system are confirmed as soon as their stock is reserved.
      async up(db: Db) {
        await db.schema.alterTable("orders").addColumn("payment", "text", (c) => c.notNull().defaultTo("pending")).execute();
      },
    },
    "0011_api": apiMigration(),
    "0012_delivery": deliveryMigration(dialect),
    "0013_broker": brokerMigration(dialect),
    "0014_reports": reportsMigration(dialect),
  };
  return { getMigrations: async () => migrations };
}

function foundation(dialect: Dialect): Migration {
  const id = (t: ReturnType<Db["schema"]["createTable"]>) => withId(dialect, t);
  return {
    async up(db: Db) {
      await db.schema
        .createTable("warehouses")
        .addColumn("code", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("latitude", "double precision", (c) => c.notNull())
        .addColumn("longitude", "double precision", (c) => c.notNull())
        .addColumn("priority", "integer", (c) => c.notNull())
        .addColumn("cutoff", "text", (c) => c.notNull())
        .addColumn("cost_per_shipment", "double precision", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("locations")
        .addColumn("warehouse", "text", (c) => c.notNull().references("warehouses.code"))
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("zone", "text", (c) => c.notNull())
        .addColumn("aisle", "integer", (c) => c.notNull())
        .addColumn("position", "double precision", (c) => c.notNull())
        .addColumn("level", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("locations_pk", ["warehouse", "code"])
        .execute();
      await db.schema
        .createTable("layouts")
        .addColumn("warehouse", "text", (c) => c.primaryKey().references("warehouses.code"))
        .addColumn("layout", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("skus")
        .addColumn("sku", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("weight_grams", "double precision", (c) => c.notNull())
        .addColumn("length_mm", "double precision", (c) => c.notNull())
        .addColumn("width_mm", "double precision", (c) => c.notNull())
        .addColumn("height_mm", "double precision", (c) => c.notNull())
        .addColumn("tracks_lot", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("tracks_serial", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("tracks_expiry", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable("sku_barcodes")
        .addColumn("barcode", "text", (c) => c.primaryKey())
        .addColumn("sku", "text", (c) => c.notNull().references("skus.sku"))
        .execute();
      await db.schema.createIndex("sku_barcodes_sku").on("sku_barcodes").column("sku").execute();
      await db.schema
        .createTable("stock")
        .addColumn("warehouse", "text", (c) => c.notNull())
        .addColumn("location", "text", (c) => c.notNull())
        .addColumn("sku", "text", (c) => c.notNull().references("skus.sku"))
        .addColumn("on_hand", "integer", (c) => c.notNull().check(sql`on_hand >= 0`))
        .addPrimaryKeyConstraint("stock_pk", ["warehouse", "sku", "location"])
        .addForeignKeyConstraint("stock_location_fk", ["warehouse", "location"], "locations", ["warehouse", "code"])
        .execute();
      await db.schema
        .createTable("box_types")
        .addColumn("code", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("inner_length_mm", "double precision", (c) => c.notNull())
        .addColumn("inner_width_mm", "double precision", (c) => c.notNull())
        .addColumn("inner_height_mm", "double precision", (c) => c.notNull())
        .addColumn("tare_grams", "double precision", (c) => c.notNull())
        .addColumn("max_weight_grams", "double precision", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("users")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("badge", "text", (c) => c.notNull().unique())
        .execute();
      await id(db.schema.createTable("orders"))
        .addColumn("number", "text", (c) => c.notNull().unique())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("customer", "text", (c) => c.notNull())
        .addColumn("ship_to", "text", (c) => c.notNull())
        .addColumn("priority", "integer", (c) => c.notNull())
        .addColumn("carrier", "text", (c) => c.notNull())
        .addColumn("service", "text", (c) => c.notNull())
        .addColumn("ship_by", "text")
        .addColumn("reservation_expires_at", "text")
        .addColumn("tracking_number", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("orders_status").on("orders").columns(["status", "reservation_expires_at"]).execute();
      await db.schema
        .createTable("order_lines")
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addColumn("line_no", "integer", (c) => c.notNull())
        .addColumn("sku", "text", (c) => c.notNull().references("skus.sku"))
        .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
        .addColumn("unit_price", "double precision", (c) => c.notNull())
        .addColumn("picked_quantity", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("packed_quantity", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("order_lines_pk", ["order_id", "line_no"])
        .execute();
      await id(db.schema.createTable("reservations"))
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addColumn("line_no", "integer", (c) => c.notNull())
        .addColumn("warehouse", "text", (c) => c.notNull().references("warehouses.code"))
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("expires_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("reservations_held").on("reservations").columns(["warehouse", "sku", "state", "expires_at"]).execute();
      await db.schema.createIndex("reservations_order").on("reservations").column("order_id").execute();
      await id(db.schema.createTable("order_transitions"))
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addColumn("from_status", "text", (c) => c.notNull())
        .addColumn("to_status", "text", (c) => c.notNull())
        .addColumn("event", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("metadata", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("order_transitions_order").on("order_transitions").column("order_id").execute();
      await id(db.schema.createTable("outbox"))
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
        .addColumn("order_seq", "integer", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("delivered_at", "text")
        .addUniqueConstraint("outbox_order_seq", ["order_id", "order_seq"])
        .execute();
      await id(db.schema.createTable("tasks"))
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("order_id", "integer")
        .addColumn("warehouse", "text")
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("sequences")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "integer", (c) => c.notNull())
        .execute();
    },
  };
}
