/**
 * GS1 element string parser: raw scanner data (AIs with GS separators, optional leading FNC1/GS)
 * or the bracketed human form `(01)…(17)…`.
 *
 * AI formats: GS1 General Specifications §3 and gs1/gs1-syntax-engine `gs1-syntax-dictionary.txt`.
 * Predefined-length AIs (no separator needed; `ai.c fixedAIprefixLengths`): 00→18, 01–03→14,
 * 04→16, 11–19→6, 20→2, 31–36→6, 41→13. Every other AI ends at GS or at the end of the data.
 * Dates YYMMDD: DD = 00 is the month's last day; the century follows the GS1 sliding window
 * (§7.12) around the year of `now` when given, else around 2000.
 */
import { gs1CheckDigit, hasValidGs1CheckDigit } from "./check-digit.js";
import { InputError, type InputCode, err, ok } from "../shared/errors.js";
import type { Result } from "../shared/errors.js";

const GS_CHAR = "\x1d";

type Kind = "N" | "X";
interface AiSpec {
  readonly title: string;
  /** Numeric or CSET 82. */
  readonly kind: Kind;
  readonly min: number;
  readonly max: number;
  readonly check?: boolean;
  readonly date?: boolean;
  /** Implied decimal places = last digit of the AI. */
  readonly decimal?: boolean;
  /** First 3 digits are an ISO 3166/4217 code, rest is data (421, 391n, 393n). */
  readonly iso3?: "country" | "currency";
  readonly unit?: string;
}

const n = (len: number, title: string, extra: Partial<AiSpec> = {}): AiSpec => ({ title, kind: "N", min: len, max: len, ...extra });
const nv = (max: number, title: string, extra: Partial<AiSpec> = {}): AiSpec => ({ title, kind: "N", min: 1, max, ...extra });
const xv = (max: number, title: string): AiSpec => ({ title, kind: "X", min: 1, max });

const TABLE = new Map<string, AiSpec>([
  ["00", n(18, "SSCC", { check: true })],
  ["01", n(14, "GTIN", { check: true })],
  ["02", n(14, "CONTENT", { check: true })],
  ["10", xv(20, "BATCH/LOT")],
  ["11", n(6, "PROD DATE", { date: true })],
  ["12", n(6, "DUE DATE", { date: true })],
  ["13", n(6, "PACK DATE", { date: true })],
  ["15", n(6, "BEST BEFORE or BEST BY", { date: true })],
  ["16", n(6, "SELL BY", { date: true })],
  ["17", n(6, "USE BY OR EXPIRY", { date: true })],
  ["20", n(2, "VARIANT")],
  ["21", xv(20, "SERIAL")],
  ["22", xv(20, "CPV")],
  ["240", xv(30, "ADDITIONAL ID")],
  ["241", xv(30, "CUST. PART No.")],
  ["250", xv(30, "SECONDARY SERIAL")],
  ["251", xv(30, "REF. TO SOURCE")],
  ["254", xv(20, "GLN EXTENSION COMPONENT")],
  ["30", nv(8, "VAR. COUNT")],
  ["37", nv(8, "COUNT")],
  ["400", xv(30, "ORDER NUMBER")],
  ["401", xv(30, "GINC")],
  ["402", n(17, "GSIN", { check: true })],
  ["403", xv(30, "ROUTE")],
  ["410", n(13, "SHIP TO LOC", { check: true })],
  ["411", n(13, "BILL TO", { check: true })],
  ["412", n(13, "PURCHASE FROM", { check: true })],
  ["413", n(13, "SHIP FOR LOC", { check: true })],
  ["414", n(13, "LOC No.", { check: true })],
  ["415", n(13, "PAY TO", { check: true })],
  ["416", n(13, "PROD/SERV LOC", { check: true })],
  ["420", xv(20, "SHIP TO POST")],
  ["421", { title: "SHIP TO POST", kind: "X", min: 4, max: 12, iso3: "country" }],
  ["422", n(3, "ORIGIN")],
  ["8004", xv(30, "GIAI")],
  ["8020", xv(25, "REF No.")],
  ["90", xv(30, "INTERNAL")],
]);
for (let i = 91; i <= 99; i++) TABLE.set(String(i), xv(90, "INTERNAL"));
const MEASURES: readonly [string, string, string][] = [
  ["310", "NET WEIGHT (kg)", "kg"],
  ["311", "LENGTH (m)", "m"],
  ["312", "WIDTH (m)", "m"],
  ["313", "HEIGHT (m)", "m"],
  ["315", "NET VOLUME (l)", "l"],
  ["316", "NET VOLUME (m3)", "m3"],
  ["320", "NET WEIGHT (lb)", "lb"],
  ["330", "GROSS WEIGHT (kg)", "kg"],
  ["331", "LENGTH (m), log", "m"],
  ["332", "WIDTH (m), log", "m"],
  ["333", "HEIGHT (m), log", "m"],
  ["334", "AREA (m2), log", "m2"],
  ["335", "VOLUME (l), log", "l"],
  ["336", "VOLUME (m3), log", "m3"],
  ["340", "GROSS WEIGHT (lb)", "lb"],
];
for (const [p, title, unit] of MEASURES) for (let d = 0; d <= 5; d++) TABLE.set(`${p}${d}`, n(6, title, { decimal: true, unit }));
for (let d = 0; d <= 9; d++) {
  TABLE.set(`390${d}`, nv(15, "AMOUNT", { decimal: true }));
  TABLE.set(`391${d}`, { title: "AMOUNT", kind: "N", min: 4, max: 18, decimal: true, iso3: "currency" });
  TABLE.set(`392${d}`, nv(15, "PRICE", { decimal: true }));
  TABLE.set(`393${d}`, { title: "PRICE", kind: "N", min: 4, max: 18, decimal: true, iso3: "currency" });
}

/** Data length of predefined-length AIs by their 2-digit prefix (no GS needed after them). */
const PREDEFINED: Readonly<Record<string, number>> = { "00": 18, "01": 14, "02": 14, "03": 14, "04": 16, "11": 6, "12": 6, "13": 6, "14": 6, "15": 6, "16": 6, "17": 6, "18": 6, "19": 6, "20": 2, "31": 6, "32": 6, "33": 6, "34": 6, "35": 6, "36": 6, "41": 13 };

const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

export interface Gs1ParsedElement {
  readonly ai: string;
  readonly title: string;
  /** The data as scanned (for 421/391n/393n including the ISO code). */
  readonly value: string;
  /** ISO date for date AIs (DD = 00 resolved to the month's last day). */
  readonly date?: string;
  /** Decimal string for 310n/330n/…, e.g. "0.525". */
  readonly decimal?: string;
  readonly unit?: string;
  readonly country?: string;
  readonly currency?: string;
}

export interface Gs1Parse {
  readonly elements: readonly Gs1ParsedElement[];
  /** The bracketed human form, e.g. "(01)09521234543213(17)250531". */
  readonly hri: string;
}

export interface Gs1ParseOptions {
  /** Reference time (ms) for the date century window; without it, years are 1951–2050. */
  readonly now?: number;
}

export function titleOfGs1Ai(ai: string): string | undefined {
  return TABLE.get(ai)?.title;
}

export function isKnownGs1Ai(ai: string): boolean {
  return TABLE.has(ai);
}

function fail(code: InputCode, message: string, ai?: string): Result<never, InputError> {
  return err(new InputError(code, message, ai ? [{ field: `(${ai})`, message }] : [], ai ? { ai } : {}));
}

/** Find the AI at the start of `s` (2, 3 or 4 digits, whichever is in the table). */
function matchAi(s: string): string | undefined {
  for (const len of [2, 3, 4]) {
    const ai = s.slice(0, len);
    if (ai.length === len && /^\d+$/.test(ai) && TABLE.has(ai)) return ai;
  }
  return undefined;
}

/** Parse raw element-string data: optional leading GS/FNC1, AIs, GS separators after variable-length AIs. */
export function parseGs1(input: string, opts: Gs1ParseOptions = {}): Result<Gs1Parse, InputError> {
  const text = input.trim();
  if (text.startsWith("(")) return parseGs1Bracketed(text, opts);
  let s = text;
  while (s.startsWith(GS_CHAR)) s = s.slice(1);
  if (s === "") return fail("GS1_EMPTY", "the GS1 element string is empty");
  const pairs: [string, string][] = [];
  let pos = text.length - s.length;
  while (s.length > 0) {
    const ai = matchAi(s);
    if (ai === undefined) {
      return fail("GS1_UNKNOWN_AI", `unknown or unsupported GS1 application identifier at position ${pos + 1}: ${JSON.stringify(s.slice(0, 4))}`);
    }
    const fixed = PREDEFINED[ai.slice(0, 2)];
    let value: string;
    if (fixed !== undefined) {
      value = s.slice(ai.length, ai.length + fixed);
      s = s.slice(ai.length + fixed);
      pos += ai.length + fixed;
      if (s.startsWith(GS_CHAR)) {
        s = s.slice(1);
        pos++;
      }
    } else {
      const end = s.indexOf(GS_CHAR);
      value = end < 0 ? s.slice(ai.length) : s.slice(ai.length, end);
      s = end < 0 ? "" : s.slice(end + 1);
      pos += ai.length + value.length + (end < 0 ? 0 : 1);
    }
    pairs.push([ai, value]);
  }
  return build(pairs, opts);
}

/** Parse the bracketed human-readable form `(01)09521234543213(3103)000123`. */
export function parseGs1Bracketed(input: string, opts: Gs1ParseOptions = {}): Result<Gs1Parse, InputError> {
  const text = input.trim();
  const re = /\((\d{2,4})\)([^()]*)/y;
  const pairs: [string, string][] = [];
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    const ai = m[1] ?? "";
    if (!TABLE.has(ai)) return fail("GS1_UNKNOWN_AI", `unknown or unsupported GS1 application identifier (${ai})`);
    pairs.push([ai, m[2] ?? ""]);
  }
  if (re.lastIndex !== text.length || pairs.length === 0) {
    return fail("GS1_BAD_BRACKETS", `not a bracketed GS1 element string at position ${re.lastIndex + 1}: expected (AI)value…`);
  }
  return build(pairs, opts);
}

function build(pairs: readonly [string, string][], opts: Gs1ParseOptions): Result<Gs1Parse, InputError> {
  const elements: Gs1ParsedElement[] = [];
  const seen = new Map<string, string>();
  for (const [ai, value] of pairs) {
    const r = element(ai, value, opts);
    if (!r.ok) return r;
    const before = seen.get(ai);
    if (before !== undefined && before !== value) return fail("GS1_DUPLICATE_AI", `(${ai}) appears twice with different values`, ai);
    if (before === undefined) elements.push(r.value);
    seen.set(ai, value);
  }
  const has = (ai: string) => seen.has(ai);
  if (has("01") && has("02")) return fail("GS1_EXCLUSIVE_AIS", "(01) and (02) cannot appear together", "02");
  const hri = elements.map((e) => `(${e.ai})${e.value}`).join("");
  return ok({ elements, hri });
}

function element(ai: string, value: string, opts: Gs1ParseOptions): Result<Gs1ParsedElement, InputError> {
  const spec = TABLE.get(ai);
  if (spec === undefined) return fail("GS1_UNKNOWN_AI", `unknown GS1 application identifier (${ai})`, ai);
  const what = `(${ai}) ${spec.title}`;
  if (value.length < spec.min || value.length > spec.max) {
    const need = spec.min === spec.max ? `exactly ${spec.min}` : `${spec.min}–${spec.max}`;
    return fail("GS1_BAD_LENGTH", `${what}: ${JSON.stringify(value)} has ${value.length} characters, needs ${need}`, ai);
  }
  const numericPart = spec.iso3 === "country" ? value.slice(0, 3) : value;
  if (spec.kind === "N" || spec.iso3) {
    if (!/^\d+$/.test(numericPart)) return fail("GS1_NOT_NUMERIC", `${what}: ${JSON.stringify(value)} must be digits`, ai);
  }
  if (spec.kind === "X" && !CSET82.test(value)) {
    return fail("GS1_BAD_CHARACTER", `${what}: ${JSON.stringify(value)} has a character outside the GS1 character set 82`, ai);
  }
  if (spec.check && !hasValidGs1CheckDigit(value)) {
    const expected = gs1CheckDigit(value.slice(0, -1));
    return fail("GS1_BAD_CHECK_DIGIT", `${what}: check digit of ${value} is ${value.slice(-1)}, expected ${expected}`, ai);
  }
  const out: { -readonly [K in keyof Gs1ParsedElement]: Gs1ParsedElement[K] } = { ai, title: spec.title, value };
  if (spec.date) {
    const d = gs1Date(value, opts.now);
    if (d === undefined) return fail("GS1_BAD_DATE", `${what}: ${value} is not a valid YYMMDD date`, ai);
    out.date = d;
  }
  if (spec.unit) out.unit = spec.unit;
  if (spec.iso3 === "country") out.country = value.slice(0, 3);
  if (spec.iso3 === "currency") out.currency = value.slice(0, 3);
  if (spec.decimal) {
    const digits = spec.iso3 === "currency" ? value.slice(3) : value;
    out.decimal = impliedDecimal(digits, Number(ai.slice(-1)));
  }
  return ok(out);
}

function impliedDecimal(digits: string, places: number): string {
  const padded = digits.padStart(places + 1, "0");
  const int = padded.slice(0, padded.length - places).replace(/^0+(?=\d)/, "");
  const frac = places > 0 ? padded.slice(padded.length - places) : "";
  return frac ? `${int}.${frac}` : int;
}

/** YYMMDD → "YYYY-MM-DD"; DD = 00 → the month's last day. Undefined when invalid. */
export function gs1Date(yymmdd: string, now?: number): string | undefined {
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12) return undefined;
  const ref = now === undefined ? 2000 : new Date(now).getUTCFullYear();
  const refCentury = Math.floor(ref / 100) * 100;
  const diff = yy - (ref % 100);
  const year = diff >= 51 ? refCentury - 100 + yy : diff <= -50 ? refCentury + 100 + yy : refCentury + yy;
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  if (dd > last) return undefined;
  const day = dd === 0 ? last : dd;
  return `${String(year).padStart(4, "0")}-${String(mm).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
