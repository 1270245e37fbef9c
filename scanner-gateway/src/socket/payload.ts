/**
 * zod building blocks for client→server payloads (the schemas themselves are in the dispatch table,
 * socket/events.ts): strict objects, bounded strings, finite integers within the protocol's limits,
 * and `parsePayload`, which turns a zod failure into the protocol's `issues`.
 */
import { z } from "zod";
import { PROTOCOL_LIMITS, type ErrorIssue } from "@pickpack/core";

export const scanId = z.string().regex(new RegExp(PROTOCOL_LIMITS.scanIdPattern), "scanId must be 1-64 characters of A-Z a-z 0-9 . _ : -");
// Printable text only: control characters other than GS (0x1d, GS1 separator) are refused.
// eslint-disable-next-line no-control-regex
export const printable = /^[^\u0000-\u001c\u001e\u001f\u007f]*$/;
export const code = z.string().min(1, "the scanned code is empty").max(PROTOCOL_LIMITS.maxBarcodeLength).regex(printable, "the code contains control characters");
export const quantity = z.number().int().min(1).max(PROTOCOL_LIMITS.maxQuantity);
export const name = z.string().min(1).max(64).regex(printable, "control characters are not allowed");
export const reason = z.string().max(PROTOCOL_LIMITS.maxReasonLength).regex(printable);
export const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const empty = z.strictObject({});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ErrorIssue[] };

/** Validate a payload (a missing payload is `{}`); at most 10 issues, each message bounded. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): ParseResult<T> {
  const r = schema.safeParse(payload === undefined ? {} : payload);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, issues: r.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join("."), message: i.message.slice(0, 200) })) };
}
