/**
 * Migration 0012_delivery: outbox rows not tied to an order (order_id nullable, a `stream` key, a
 * `relayed_at` mark once the relay has fanned a row out to its destinations), per-destination
 * delivery state, webhook endpoints with their audit trail, and relay leases. Both dialects.
 */
import { sql, type Kysely, type Migration } from "kysely";
import { withId } from "../db/migrations/columns.js";
import type { Dialect } from "../db/schema.js";

type Db = Kysely<unknown>;

export function deliveryMigration(dialect: Dialect): Migration {
  return {
    async up(db: Db) {
      if (dialect === "postgres") {
        await sql`alter table outbox alter column order_id drop not null`.execute(db);
        await db.schema.alterTable("outbox").addColumn("stream", "text").execute();
        await db.schema.alterTable("outbox").addColumn("relayed_at", "text").execute();
      } else {
        // SQLite cannot drop NOT NULL in place: rebuild the table (ids kept, so event ids stay the same).
        await sql`create table outbox_next (
          id integer primary key autoincrement,
          type text not null,
          order_id integer references orders(id),
          stream text,
          order_seq integer not null,
          payload text not null,
          created_at text not null,
          delivered_at text,
          relayed_at text,
          constraint outbox_order_seq unique (order_id, order_seq)
        )`.execute(db);
        await sql`insert into outbox_next (id, type, order_id, stream, order_seq, payload, created_at, delivered_at, relayed_at)
          select id, type, order_id, null, order_seq, payload, created_at, delivered_at, null from outbox`.execute(db);
        await sql`drop table outbox`.execute(db);
        await sql`alter table outbox_next rename to outbox`.execute(db);
      }
      await db.schema.createIndex("outbox_stream_seq").unique().on("outbox").columns(["stream", "order_seq"]).execute();
      await db.schema.createIndex("outbox_relayed").on("outbox").columns(["relayed_at", "id"]).execute();
      await db.schema.createIndex("outbox_delivered").on("outbox").columns(["delivered_at", "created_at"]).execute();

      await db.schema
        .createTable("deliveries")
        .addColumn("outbox_id", "integer", (c) => c.notNull().references("outbox.id"))
        .addColumn("destination", "text", (c) => c.notNull())
        .addColumn("stream", "text", (c) => c.notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('pending', 'delivered', 'failed', 'parked')`))
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "text", (c) => c.notNull())
        .addColumn("last_attempt_at", "text")
        .addColumn("last_error", "text")
        .addColumn("delivered_at", "text")
        .addColumn("lease_owner", "text")
        .addColumn("lease_until", "text")
        .addPrimaryKeyConstraint("deliveries_pk", ["outbox_id", "destination"])
        .execute();
      await db.schema.createIndex("deliveries_head").on("deliveries").columns(["destination", "stream", "state", "seq"]).execute();
      await db.schema.createIndex("deliveries_due").on("deliveries").columns(["state", "next_attempt_at"]).execute();

      await withId(dialect, db.schema.createTable("webhook_endpoints"))
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("events", "text", (c) => c.notNull())
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("previous_secrets", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("allow_private", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('active', 'disabled')`))
        .addColumn("disabled_at", "text")
        .addColumn("disabled_reason", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("failing_since", "text")
        .addColumn("last_error", "text")
        .addColumn("last_success_at", "text")
        .execute();
      await withId(dialect, db.schema.createTable("webhook_audit"))
        .addColumn("endpoint_id", "integer", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("detail", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("relay_leases")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
    },
  };
}
