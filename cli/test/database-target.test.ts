// Which commands may create a database: `init` and `import` do; every other command refuses a target
// that holds no pickpack database (a mistyped --db) with exit 2, and creates nothing. On SQLite and on
// PostgreSQL (a schema selected through the URL's search_path).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "@pickpack/data";
import { POSTGRES_URL, postgresAvailable } from "../../data/test/backends.js";
import { runCli } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "pickpack-dbtarget-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { USER: "tester" } });

describe("a read command on a database that does not exist (SQLite)", () => {
  it("says there is none and how to create it, exit 2, and creates no file", async () => {
    for (const args of [["orders", "list"], ["stock", "list"], ["audit", "SO-1"], ["reservations", "sweep"], ["devices", "paired"]]) {
      const r = await cli("--db", "typo.db", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(`error [DATABASE_NOT_FOUND]: no pickpack database at ${join(dir, "typo.db")} — run \`pickpack init\``);
      expect(r.stdout).toBe("");
    }
    expect(existsSync(join(dir, "typo.db"))).toBe(false);
    const nested = await cli("--db", "no/such/folder/x.db", "orders", "list");
    expect(nested.code).toBe(2);
    expect(existsSync(join(dir, "no"))).toBe(false);
  });

  it("demo refuses --db (it replaces the file it builds) and names --db-path", async () => {
    writeFileSync(join(dir, "real.db"), "precious");
    const r = await cli("--db", "real.db", "demo");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give its path with --db-path, not --db");
    expect(readFileSync(join(dir, "real.db"), "utf8")).toBe("precious");
  });

  it("also through PICKPACK_DATABASE and the default ./.pickpack/pickpack.db", async () => {
    const viaEnv = await runCli(["orders", "list"], { cwd: dir, env: { PICKPACK_DATABASE: "typo2.db" } });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain("no pickpack database at");
    const viaDefault = await runCli(["orders", "list"], { cwd: dir, env: {} });
    expect(viaDefault.code).toBe(2);
    expect(existsSync(join(dir, ".pickpack"))).toBe(false);
  });

  it("refuses a file that is not a pickpack database (an empty file) without touching it", async () => {
    writeFileSync(join(dir, "empty.db"), "");
    const r = await cli("--db", "empty.db", "orders", "list");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("DATABASE_NOT_FOUND");
  });

  it("init creates it; then read commands work", async () => {
    const init = await cli("--db", "wh.db", "init");
    expect(init.code, init.stderr).toBe(0);
    const list = await cli("--db", "wh.db", "orders", "list");
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain("0 orders");
  });

  it("import creates it (a new warehouse's first file)", async () => {
    const file = join(dir, "warehouses.json");
    writeFileSync(
      file,
      JSON.stringify([{ code: "WH1", name: "Berlin", address: { name: "Dock", street: "1 A St", postalCode: "10115", city: "Berlin", country: "DE" }, latitude: 52.5, longitude: 13.4 }]),
    );
    const r = await cli("--db", "fresh/imported.db", "import", "warehouses", file);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, "fresh/imported.db"))).toBe(true);
    expect((await cli("--db", "fresh/imported.db", "orders", "list")).code).toBe(0);
  });

  it("openStore({ create: false }) refuses a missing file; the default still creates one", async () => {
    const missing = join(dir, "missing.db");
    await expect(openStore({ target: missing, create: false })).rejects.toMatchObject({ code: "DATABASE_NOT_FOUND" });
    expect(existsSync(missing)).toBe(false);
    const store = await openStore({ target: missing });
    await store.close();
    const again = await openStore({ target: missing, create: false });
    await again.close();
  });
});

describe.skipIf(!postgresAvailable)("a read command on a database that does not exist (PostgreSQL)", () => {
  const schema = `t_${process.env.PICKPACK_TEST_RUN ?? process.pid}_${process.pid}_dbtarget_${Date.now().toString(36)}`;
  const url = `${POSTGRES_URL}${POSTGRES_URL.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const schemaExists = async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      return (await client.query("select 1 from pg_namespace where nspname = $1", [schema])).rowCount === 1;
    } finally {
      await client.end();
    }
  };

  it("refuses an unmigrated schema with exit 2 and creates nothing; init migrates it", async () => {
    const absent = await cli("--db", url, "orders", "list");
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain("error [DATABASE_NOT_FOUND]: no pickpack database at");
    await expect(openStore({ target: POSTGRES_URL, schema, create: false })).rejects.toMatchObject({ code: "DATABASE_NOT_FOUND" });
    expect(await schemaExists()).toBe(false);

    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`create schema "${schema}"`); // an empty schema is no pickpack database either
    await client.end();
    expect((await cli("--db", url, "stock", "list")).stderr).toContain("DATABASE_NOT_FOUND");

    const init = await cli("--db", url, "init");
    expect(init.code, init.stderr).toBe(0);
    const list = await cli("--db", url, "orders", "list");
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain("0 orders");
  });
});
