import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "..", "src");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });

describe("stock repository", () => {
  it("is the only writer of the stock and reservations tables", () => {
    const writers = files(src)
      .filter((f) => /(updateTable|insertInto|deleteFrom)\(\s*["'`](stock|reservations)\b/.test(readFileSync(f, "utf8")))
      .map((f) => relative(src, f).replaceAll("\\", "/"))
      .sort();
    expect(writers).toEqual(["stock/holds.ts", "stock/levels.ts"]);
  });

  it("planning reads the database through transactions and the store's queries, never store.kysely", () => {
    const offenders = files(src)
      .filter((f) => /[/\\]planning[/\\]/.test(f) && readFileSync(f, "utf8").includes("store.kysely"))
      .map((f) => relative(src, f));
    expect(offenders).toEqual([]);
  });
});
