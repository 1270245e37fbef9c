/**
 * Reading an import file into raw records, each with the line it starts on. JSON (an array, or one
 * object), JSON Lines (.jsonl/.ndjson) and CSV (header row; dotted column names build nested objects,
 * e.g. `address.city`).
 */
import { parse as parseCsv } from "csv-parse/sync";
import { getNodeValue, parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import { InputError, type InputIssue } from "@pickpack/core";

export type ImportFormat = "json" | "jsonl" | "csv";

export interface RawRecord {
  readonly value: unknown;
  readonly line: number;
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
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const lineAt = lineIndex(text);
  if (errors.length > 0 || !tree) {
    const issues: InputIssue[] = errors.slice(0, 20).map((e) => ({ file, line: lineAt(e.offset), message: `not valid JSON here: ${jsonProblem(printParseErrorCode(e.error))}` }));
    throw new InputError("IMPORT_SYNTAX", `${file} is not valid JSON`, issues.length > 0 ? issues : [{ file, message: "the file holds no JSON value" }]);
  }
  if (tree.type === "object") return [{ value: getNodeValue(tree), line: lineAt(tree.offset) }];
  if (tree.type !== "array") throw new InputError("IMPORT_SYNTAX", `${file}: expected a JSON array of records`, [{ file, line: 1, message: "expected [ … ]" }]);
  return (tree.children ?? []).map((node) => ({ value: getNodeValue(node), line: lineAt(node.offset) }));
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
    try {
      out.push({ value: JSON.parse(raw), line: i + 1 });
    } catch (e) {
      issues.push({ file, line: i + 1, message: `invalid JSON: ${(e as Error).message}` });
    }
  });
  if (issues.length > 0) throw new InputError("IMPORT_SYNTAX", `${file} has invalid JSON lines`, issues);
  return out;
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
    rows = parseCsv(text, { columns: true, info: true, raw: true, skip_empty_lines: true, trim: true, bom: true }) as typeof rows;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new InputError("IMPORT_SYNTAX", `${file} is not valid CSV`, [{ file, ...(err.lines ? { line: err.lines } : {}), message: err.message }]);
  }
  // info.lines is the record's LAST line; a quoted field may span lines, so count back to its first.
  return rows.map(({ record, raw, info }) => ({ value: nest(record), line: info.lines - (raw.replace(/^[\r\n]+|[\r\n]+$/g, "").match(/\n/g)?.length ?? 0) }));
}

/** `{ "address.city": "Berlin" }` → `{ address: { city: "Berlin" } }`; empty cells are left out. */
function nest(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (value === "") continue;
    const parts = key.split(".");
    let cur = out;
    for (const part of parts.slice(0, -1)) {
      const next = (cur[part] ??= {}) as Record<string, unknown>;
      cur = next;
    }
    cur[parts.at(-1)!] = value;
  }
  return out;
}
