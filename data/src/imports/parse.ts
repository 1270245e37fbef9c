/**
 * Turning an import file into validated records. Every bad row is reported (file:line: field: problem),
 * and nothing is returned unless the whole file is valid.
 */
import type { z } from "zod";
import { InputError, MAX_ORDER_LINES, type ImportBatch, type InputIssue, type NewOrder, type Sourced } from "@pickpack/core";
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

/**
 * zod's issues in plain words. An unknown field (a typo such as `quantiy`) is one issue per field,
 * naming it and the nearest known field of the kind.
 */
export function zodIssues(file: string, line: number, error: z.ZodError, schema: z.ZodType): InputIssue[] {
  const out: InputIssue[] = [];
  const known = fieldNames(schema);
  const other: z.core.$ZodIssue[] = [];
  /** "is required" for a field a typo stood in for says nothing more than the typo's issue. */
  const coveredByTypo = new Set<string>();
  const fieldOf = (path: readonly PropertyKey[]) => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
  for (const issue of error.issues) {
    if (issue.code !== "unrecognized_keys") {
      other.push(issue);
      continue;
    }
    for (const key of issue.keys) {
      const near = nearest(key, known);
      if (near) coveredByTypo.add(fieldOf([...issue.path, near]));
      out.push({ file, line, field: fieldOf([...issue.path, key]), message: `unknown field${near ? `; did you mean ${JSON.stringify(near)}?` : ""}` });
    }
  }
  const rest = zodFieldIssues({ issues: other } as z.ZodError, file).filter((i) => !(i.message === "is required" && i.field !== undefined && coveredByTypo.has(i.field)));
  return [...rest.map((i) => ({ ...i, line })), ...out];
}

/** Every field name a schema knows, at any depth. */
function fieldNames(schema: unknown, into = new Set<string>()): Set<string> {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  if (!def) return into;
  if (def.type === "object") {
    for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
      into.add(k);
      fieldNames(v, into);
    }
  }
  for (const inner of [def.innerType, def.element, def.in, def.out]) if (inner) fieldNames(inner, into);
  return into;
}

/** The known name closest to a mistyped one (case-insensitive edit distance ≤ 2, or one a prefix of the other). */
export function nearest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const k of known) {
    const d = editDistance(w, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.min(2, Math.max(1, Math.floor(best.length / 3))) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  // Damerau (adjacent transpositions count once: "quantiy" → "quantity" is 1).
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
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
  const found: InputIssue[] = [];
  // Records sharing a line (minified JSON) are told apart by their index: `[3].shipTo.country`.
  let current: RawRecord | undefined;
  const issues = {
    push(...more: InputIssue[]) {
      const index = current?.index;
      for (const i of more) found.push(index === undefined ? i : { ...i, field: `[${index}]${i.field ? (i.field.startsWith("[") ? i.field : `.${i.field}`) : ""}` });
      return found.length;
    },
  };
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
      current = r;
      const res = safeParseLayout(r.value, file);
      if (res.ok) accept({ ...res.value }, r.line);
      else issues.push(...res.error.issues.map((i) => ({ ...i, line: r.line })));
    }
  } else {
    const schema = kind === "orders" ? orderSchema : schemas[kind];
    for (const r of raw) {
      current = r;
      const res = schema.safeParse(r.value);
      if (res.success) accept(res.data as Record<string, unknown>, r.line);
      else issues.push(...zodIssues(file, r.line, res.error, schema));
    }
  }
  current = undefined;
  if (raw.length === 0) issues.push({ file, message: "the file holds no records" });
  return { kind, batch: { [kind]: out } as ImportBatch, records: out.length, issues: found };
}

/**
 * CSV orders: one row per line; the rows of one order must agree on everything but the line (a
 * different customer or address is an error naming both rows, never a silent merge), and an order
 * has at most MAX_ORDER_LINES lines.
 */
function parseOrderRows(
  file: string,
  raw: readonly RawRecord[],
  issues: { push(...i: InputIssue[]): number },
  accept: (value: Record<string, unknown>, line: number) => void,
): void {
  const orders = new Map<string, { order: NewOrder & { lines: NewOrder["lines"][number][] }; head: Record<string, string>; line: number; ok: boolean }>();
  for (const r of raw) {
    const res = orderCsvRowSchema.safeParse(r.value);
    if (!res.success) {
      issues.push(...zodIssues(file, r.line, res.error, orderCsvRowSchema));
      const n = (r.value as { number?: unknown }).number;
      if (typeof n === "string" && orders.has(n)) orders.get(n)!.ok = false;
      continue;
    }
    const { sku, quantity, unitPrice, ...head } = res.data;
    const fields = Object.fromEntries(Object.entries(head).map(([k, v]) => [k, JSON.stringify(v)]));
    const existing = orders.get(head.number);
    if (!existing) {
      orders.set(head.number, { order: { ...head, lines: [{ sku, quantity, unitPrice }] }, head: fields, line: r.line, ok: true });
      continue;
    }
    const differ = [...new Set([...Object.keys(fields), ...Object.keys(existing.head)])].filter((k) => fields[k] !== existing.head[k]).sort();
    if (differ.length > 0) {
      issues.push({ file, line: r.line, field: differ[0]!, message: `this row of order ${head.number} differs from its first row (line ${existing.line}) in ${differ.join(", ")}: every row of an order must name the same order details` });
      existing.ok = false;
      continue;
    }
    existing.order.lines.push({ sku, quantity, unitPrice });
    if (existing.order.lines.length === MAX_ORDER_LINES + 1) {
      issues.push({ file, line: existing.line, field: "lines", message: `order ${head.number} has more than ${MAX_ORDER_LINES} lines (rows), the most one order may have` });
      existing.ok = false;
    }
  }
  for (const { order, line, ok } of orders.values()) if (ok) accept(order as unknown as Record<string, unknown>, line);
}
