/**
 * Scan interpretation for the warehouse: sanitise → AIM id → GS1 (only when the symbology says so,
 * or the data starts with FNC1/GS or a bracket) → classification by the site's rules and the SKU
 * lookup. Pure and synchronous; the SKU lookup is a port the store implements.
 */
import { isValidGtin, hasValidGs1CheckDigit, toGtin14 } from "./check-digit.js";
import { InputError, err, ok } from "../shared/errors.js";
import type { Result } from "../shared/errors.js";
import { splitAim } from "./aim.js";
import type { AimInfo } from "./aim.js";
import { parseGs1 } from "./gs1-parse.js";
import type { Gs1Parse, Gs1ParseOptions } from "./gs1-parse.js";
import { sanitizeScan } from "./sanitize.js";
import type { SanitizeOptions } from "./sanitize.js";

export type ScanKind = "sku" | "location" | "tote" | "carton" | "badge" | "order";
export const SCAN_KINDS: readonly ScanKind[] = ["sku", "location", "tote", "carton", "badge", "order"];

/** The store's side: find a SKU by any of its barcodes. GTINs are passed in 14-digit form. */
export interface SkuBarcodeLookup {
  findSkuByBarcode(code: string): { readonly sku: string; readonly name: string } | undefined;
}

/** One site rule: a scan matching `prefix` (literal) or `pattern` (regular expression) is of `kind`. */
export interface ScanRule {
  readonly kind: ScanKind;
  readonly prefix?: string;
  readonly pattern?: string;
  /** Remove the prefix from the value (default false: the id keeps it). */
  readonly stripPrefix?: boolean;
}

export interface ScanRulesConfig {
  readonly rules: readonly ScanRule[];
  /** Longest accepted scan (default 1024). */
  readonly maxLength?: number;
}

/** Defaults, used when a site has no configuration (see docs/devices.md). */
export const DEFAULT_SCAN_RULES: ScanRulesConfig = {
  rules: [
    { kind: "location", pattern: "^LOC-[A-Z0-9-]+$" },
    // zone-aisle-bay-level, the location code format of the import files and pick lists (e.g. A-01-03-B)
    { kind: "location", pattern: "^[A-Z]{1,3}-\\d{2}-\\d{2}-[A-Z0-9]{1,2}$" },
    { kind: "tote", pattern: "^TOTE-[A-Z0-9]+$" },
    { kind: "badge", pattern: "^BADGE-[A-Za-z0-9]+$" },
    { kind: "order", pattern: "^(ORD|SO)-[A-Za-z0-9-]+$" },
  ],
};

export interface InterpretedScan {
  readonly raw: string;
  readonly aim: AimInfo | undefined;
  /** The data after the AIM id. */
  readonly data: string;
  /** Present when the data is a GS1 element string. */
  readonly gs1: Gs1Parse | undefined;
}

export type ScanClassification =
  | { readonly kind: "sku"; readonly sku: string; readonly name: string; readonly via: "gtin" | "gs1" | "code"; readonly code: string; readonly gtin14?: string }
  | { readonly kind: "carton"; readonly sscc: string; readonly via: "gs1" | "sscc" | "rule"; readonly code: string }
  | { readonly kind: "location" | "tote" | "badge" | "order" | "carton"; readonly id: string; readonly via: "rule"; readonly rule: number }
  | { readonly kind: "unknown"; readonly code: string; readonly reason: string };

export interface ClassifiedScan extends InterpretedScan {
  readonly classification: ScanClassification;
}

/** Validate a site configuration (JSON already parsed). Names each bad field. */
export function parseScanRulesConfig(value: unknown, file?: string): Result<ScanRulesConfig, InputError> {
  const issues: { file?: string; field: string; message: string }[] = [];
  const where = (field: string) => (file ? { file, field } : { field });
  if (typeof value !== "object" || value === null || !Array.isArray((value as { rules?: unknown }).rules)) {
    return err(new InputError("SCAN_RULES_INVALID", "scan rules must be an object with a \"rules\" array", [{ ...where("rules"), message: "expected an array" }]));
  }
  const v = value as { rules: unknown[]; maxLength?: unknown };
  const rules: ScanRule[] = [];
  v.rules.forEach((r, i) => {
    const f = `rules[${i}]`;
    if (typeof r !== "object" || r === null) return void issues.push({ ...where(f), message: "expected an object" });
    const rule = r as Record<string, unknown>;
    if (typeof rule.kind !== "string" || !(SCAN_KINDS as readonly string[]).includes(rule.kind)) {
      issues.push({ ...where(`${f}.kind`), message: `must be one of sku, location, tote, carton, badge, order (got ${JSON.stringify(rule.kind)})` });
    }
    if ((rule.prefix === undefined) === (rule.pattern === undefined)) issues.push({ ...where(f), message: "give exactly one of \"prefix\" or \"pattern\"" });
    if (rule.prefix !== undefined && (typeof rule.prefix !== "string" || rule.prefix === "")) issues.push({ ...where(`${f}.prefix`), message: "must be a non-empty string" });
    if (rule.pattern !== undefined) {
      if (typeof rule.pattern !== "string") issues.push({ ...where(`${f}.pattern`), message: "must be a string" });
      else {
        try {
          new RegExp(rule.pattern, "u");
        } catch (e) {
          issues.push({ ...where(`${f}.pattern`), message: `not a valid regular expression: ${(e as Error).message}` });
        }
      }
    }
    if (rule.stripPrefix !== undefined && typeof rule.stripPrefix !== "boolean") issues.push({ ...where(`${f}.stripPrefix`), message: "must be true or false" });
    rules.push(rule as unknown as ScanRule);
  });
  if (v.maxLength !== undefined && (typeof v.maxLength !== "number" || !Number.isInteger(v.maxLength) || v.maxLength < 1)) {
    issues.push({ ...where("maxLength"), message: "must be a positive integer" });
  }
  if (issues.length > 0) return err(new InputError("SCAN_RULES_INVALID", `scan rules are invalid (${issues.length} problem${issues.length > 1 ? "s" : ""})`, issues));
  return ok({ rules, ...(typeof v.maxLength === "number" ? { maxLength: v.maxLength } : {}) });
}

/**
 * Sanitise and interpret: AIM id and GS1 element string. GS1 only when the AIM id says GS1, or the
 * data starts with GS (FNC1) or "(" — a lot "10D9T" on plain Code 128 stays plain text.
 */
export function interpretScan(raw: string, opts: SanitizeOptions & Gs1ParseOptions = {}): Result<InterpretedScan, InputError> {
  const clean = sanitizeScan(raw, opts);
  if (!clean.ok) return clean;
  const { aim, data } = splitAim(raw);
  const looksGs1 = aim?.gs1 === true || data.startsWith("\x1d") || /^\(\d{2,4}\)/.test(data);
  if (!looksGs1) return ok({ raw, aim, data, gs1: undefined });
  const gs1 = parseGs1(data, opts);
  if (!gs1.ok) return gs1;
  return ok({ raw, aim, data, gs1: gs1.value });
}

function ruleMatches(rule: ScanRule, data: string): string | undefined {
  if (rule.prefix !== undefined) {
    if (!data.startsWith(rule.prefix)) return undefined;
    return rule.stripPrefix ? data.slice(rule.prefix.length) : data;
  }
  if (rule.pattern !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(rule.pattern, "u");
    } catch {
      return undefined;
    }
    return re.test(data) ? data : undefined;
  }
  return undefined;
}

/**
 * Classify a scan. Order: GS1 element string (00 → carton, 01/02 → SKU by GTIN), then the site rules
 * in order, then GTIN-8/12/13/14 (valid check digit) via the lookup, then the raw code via the lookup
 * (own codes), then an 18-digit SSCC with a valid check digit → carton.
 */
export function classifyScan(
  raw: string,
  deps: { readonly skus: SkuBarcodeLookup; readonly config?: ScanRulesConfig },
  opts: Gs1ParseOptions & { readonly allowControls?: string } = {},
): Result<ClassifiedScan, InputError> {
  const config = deps.config ?? DEFAULT_SCAN_RULES;
  const interpreted = interpretScan(raw, { ...opts, ...(config.maxLength !== undefined ? { maxLength: config.maxLength } : {}) });
  if (!interpreted.ok) return interpreted;
  const scan = interpreted.value;
  const done = (classification: ScanClassification) => ok({ ...scan, classification });
  const { data, gs1 } = scan;

  if (gs1) {
    const sscc = gs1.elements.find((e) => e.ai === "00");
    if (sscc) return done({ kind: "carton", sscc: sscc.value, via: "gs1", code: data });
    const gtin = gs1.elements.find((e) => e.ai === "01" || e.ai === "02");
    if (gtin) {
      const hit = deps.skus.findSkuByBarcode(gtin.value);
      if (hit) return done({ kind: "sku", sku: hit.sku, name: hit.name, via: "gs1", code: gtin.value, gtin14: gtin.value });
      return done({ kind: "unknown", code: gtin.value, reason: `no SKU has GTIN ${gtin.value}` });
    }
    return done({ kind: "unknown", code: gs1.hri, reason: "GS1 element string without an SSCC (00) or GTIN (01/02)" });
  }

  for (const [i, rule] of config.rules.entries()) {
    const id = ruleMatches(rule, data);
    if (id === undefined) continue;
    if (rule.kind === "sku") {
      const hit = deps.skus.findSkuByBarcode(id);
      if (hit) return done({ kind: "sku", sku: hit.sku, name: hit.name, via: "code", code: id });
      continue;
    }
    if (rule.kind === "carton" && /^\d{18}$/.test(id) && hasValidGs1CheckDigit(id)) return done({ kind: "carton", sscc: id, via: "rule", code: data });
    return done({ kind: rule.kind, id, via: "rule", rule: i });
  }

  if (isValidGtin(data)) {
    const gtin14 = toGtin14(data);
    const hit = deps.skus.findSkuByBarcode(gtin14) ?? (gtin14 !== data ? deps.skus.findSkuByBarcode(data) : undefined);
    if (hit) return done({ kind: "sku", sku: hit.sku, name: hit.name, via: "gtin", code: data, gtin14 });
  }
  const own = deps.skus.findSkuByBarcode(data);
  if (own) return done({ kind: "sku", sku: own.sku, name: own.name, via: "code", code: data });
  if (/^\d{18}$/.test(data) && hasValidGs1CheckDigit(data)) return done({ kind: "carton", sscc: data, via: "sscc", code: data });
  const reason = isValidGtin(data) ? `no SKU has GTIN ${toGtin14(data)}` : "matches no site rule and no SKU barcode";
  return done({ kind: "unknown", code: data, reason });
}

/** A lookup over an in-memory list (tests, demo, CLI without a database). GTINs are stored 14-digit. */
export function skuLookupFromList(items: readonly { readonly sku: string; readonly name: string; readonly barcodes: readonly string[] }[]): SkuBarcodeLookup {
  const map = new Map<string, { sku: string; name: string }>();
  for (const it of items) for (const b of it.barcodes) map.set(isValidGtin(b) ? toGtin14(b) : b, { sku: it.sku, name: it.name });
  return { findSkuByBarcode: (code) => map.get(code) };
}
