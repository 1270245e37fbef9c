/**
 * Migration 0011_api: API keys of client systems, the idempotency records of POST requests (unique per
 * client and key, so several gateway nodes on one database agree), and the index the catch-up listing
 * (`GET /v1/orders?updatedSince=…`) pages on. Both dialects.
 */
import type { Kysely, Migration } from "kysely";

type Db = Kysely<unknown>;

export function apiMigration(): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable("api_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("secret_hash", "text", (c) => c.notNull())
        .addColumn("scopes", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("revoked_by", "text")
        .execute();
      await db.schema
        .createTable("api_idempotency")
        .addColumn("client", "text", (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("request_hash", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("status", "integer")
        .addColumn("response", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("lease_until", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("api_idempotency_pk", ["client", "key"])
        .execute();
      await db.schema.createIndex("api_idempotency_created").on("api_idempotency").column("created_at").execute();
      await db.schema.createIndex("orders_updated").on("orders").columns(["updated_at", "id"]).execute();
    },
  };
}
