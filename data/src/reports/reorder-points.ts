/**
 * Importing reorder points (JSON, JSONL or CSV: warehouse, sku, reorderPoint, target), all or nothing:
 * every bad row is reported (file:line: field: problem) and nothing is written. A row replaces the
 * SKU's earlier reorder point in that warehouse.
 */
import { readFile } from "node:fs/promises";
import { InputError, type InputIssue } from "@pickpack/core";
import type { SqlStore } from "../store.js";
import { importProblems } from "../imports/parse.js";
import { formatFromPath, readRecords, type ImportFormat } from "../imports/records.js";
import { reorderPointSchema } from "../imports/schemas.js";
import { zodIssues } from "../schemas/layout.js";
import { iso } from "./sql.js";

export interface ReorderPoint {
  readonly warehouse: string;
  readonly sku: string;
  readonly reorderPoint: number;
  readonly target: number | null;
}

export async function importReorderPoints(store: SqlStore, file: string, options: { now: number; format?: ImportFormat; dryRun?: boolean }): Promise<{ readonly file: string; readonly records: number; readonly dryRun: boolean }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError("FILE_UNREADABLE", `cannot read ${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  const fmt = options.format ?? formatFromPath(file);
  if (!fmt) throw new InputError("IMPORT_FORMAT_UNKNOWN", `cannot tell the format of ${file}: name it .json, .jsonl or .csv, or pass --format`);
  const issues: InputIssue[] = [];
  const rows: (ReorderPoint & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const r of readRecords(file, text, fmt)) {
    const res = reorderPointSchema.safeParse(r.value);
    if (!res.success) {
      issues.push(...zodIssues(res.error, file).map((i) => ({ ...i, line: r.line })));
      continue;
    }
    const key = `${res.data.warehouse}/${res.data.sku}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push({ file, line: r.line, message: `duplicate of the record on line ${first} (${key})` });
    else seen.set(key, r.line);
    if (res.data.target !== undefined && res.data.target < res.data.reorderPoint) issues.push({ file, line: r.line, field: "target", message: `must be at least the reorder point (${res.data.reorderPoint})` });
    rows.push({ ...res.data, target: res.data.target ?? null, line: r.line });
  }
  const db = store.kysely;
  const warehouses = new Set((await db.selectFrom("warehouses").select("code").execute()).map((w) => w.code));
  const skus = new Set(rows.length === 0 ? [] : (await db.selectFrom("skus").select("sku").where("sku", "in", [...new Set(rows.map((r) => r.sku))]).execute()).map((s) => s.sku));
  for (const r of rows) {
    if (!warehouses.has(r.warehouse)) issues.push({ file, line: r.line, field: "warehouse", message: `no warehouse ${JSON.stringify(r.warehouse)}` });
    if (!skus.has(r.sku)) issues.push({ file, line: r.line, field: "sku", message: `no SKU ${JSON.stringify(r.sku)}` });
  }
  if (issues.length > 0) throw importProblems(file, issues);
  if (!options.dryRun) {
    await store.transaction(async (tx) => {
      for (const r of rows) {
        await tx.db
          .insertInto("reorder_points")
          .values({ warehouse: r.warehouse, sku: r.sku, reorder_point: r.reorderPoint, target: r.target, updated_at: iso(options.now) })
          .onConflict((oc) => oc.columns(["warehouse", "sku"]).doUpdateSet({ reorder_point: r.reorderPoint, target: r.target, updated_at: iso(options.now) }))
          .execute();
      }
    });
  }
  return { file, records: rows.length, dryRun: options.dryRun ?? false };
}
