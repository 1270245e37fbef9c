/**
 * PostgreSQL through node-postgres, for fulfilment centres where many gateways share one database.
 * The only data/ file that imports pg. An optional schema isolates tenants and test runs.
 */
import pg from "pg";
import { Kysely, PostgresDialect, sql } from "kysely";
import type { Database } from "../schema.js";

export interface PostgresOptions {
  readonly url: string;
  /** Use (and create) this schema instead of `public`. */
  readonly schema?: string;
  readonly maxConnections?: number;
  /** Create the schema when missing (default true). */
  readonly create?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgres(options: PostgresOptions): Promise<Kysely<Database>> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(options.schema)}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle pooled connection can die under us (a server restart or failover, an administrator's
  // pg_terminate_backend, a network cut): the pool drops it and emits "error". Unhandled, that event
  // would end the process (a gateway with every handheld on it); handled, the next query simply opens
  // a new connection, and a query that was running on it fails with the error and is retried or reported.
  pool.on("error", () => undefined);
  // The same for a connection that dies while checked out between two queries (inside a transaction):
  // the client emits "error" itself; its next query fails, and the pool discards it on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (options.schema && (options.create ?? true)) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
  return db;
}

/** Drop a schema and everything in it (tests clean up with this). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
