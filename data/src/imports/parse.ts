/**
 * Turning an import file into validated records. Every bad row is reported (file:line: field: problem),
 * and nothing is returned unless the whole file is valid.
 */
import type { z } from "zod";
import { InputError, type ImportBatch, type InputIssue, type NewOrder, type Sourced } from "@pickpack/core";
import { formatFromPath, readRecords, type ImportFormat, type RawRecord } from "./records.js";
import { boxSchema, locationSchema, orderCsvRowSchema, orderSchema, skuSchema, stockSchema, userSchema, warehouseSchema } from "./schemas.js";
import { safeParseLayout, zodIssues as zodFieldIssues } from "../schemas/layout.js";

export const IMPORT_KINDS = ["warehouses", "locations", "layouts", "skus", "stock", "boxes", "users", "orders"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(s: string): s is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(s);
}

const schemas = {
  warehouses: warehouseSchema,
  locations: locationSchema,
  skus: skuSchema,
  stock: stockSchema,
  boxes: boxSchema,
  users: userSchema,
} as const;

/** What makes two records of a kind the same record (duplicates within one file are an error). */
const keyOf: Record<ImportKind, (v: Record<string, unknown>) => string> = {
  warehouses: (v) => String(v.code),
  locations: (v) => `${String(v.warehouse)}/${String(v.code)}`,
  layouts: (v) => String(v.warehouse),
  skus: (v) => String(v.sku),
  stock: (v) => `${String(v.warehouse)}/${String(v.location)}/${String(v.sku)}`,
  boxes: (v) => String(v.code),
  users: (v) => String(v.id),
  orders: (v) => String(v.number),
};

function zodIssues(file: string, line: number, error: z.ZodError): InputIssue[] {
  return zodFieldIssues(error, file).map((i) => ({ ...i, line }));
}

export interface ParsedImport {
  readonly kind: ImportKind;
  readonly batch: ImportBatch;
  readonly records: number;
}

/** Parse and validate one file of one kind. Throws InputError listing every problem. */
export function parseImport(kind: ImportKind, file: string, text: string, format?: ImportFormat): ParsedImport {
  const r = parseImportRecords(kind, file, text, format);
  if (r.issues.length > 0) throw importProblems(file, r.issues);
  return r;
}

export function importProblems(file: string, issues: readonly InputIssue[]): InputError {
  const sorted = [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return new InputError("IMPORT_INVALID", `${sorted.length} problem${sorted.length === 1 ? "" : "s"} in ${file}; nothing was imported`, sorted);
}

/**
 * Parse and validate one file, keeping going past bad records: the valid records (so their references
 * can still be checked against the database) and every problem found. Syntax errors still throw.
 */
export function parseImportRecords(kind: ImportKind, file: string, text: string, format?: ImportFormat): ParsedImport & { readonly issues: readonly InputIssue[] } {
  const fmt = format ?? formatFromPath(file);
  if (!fmt) throw new InputError("IMPORT_FORMAT_UNKNOWN", `cannot tell the format of ${file}: name it .json, .jsonl or .csv, or pass --format`);
  const raw = readRecords(file, text, fmt);
  const issues: InputIssue[] = [];
  const seen = new Map<string, number>();
  const out: Sourced<unknown>[] = [];

  const accept = (value: Record<string, unknown>, line: number) => {
    const key = keyOf[kind](value);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ file, line, message: `duplicate of the record on line ${first} (${key})` });
      return;
    }
    seen.set(key, line);
    out.push({ value, file, line });
  };

  if (kind === "orders" && fmt === "csv") {
    parseOrderRows(file, raw, issues, accept);
  } else if (kind === "layouts") {
    for (const r of raw) {
      const res = safeParseLayout(r.value, file);
      if (res.ok) accept({ ...res.value }, r.line);
      else issues.push(...res.error.issues.map((i) => ({ ...i, line: r.line })));
    }
  } else {
    const schema = kind === "orders" ? orderSchema : schemas[kind];
    for (const r of raw) {
      const res = schema.safeParse(r.value);
      if (res.success) accept(res.data as Record<string, unknown>, r.line);
      else issues.push(...zodIssues(file, r.line, res.error));
    }
  }
  if (raw.length === 0) issues.push({ file, message: "the file holds no records" });
  return { kind, batch: { [kind]: out } as ImportBatch, records: out.length, issues };
}

function parseOrderRows(
  file: string,
  raw: readonly RawRecord[],
  issues: InputIssue[],
  accept: (value: Record<string, unknown>, line: number) => void,
): void {
  const orders = new Map<string, { order: NewOrder & { lines: NewOrder["lines"][number][] }; line: number; ok: boolean }>();
  for (const r of raw) {
    const res = orderCsvRowSchema.safeParse(r.value);
    if (!res.success) {
      issues.push(...zodIssues(file, r.line, res.error));
      const n = (r.value as { number?: unknown }).number;
      if (typeof n === "string" && orders.has(n)) orders.get(n)!.ok = false;
      continue;
    }
    const { sku, quantity, unitPrice, ...head } = res.data;
    const existing = orders.get(head.number);
    if (existing) existing.order.lines.push({ sku, quantity, unitPrice });
    else orders.set(head.number, { order: { ...head, lines: [{ sku, quantity, unitPrice }] }, line: r.line, ok: true });
  }
  for (const { order, line, ok } of orders.values()) if (ok) accept(order as unknown as Record<string, unknown>, line);
}
