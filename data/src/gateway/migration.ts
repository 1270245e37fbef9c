/** Migration 0003_gateway: paired devices, pairing codes, recorded scans, per-device feeds. Both dialects. */
import { sql, type Kysely, type Migration } from "kysely";
import { withId } from "../db/migrations/columns.js";
import type { Dialect } from "../db/schema.js";

type Db = Kysely<unknown>;

export function gatewayMigration(dialect: Dialect): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable("gateway_devices")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('picker', 'packer', 'supervisor')`))
        .addColumn("station", "text")
        .addColumn("paired_at", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("revoke_reason", "text")
        .addColumn("user_id", "text", (c) => c.references("users.id"))
        .addColumn("feed_seq", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("state", "text")
        .execute();
      await db.schema
        .createTable("gateway_pairing_codes")
        .addColumn("lookup", "text", (c) => c.primaryKey())
        .addColumn("secret_hash", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("station", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("used_at", "text")
        .addColumn("device_id", "text")
        .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("locked_at", "text")
        .execute();
      const id = (t: ReturnType<Db["schema"]["createTable"]>) => withId(dialect, t, "bigserial");
      await id(db.schema.createTable("gateway_scans"))
        .addColumn("device_id", "text", (c) => c.notNull().references("gateway_devices.id"))
        .addColumn("scan_id", "text", (c) => c.notNull())
        .addColumn("event", "text", (c) => c.notNull())
        .addColumn("user_id", "text")
        .addColumn("payload_hash", "text", (c) => c.notNull())
        .addColumn("ack", "text", (c) => c.notNull())
        .addColumn("ok", "integer", (c) => c.notNull())
        .addColumn("code", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addUniqueConstraint("gateway_scans_device_scan", ["device_id", "scan_id"])
        .execute();
      await db.schema
        .createTable("gateway_feed")
        .addColumn("device_id", "text", (c) => c.notNull().references("gateway_devices.id"))
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("gateway_feed_pk", ["device_id", "seq"])
        .execute();
      await db.schema
        .createTable("gateway_settings")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .execute();
    },
  };
}
