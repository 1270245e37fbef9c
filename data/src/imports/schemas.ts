/**
 * The import formats, one zod schema per kind. The same schema reads JSON and CSV: in CSV every cell is
 * text, so numbers and booleans are read from text, and lists are written `a|b|c`.
 */
import { z } from "zod";
import { MAX_ORDER_LINES, MAX_RECORD_INTEGER, ORDER_PAYMENTS, PROTOCOL_LIMITS, USER_ROLES, isValidGtin } from "@pickpack/core";

/** zod error text: "is required" when the field is absent, else what it must be. */
const must = (what: string) => (iss: { input?: unknown }) => (iss.input === undefined ? "is required" : `must be ${what}`);
const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
/**
 * Numbers in text (CSV cells) are plain decimals only: `12`, `-3`, `0.5`. `0x10`, `0b11`, `1e3`, `+5`,
 * `Infinity` stay text and are refused (Number() would read them as 16, 3, 1000, 5).
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;
const fromText = (v: unknown) => (typeof v === "string" && DECIMAL.test(v.trim()) ? Number(v.trim()) : v);
export const num = z.preprocess(fromText, z.number({ error: must("a number") }).finite());
/** A whole number that fits the 32-bit integer columns it is stored in. */
export const int = z.preprocess(
  fromText,
  z
    .number({ error: must("a whole number") })
    .int("must be a whole number")
    .min(-MAX_RECORD_INTEGER, `must be ${-MAX_RECORD_INTEGER} or more`)
    .max(MAX_RECORD_INTEGER, `is too large (${MAX_RECORD_INTEGER} at most)`),
);
/** A calendar date YYYY-MM-DD that exists (not 2026-13-45 or 2026-02-30). */
const isCalendarDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
};
/** Barcodes a scanner can send: at most the gateway's scan length, no control characters. */
const hasControlCharacter = (s: string): boolean => [...s].some((c) => {
  const n = c.codePointAt(0)!;
  return n < 0x20 || (n >= 0x7f && n <= 0x9f);
});
const nonNegInt = int.pipe(z.number().min(0, "must be 0 or more"));
const posInt = int.pipe(z.number().min(1, "must be 1 or more"));
const posNum = num.pipe(z.number().positive("must be more than 0"));
const bool = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  const t = v.trim().toLowerCase();
  return ["true", "1", "yes", "y"].includes(t) ? true : ["false", "0", "no", "n", ""].includes(t) ? false : v;
}, z.boolean({ error: must("true or false") }));
const list = z.preprocess((v) => (typeof v === "string" ? v.split("|").map((s) => s.trim()).filter(Boolean) : v), z.array(z.string().min(1)));
const text = (what = "text") => z.string({ error: must(what) }).trim().min(1, "must not be empty").max(500, "is too long (500 characters at most)");
const code = z
  .string({ error: must("a code") })
  .trim()
  .min(1, "must not be empty")
  .max(64, "is too long (64 characters at most)")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, "may contain only letters, digits and . _ : / -");

export const addressSchema = z.strictObject({
  name: text(),
  company: text().optional(),
  street: text(),
  street2: text().optional(),
  postalCode: text(),
  city: text(),
  region: text().optional(),
  country: z.string({ error: must("an ISO 3166 two-letter country code (e.g. DE)") }).trim().regex(/^[A-Z]{2}$/, "must be an ISO 3166 two-letter country code (e.g. DE)"),
  phone: text().optional(),
  email: text().optional(),
  latitude: num.pipe(z.number().min(-90).max(90)).optional(),
  longitude: num.pipe(z.number().min(-180).max(180)).optional(),
});

export const warehouseSchema = z.strictObject({
  code,
  name: text(),
  address: addressSchema,
  latitude: num.pipe(z.number().min(-90, "must be between -90 and 90").max(90, "must be between -90 and 90")),
  longitude: num.pipe(z.number().min(-180, "must be between -180 and 180").max(180, "must be between -180 and 180")),
  priority: nonNegInt.default(10),
  cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM").default("17:00"),
  costPerShipment: num.pipe(z.number().min(0)).default(0),
  timeZone: z
    .string()
    .refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin")
    .default("UTC"),
});

export const locationSchema = z.strictObject({
  warehouse: code,
  code,
  zone: text().default("A"),
  aisle: nonNegInt,
  position: num.pipe(z.number().min(0, "must be 0 or more")),
  level: nonNegInt.default(1),
});

export const skuSchema = z.strictObject({
  sku: code,
  name: text(),
  barcodes: list
    .default([])
    .superRefine((codes, ctx) => {
      const seen = new Set<string>();
      for (const c of codes) {
        if (c.length > PROTOCOL_LIMITS.maxBarcodeLength) {
          ctx.addIssue({ code: "custom", message: `a barcode is too long (${c.length} characters; a scanner sends at most ${PROTOCOL_LIMITS.maxBarcodeLength})` });
          continue;
        }
        if (hasControlCharacter(c)) {
          ctx.addIssue({ code: "custom", message: `barcode ${JSON.stringify(c)} contains a control character` });
          continue;
        }
        if (seen.has(c)) ctx.addIssue({ code: "custom", message: `${c} is listed twice` });
        seen.add(c);
        if (/^\d+$/.test(c) && [8, 12, 13, 14].includes(c.length) && !isValidGtin(c)) {
          ctx.addIssue({ code: "custom", message: `${c} has a wrong GTIN check digit` });
        }
      }
    }),
  weightGrams: posNum,
  lengthMm: posNum,
  widthMm: posNum,
  heightMm: posNum,
  tracksLot: bool.default(false),
  tracksSerial: bool.default(false),
  tracksExpiry: bool.default(false),
});

export const stockSchema = z.strictObject({ warehouse: code, location: code, sku: code, onHand: nonNegInt });
/** A per-SKU reorder point and target of a warehouse (`pickpack report reorder-points FILE`; `report stock` lists SKUs at or below it). */
export const reorderPointSchema = z.strictObject({ warehouse: code, sku: code, reorderPoint: nonNegInt, target: nonNegInt.optional() });

export const boxSchema = z
  .strictObject({
    code,
    name: text(),
    innerLengthMm: posNum,
    innerWidthMm: posNum,
    innerHeightMm: posNum,
    tareGrams: num.pipe(z.number().min(0)),
    maxWeightGrams: posNum,
  });

export const userSchema = z.strictObject({
  id: code,
  name: text(),
  role: z.enum(USER_ROLES, { error: `must be one of ${USER_ROLES.join(", ")}` }),
  badge: code,
});

export const orderLineSchema = z.strictObject({ sku: code, quantity: posInt, unitPrice: num.pipe(z.number().min(0)).default(0) });

export const orderSchema = z.strictObject({
  number: code,
  customer: text(),
  shipTo: addressSchema,
  lines: z.array(orderLineSchema).min(1, "an order needs at least one line").max(MAX_ORDER_LINES, `an order has at most ${MAX_ORDER_LINES} lines`),
  priority: nonNegInt.default(5),
  carrier: text().default("own-fleet"),
  service: text().default("standard"),
  shipBy: z.string().refine(isCalendarDate, "must be a date YYYY-MM-DD that exists").optional(),
  /** An order system exports orders paid there: "paid" (default) confirms the order once its stock is reserved. */
  payment: z.enum(ORDER_PAYMENTS, { error: `must be one of ${ORDER_PAYMENTS.join(", ")}` }).default("paid"),
});

/** An order in CSV: one row per order line; rows with the same number form one order. */
export const orderCsvRowSchema = z.strictObject({ ...orderSchema.omit({ lines: true }).shape, ...orderLineSchema.shape });
