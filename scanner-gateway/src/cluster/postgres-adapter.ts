/**
 * Multi-node: the Socket.IO PostgreSQL adapter (LISTEN/NOTIFY on the database the gateways already
 * share), so a room broadcast on one node (a scan recorded on A → supervisors connected to B,
 * a revocation → the device's sockets anywhere) reaches every node. Chosen over Redis because
 * PostgreSQL is already required for multi-node (the scans, feeds and stock live there): no second
 * stateful service to run, secure and back up. NOTIFY payloads over 8 kB go through a table.
 */
import pg from "pg";
import { createAdapter } from "@socket.io/postgres-adapter";

export interface ClusterAdapter {
  /** Pass to the socket server (opaque outside this file and socket-server.ts). */
  readonly adapter: unknown;
  close(): Promise<void>;
}

export async function createPostgresClusterAdapter(options: { url: string; schema?: string; channel?: string }): Promise<ClusterAdapter> {
  const pool = new pg.Pool({ connectionString: options.url, max: 4, ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}) });
  // A pooled connection killed by the server (restart, failover, pg_terminate_backend) must not end the
  // gateway: the pool drops it and the adapter's listener reconnects.
  pool.on("error", () => undefined);
  // The same for a connection that dies while checked out between two queries (inside a transaction):
  // the client emits "error" itself; its next query fails, and the pool discards it on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  await pool.query(
    "CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)",
  );
  const adapter = createAdapter(pool, {
    // Separate sites (or test schemas) on one server must not hear each other.
    channelPrefix: options.channel ?? `pickpack.${options.schema ?? "public"}`,
    heartbeatInterval: 2000,
    heartbeatTimeout: 6000,
  });
  return {
    adapter,
    close: async () => {
      await pool.end().catch(() => undefined);
    },
  };
}
