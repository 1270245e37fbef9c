// PostgreSQL test schemas are named t_<run>_… where <run> is this vitest process's pid, and dropped
// once after the whole run, not by each test: dropping a schema while another test's migration reads
// the catalog of every schema makes that read fail. A run drops only its own schemas, and at start the
// leftovers of runs whose process is gone, so two runs against one server (two checkouts, CI beside a
// developer) never drop each other's schemas.
import pg from "pg";

const URL = process.env.PICKPACK_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const RUN = String(process.pid);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function dropTestSchemas(which: (run: string) => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    return; // no PostgreSQL here: nothing to clean
  }
  try {
    const { rows } = await client.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 't\\_%'");
    for (const { nspname } of rows) {
      const run = nspname.split("_")[1] ?? "";
      if (which(run)) await client.query(`drop schema if exists "${nspname}" cascade`);
    }
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<() => Promise<void>> {
  process.env.PICKPACK_TEST_RUN = RUN; // inherited by the test workers (data/test/backends.ts)
  await dropTestSchemas((run) => run !== RUN && !(/^\d+$/.test(run) && alive(Number(run)))); // leftovers of interrupted runs
  return () => dropTestSchemas((run) => run === RUN);
}
