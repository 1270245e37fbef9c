// PostgreSQL test schemas (t_*) are dropped once, after the whole run, not by each test: dropping a
// schema while another test's migration reads the catalog of every schema makes that read fail.
import pg from "pg";

const URL = process.env.PICKPACK_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function dropTestSchemas(): Promise<void> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    return; // no PostgreSQL here: nothing to clean
  }
  try {
    const { rows } = await client.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 't\\_%'");
    for (const { nspname } of rows) await client.query(`drop schema if exists "${nspname}" cascade`);
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<() => Promise<void>> {
  await dropTestSchemas(); // leftovers of an interrupted run
  return dropTestSchemas;
}
