/** Bad input to `orders` commands exits 2 with a clear message, never 70: huge --limit, unknown orders. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "pickpack-hardening-cli-"));
const db = join(dir, "t.db");
beforeAll(async () => {
  expect((await runCli(["--db", db, "init"])).code).toBe(0);
});

describe("orders: input errors exit 2", () => {
  for (const limit of ["99999999999999999999", "1e3", "0x10", "0", "-1", "1.5", "1000001"]) {
    it(`orders list --limit ${limit}`, async () => {
      const r = await runCli(["--db", db, "orders", "list", "--limit", limit]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--limit must be a whole number");
    });
  }

  it("orders list --limit 1000000 works", async () => {
    expect((await runCli(["--db", db, "orders", "list", "--limit", "1000000"])).code).toBe(0);
  });

  it("an unknown order exits 2 for show, cancel and pay (one or several)", async () => {
    for (const args of [["orders", "show", "NOPE"], ["orders", "cancel", "NOPE", "--reason", "x"], ["orders", "pay", "NOPE", "--result", "success"], ["orders", "pay", "NOPE", "NADA", "--result", "failed"]]) {
      const r = await runCli(["--db", db, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain("ORDER_NOT_FOUND");
    }
  });
});
