/**
 * Builds GS1 element strings for labels (never parses them: parsing is core/src/barcode's job).
 * Only the AIs a logistic/shipping label needs, each validated for length, character set and check
 * digit, and only valid combinations (GS1 General Specifications §3.2; gs1-syntax-dictionary.txt:
 * `02 req=37`, `37 req=02`, `01 ex=02,37`, `10/17 req=01,02`).
 */
import { gs1CheckDigit, hasValidGs1CheckDigit } from "../scanning/check-digit.js";
import { InputError } from "../shared/errors.js";

export type LabelAi = "00" | "02" | "10" | "17" | "37" | "400" | "420" | "90";

export interface Gs1Element {
  readonly ai: LabelAi;
  readonly value: string;
}

interface AiSpec {
  readonly title: string;
  /** Fixed length of the value, or undefined for variable length. */
  readonly fixed?: number;
  readonly max: number;
  readonly charset: "N" | "X";
  readonly checkDigit?: boolean;
}

const SPECS: Readonly<Record<LabelAi, AiSpec>> = {
  "00": { title: "SSCC", fixed: 18, max: 18, charset: "N", checkDigit: true },
  "02": { title: "CONTENT", fixed: 14, max: 14, charset: "N", checkDigit: true },
  "10": { title: "BATCH/LOT", max: 20, charset: "X" },
  "17": { title: "USE BY", fixed: 6, max: 6, charset: "N" },
  "37": { title: "COUNT", max: 8, charset: "N" },
  "400": { title: "ORDER NUMBER", max: 30, charset: "X" },
  "420": { title: "SHIP TO POST", max: 20, charset: "X" },
  "90": { title: "INTERNAL", max: 30, charset: "X" },
};

/** Order on the label: fixed-length AIs first so fewer FNC1 separators are needed. */
const ORDER: readonly LabelAi[] = ["00", "02", "17", "37", "10", "400", "420", "90"];

/** GS1 AI encodable character set 82 (GS1 General Specifications figure 7.11-1). */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

/** The FNC1 separator as it appears in transmitted data (ASCII GS). */
const GS = "\u001d";

export interface Gs1ElementString {
  readonly elements: readonly Gs1Element[];
  /** Human-readable interpretation: `(00)123…(02)…`. Also what bwip-js and ZPL `^BC…D` take. */
  readonly hri: string;
  /** Transmitted data without the leading FNC1: element strings with GS after variable-length ones. */
  readonly transmitted: string;
}

/** Validate one element; returns a message naming what is wrong, or undefined. */
export function checkGs1Element(e: Gs1Element): string | undefined {
  const spec = SPECS[e.ai];
  if (!spec) return `AI (${e.ai}) is not supported on labels`;
  const v = e.value;
  if (spec.fixed !== undefined && v.length !== spec.fixed) return `AI (${e.ai}) ${spec.title} must be exactly ${spec.fixed} characters, got ${v.length}`;
  if (v.length === 0 || v.length > spec.max) return `AI (${e.ai}) ${spec.title} must be 1 to ${spec.max} characters, got ${v.length}`;
  if (spec.charset === "N" && !/^\d+$/.test(v)) return `AI (${e.ai}) ${spec.title} must be digits only`;
  if (spec.charset === "X" && !CSET82.test(v)) return `AI (${e.ai}) ${spec.title} has characters outside GS1 character set 82 (A-Z a-z 0-9 and !"%&'()*+,-./:;<=>?_)`;
  if (spec.checkDigit && !hasValidGs1CheckDigit(v)) return `AI (${e.ai}) ${spec.title} ${v} has a wrong check digit (expected ${gs1CheckDigit(v.slice(0, -1))})`;
  if (e.ai === "17" && !isValidGs1Date(v)) return `AI (17) ${spec.title} ${v} is not a valid YYMMDD date`;
  if (e.ai === "37" && /^0+$/.test(v)) return `AI (37) COUNT must be at least 1`;
  return undefined;
}

/** YYMMDD; DD = 00 means the last day of the month. */
export function isValidGs1Date(v: string): boolean {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(v);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return false;
  if (day === 0) return true;
  // The century does not change month lengths except for 1900/2100 leap years: GS1's sliding window
  // puts YY within -49..+50 years of today, so 2000-2099 is a safe reading for February 29.
  const year = 2000 + Number(m[1]);
  const daysIn = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysIn;
}

/**
 * Build an element string from elements; throws InputError listing every problem (bad values,
 * duplicates, invalid combinations). Elements are reordered (fixed-length first).
 */
export function buildGs1ElementString(elements: readonly Gs1Element[]): Gs1ElementString {
  const problems: string[] = [];
  const seen = new Set<LabelAi>();
  for (const e of elements) {
    if (seen.has(e.ai)) problems.push(`AI (${e.ai}) appears twice`);
    seen.add(e.ai);
    const p = checkGs1Element(e);
    if (p) problems.push(p);
  }
  if (seen.has("02") && !seen.has("37")) problems.push("AI (02) CONTENT requires AI (37) COUNT");
  if (seen.has("37") && !seen.has("02")) problems.push("AI (37) COUNT requires AI (02) CONTENT");
  if (seen.has("02") && !seen.has("00")) problems.push("AI (02) CONTENT is only valid on a logistic unit with AI (00) SSCC");
  for (const ai of ["10", "17"] as const) {
    if (seen.has(ai) && !seen.has("02")) problems.push(`AI (${ai}) ${SPECS[ai].title} requires AI (02) CONTENT (the trade item it describes)`);
  }
  if (elements.length === 0) problems.push("an element string needs at least one AI");
  if (problems.length > 0) {
    throw new InputError("GS1_ELEMENT_STRING_INVALID", `invalid GS1 element string: ${problems.join("; ")}`, problems.map((message) => ({ message })));
  }
  return formatGs1Elements(elements);
}

/**
 * Format already-validated elements (e.g. one symbol's share of a validated element string on a
 * label with several barcodes): sorted, HRI and transmitted forms. No combination checks here.
 */
export function formatGs1Elements(elements: readonly Gs1Element[]): Gs1ElementString {
  const sorted = [...elements].sort((a, b) => ORDER.indexOf(a.ai) - ORDER.indexOf(b.ai));
  let hri = "";
  let transmitted = "";
  sorted.forEach((e, i) => {
    hri += `(${e.ai})${e.value}`;
    transmitted += e.ai + e.value;
    if (SPECS[e.ai].fixed === undefined && i < sorted.length - 1) transmitted += GS;
  });
  return { elements: sorted, hri, transmitted };
}

/** The GS1 data title of a label AI (printed above its value), e.g. "SSCC", "COUNT". */
export function gs1AiTitle(ai: LabelAi): string {
  return SPECS[ai].title;
}

/** True when `value` is acceptable for the variable-length AI `ai` (used to omit optional AIs). */
export function fitsGs1Ai(ai: LabelAi, value: string): boolean {
  return checkGs1Element({ ai, value }) === undefined;
}

/** Normalise a postal code for AI (420): upper case, spaces and dashes removed. */
export function postalCodeForAi420(postalCode: string): string {
  return postalCode.toUpperCase().replace(/[\s-]+/g, "");
}

/** Convert YYYY-MM-DD (or YYMMDD) to the GS1 YYMMDD form. */
export function toGs1Date(date: string): string {
  const iso = /^\d\d(\d\d)-(\d\d)-(\d\d)$/.exec(date);
  if (iso) return `${iso[1]}${iso[2]}${iso[3]}`;
  return date;
}

/** The element string of a GS1 logistic label: (00), plus (02)+(37), (17), (10), (420) where known. */
export function logisticLabelElementString(data: {
  readonly sscc: string;
  readonly content?: { readonly gtin: string; readonly count: number };
  readonly batch?: string;
  readonly expiry?: string;
  readonly shipToPostalCode?: string;
}): Gs1ElementString {
  const els: Gs1Element[] = [{ ai: "00", value: data.sscc }];
  if (data.content) {
    els.push({ ai: "02", value: data.content.gtin.padStart(14, "0") });
    els.push({ ai: "37", value: String(data.content.count) });
  }
  if (data.expiry !== undefined) els.push({ ai: "17", value: toGs1Date(data.expiry) });
  if (data.batch !== undefined) els.push({ ai: "10", value: data.batch });
  if (data.shipToPostalCode !== undefined) els.push({ ai: "420", value: postalCodeForAi420(data.shipToPostalCode) });
  return buildGs1ElementString(els);
}

/**
 * The 2D code of a shipping label (GS1 DataMatrix): (00) SSCC, (400) order number, (420) ship-to
 * postal code and (90) tracking number. Optional parts whose text is outside GS1 character set 82
 * are left out of the symbol (they are still printed as text).
 */
export function shippingLabel2dElementString(data: {
  readonly sscc: string;
  readonly orderNumber: string;
  readonly shipToPostalCode: string;
  readonly trackingNumber: string;
}): Gs1ElementString {
  const els: Gs1Element[] = [{ ai: "00", value: data.sscc }];
  if (fitsGs1Ai("400", data.orderNumber)) els.push({ ai: "400", value: data.orderNumber });
  const postal = postalCodeForAi420(data.shipToPostalCode);
  if (fitsGs1Ai("420", postal)) els.push({ ai: "420", value: postal });
  if (fitsGs1Ai("90", data.trackingNumber)) els.push({ ai: "90", value: data.trackingNumber });
  return buildGs1ElementString(els);
}
