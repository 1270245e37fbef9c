/** Migration 0013_broker: the inbox of messages from the order system and the carrier tracking events applied. Both dialects. */
import type { Kysely, Migration } from "kysely";
import { withId } from "../db/migrations/columns.js";
import type { Dialect } from "../db/schema.js";

type Db = Kysely<unknown>;

export function brokerMigration(dialect: Dialect): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable("inbox")
        .addColumn("message_id", "text", (c) => c.primaryKey())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("order_number", "text")
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("detail", "text", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .execute();
      await withId(dialect, db.schema.createTable("carrier_events"))
        .addColumn("carrier", "text", (c) => c.notNull())
        .addColumn("event_id", "text", (c) => c.notNull())
        .addColumn("tracking_number", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("occurred_at", "text", (c) => c.notNull())
        .addColumn("order_id", "integer", (c) => c.references("orders.id"))
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("detail", "text", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .addUniqueConstraint("carrier_events_event", ["carrier", "event_id"])
        .execute();
      await db.schema.createIndex("carrier_events_tracking").on("carrier_events").columns(["tracking_number", "occurred_at"]).execute();
    },
  };
}
