/**
 * Migration 0016_metrics_indexes: what a metrics scrape reads stays cheap on a large site — the
 * undelivered outbox rows (a partial index: delivered rows, nearly all of them, are not in it) and
 * open orders by ship-by.
 */
import { sql, type Kysely, type Migration } from "kysely";

type Db = Kysely<unknown>;

export function metricsIndexesMigration(): Migration {
  return {
    async up(db: Db) {
      await db.schema.createIndex("outbox_pending").on("outbox").column("created_at").where(sql.ref("delivered_at"), "is", null).execute();
      await db.schema.createIndex("orders_status_ship_by").on("orders").columns(["status", "ship_by"]).execute();
    },
  };
}
