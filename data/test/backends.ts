/**
 * The two backends every store test runs on. SQLite always; PostgreSQL when PICKPACK_TEST_POSTGRES_URL
 * is set (CI sets it) or the local default server answers. Each PostgreSQL store lives in its own
 * schema (t_<run>_…), dropped once after the whole run (vitest.global-setup.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore, type OpenOptions, type SqlStore } from "@pickpack/data";

export const POSTGRES_URL = process.env.PICKPACK_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export const postgresAvailable: boolean = await (async () => {
  const ok = await postgresReachable();
  if (!ok) {
    if (process.env.PICKPACK_TEST_POSTGRES_URL) {
      throw new Error(`PICKPACK_TEST_POSTGRES_URL is set but PostgreSQL at ${POSTGRES_URL} does not answer`);
    }
    console.warn(`\n*** PostgreSQL not reachable at ${POSTGRES_URL}: SKIPPING the PostgreSQL half of the store suite ***\n`);
  }
  return ok;
})();

export interface Backend {
  readonly name: "sqlite" | "postgres";
  readonly available: boolean;
  /** Open a fresh, empty store. Returns it with a cleanup function. */
  open(options?: Partial<OpenOptions>): Promise<{ store: SqlStore; target: string; schema?: string; cleanup(): Promise<void> }>;
}

let counter = 0;
/** t_<run>_…: <run> is the vitest run's pid (vitest.global-setup.ts), so a run drops only its own schemas. */
const unique = () => `t_${process.env.PICKPACK_TEST_RUN ?? process.pid}_${process.pid}_${Date.now().toString(36)}_${counter++}`;

export const backends: readonly Backend[] = [
  {
    name: "sqlite",
    available: true,
    async open(options = {}) {
      const dir = mkdtempSync(join(tmpdir(), "pickpack-test-"));
      const target = join(dir, "test.db");
      const store = await openStore({ ...options, target });
      return {
        store,
        target,
        async cleanup() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: "postgres",
    available: postgresAvailable,
    async open(options = {}) {
      const schema = unique();
      const store = await openStore({ ...options, target: POSTGRES_URL, schema });
      return {
        store,
        target: POSTGRES_URL,
        schema,
        async cleanup() {
          await store.close(); // the schema is dropped after the whole run (vitest.global-setup.ts)
        },
      };
    },
  },
];
