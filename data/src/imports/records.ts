/**
 * Reading an import file into raw records, each with the line it starts on. JSON (an array, or one
 * object), JSON Lines (.jsonl/.ndjson) and CSV (header row; dotted column names build nested objects,
 * e.g. `address.city`).
 *
 * Hostile input stays input: records are built on null-prototype objects (a `__proto__` field is an
 * ordinary, unknown field, never a prototype), CSV headers naming `__proto__`, `constructor` or
 * `prototype`, or both `address` and `address.city`, are refused naming the column, and JSON nested
 * deeper than MAX_JSON_DEPTH is refused before it is parsed (no stack overflow).
 */
import { parse as parseCsv } from "csv-parse/sync";
import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { InputError, MAX_JSON_DEPTH, type InputIssue } from "@pickpack/core";

export type ImportFormat = "json" | "jsonl" | "csv";

export interface RawRecord {
  readonly value: unknown;
  readonly line: number;
  /** The record's index in a JSON array, given when its line holds other records too (minified JSON). */
  readonly index?: number;
}

export function formatFromPath(path: string): ImportFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".csv")) return "csv";
  return undefined;
}

/** Line numbers (1-based) of character offsets: the newlines are found once, each offset by binary search. */
function lineIndex(text: string): (offset: number) => number {
  const newlines: number[] = [];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) newlines.push(i);
  return (offset) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

export function readRecords(file: string, text: string, format: ImportFormat): RawRecord[] {
  if (text.replace(/^\uFEFF/, "").trim() === "") throw new InputError("IMPORT_SYNTAX", `${file} is empty`, [{ file, message: "the file is empty: it holds no records" }]);
  if (looksBinary(text)) {
    throw new InputError("IMPORT_SYNTAX", `${file} is not a text file`, [
      { file, message: `it holds binary data, not ${format === "csv" ? "CSV" : "JSON"} text (a spreadsheet or an archive?): export or save it as ${format === "csv" ? "CSV (comma-separated, UTF-8)" : "JSON"}` },
    ]);
  }
  switch (format) {
    case "json":
      return readJson(file, text);
    case "jsonl":
      return readJsonLines(file, text);
    case "csv":
      return readCsv(file, text);
  }
}

function readJson(file: string, text: string): RawRecord[] {
  checkDepth(file, text, 0);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const lineAt = lineIndex(text);
  if (errors.length > 0 || !tree) {
    const issues: InputIssue[] = errors.slice(0, 20).map((e) => ({ file, line: lineAt(e.offset), message: `not valid JSON here: ${jsonProblem(printParseErrorCode(e.error))}` }));
    throw new InputError("IMPORT_SYNTAX", `${file} is not valid JSON`, issues.length > 0 ? issues : [{ file, message: "the file holds no JSON value" }]);
  }
  if (tree.type === "object") return [{ value: nodeValue(tree), line: lineAt(tree.offset) }];
  if (tree.type !== "array") throw new InputError("IMPORT_SYNTAX", `${file}: expected a JSON array of records`, [{ file, line: 1, message: "expected [ … ]" }]);
  const records = (tree.children ?? []).map((node) => ({ value: nodeValue(node), line: lineAt(node.offset) }));
  const perLine = new Map<number, number>();
  for (const r of records) perLine.set(r.line, (perLine.get(r.line) ?? 0) + 1);
  return records.map((r, index) => ((perLine.get(r.line) ?? 0) > 1 ? { ...r, index } : r));
}

/** A parsed JSON node as a value; objects have no prototype, so `__proto__` is an own (unknown) field. */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case "array":
      return (node.children ?? []).map(nodeValue);
    case "object": {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key && value) out[String(key.value)] = nodeValue(value);
      }
      return out;
    }
    default:
      return node.value;
  }
}

/**
 * Refuse JSON nested deeper than MAX_JSON_DEPTH before parsing it (a parser recursing 100,000 levels
 * overflows the stack). One pass over the text, skipping strings.
 */
function checkDepth(file: string, text: string, lineOffset: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH) {
        const line = lineOffset + (text.slice(0, i).match(/\n/g)?.length ?? 0) + 1;
        throw new InputError("IMPORT_SYNTAX", `${file} nests arrays and objects too deeply`, [
          { file, line, message: `nested more than ${MAX_JSON_DEPTH} levels deep: import records need only a few levels` },
        ]);
      }
    } else if (c === 93 || c === 125) depth--;
  }
}

/** NUL bytes or bytes that are not UTF-8 (read as U+FFFD): not a text file. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.includes("\u0000")) return true;
  const bad = sample.match(/\uFFFD/g)?.length ?? 0;
  return bad > 0 && bad >= sample.length / 100;
}

/** The JSON parser's error codes in plain words. */
const JSON_PROBLEMS: Readonly<Record<string, string>> = {
  InvalidSymbol: "a character that cannot start a JSON value (text must be in double quotes)",
  InvalidNumberFormat: "a malformed number",
  PropertyNameExpected: "a field name in double quotes was expected",
  ValueExpected: "a value was expected (a trailing comma, or nothing after a colon?)",
  ColonExpected: "a colon was expected after the field name",
  CommaExpected: "a comma was expected between two values",
  CloseBraceExpected: "a closing } is missing",
  CloseBracketExpected: "a closing ] is missing",
  EndOfFileExpected: "more text after the end of the JSON value (records belong in one [ … ] array)",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "a comment is not closed",
  UnexpectedEndOfString: "a text value is not closed (a missing \")",
  UnexpectedEndOfNumber: "a number is cut off",
  InvalidUnicode: "a malformed \\u escape",
  InvalidEscapeCharacter: "a malformed \\ escape",
  InvalidCharacter: "a control character (e.g. a line break) inside a text value",
};

function jsonProblem(code: string): string {
  return JSON_PROBLEMS[code] ?? code;
}

function readJsonLines(file: string, text: string): RawRecord[] {
  const out: RawRecord[] = [];
  const issues: InputIssue[] = [];
  text.split("\n").forEach((raw, i) => {
    if (!raw.trim()) return;
    checkDepth(file, raw, i);
    try {
      out.push({ value: JSON.parse(raw, nullPrototype) as unknown, line: i + 1 });
    } catch (e) {
      issues.push({ file, line: i + 1, message: `invalid JSON: ${(e as Error).message}` });
    }
  });
  if (issues.length > 0) throw new InputError("IMPORT_SYNTAX", `${file} has invalid JSON lines`, issues);
  return out;
}

/** JSON.parse reviver: the same object without a prototype (JSON.parse makes `__proto__` an own field). */
function nullPrototype(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.assign(Object.create(null) as object, value);
}

/** Column names that would reach an object's prototype if they built records. */
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

/** The header row's columns, checked: no prototype names, no column that is also a dotted column's parent. */
function checkColumns(file: string, columns: readonly string[]): string[] {
  const issues: InputIssue[] = [];
  const names = columns.map((c) => String(c));
  const set = new Set(names);
  for (const name of names) {
    const parts = name.split(".");
    const bad = parts.find((p) => FORBIDDEN_SEGMENTS.has(p));
    if (bad !== undefined) {
      issues.push({ file, line: 1, field: name, message: `column ${JSON.stringify(name)} is not allowed (${JSON.stringify(bad)} cannot name a field)` });
      continue;
    }
    if (parts.some((p) => p === "")) issues.push({ file, line: 1, field: name, message: `column ${JSON.stringify(name)} has an empty part between its dots` });
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(".");
      if (set.has(parent)) issues.push({ file, line: 1, field: name, message: `columns ${JSON.stringify(parent)} and ${JSON.stringify(name)} cannot both be given: ${JSON.stringify(parent)} is either a value or has fields` });
    }
  }
  if (issues.length > 0) throw new InputError("IMPORT_SYNTAX", `${file}: the header row has columns that cannot be read`, issues);
  return names;
}

function readCsv(file: string, text: string): RawRecord[] {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (!header.includes(",") && /[;\t]/.test(header)) {
    const sep = header.includes(";") ? "semicolons (;)" : "tabs";
    throw new InputError("IMPORT_SYNTAX", `${file}: the columns are separated by ${sep}, not commas`, [
      { file, line: 1, message: `the header row separates its columns with ${sep}; pickpack reads comma-separated CSV: save the file as "CSV UTF-8 (comma delimited)"` },
    ]);
  }
  let rows: { record: Record<string, string>; raw: string; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { columns: (header: string[]) => checkColumns(file, header), info: true, raw: true, skip_empty_lines: true, trim: true, bom: true }) as typeof rows;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const err = e as Error & { lines?: number };
    throw new InputError("IMPORT_SYNTAX", `${file} is not valid CSV`, [{ file, ...(err.lines ? { line: err.lines } : {}), message: err.message }]);
  }
  // info.lines is the record's LAST line; a quoted field may span lines, so count back to its first.
  return rows.map(({ record, raw, info }) => ({ value: nest(record), line: info.lines - (raw.replace(/^[\r\n]+|[\r\n]+$/g, "").match(/\n/g)?.length ?? 0) }));
}

/**
 * `{ "address.city": "Berlin" }` → `{ address: { city: "Berlin" } }`; empty cells are left out. The
 * columns were checked (checkColumns); the objects have no prototype all the same.
 */
function nest(flat: Record<string, string>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(flat)) {
    if (value === "") continue;
    const parts = key.split(".");
    let cur = out;
    for (const part of parts.slice(0, -1)) {
      const next = (cur[part] ??= Object.create(null)) as Record<string, unknown>;
      cur = next;
    }
    cur[parts.at(-1)!] = value;
  }
  return out;
}
