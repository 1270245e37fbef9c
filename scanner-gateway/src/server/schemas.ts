/**
 * zod schemas for every client→server payload, mirroring the protocol types in core. Strict objects:
 * unknown keys are refused, strings are bounded, numbers are finite integers within limits.
 */
import { z } from "zod";
import { PROTOCOL_LIMITS, type ClientEventName, type ClientEvents, type ErrorIssue } from "@pickpack/core";

const scanId = z.string().regex(new RegExp(PROTOCOL_LIMITS.scanIdPattern), "scanId must be 1-64 characters of A-Z a-z 0-9 . _ : -");
// Printable text only: control characters other than GS (0x1d, GS1 separator) are refused.
// eslint-disable-next-line no-control-regex
const printable = /^[^\u0000-\u001c\u001e\u001f\u007f]*$/;
const code = z.string().min(1, "the scanned code is empty").max(PROTOCOL_LIMITS.maxBarcodeLength).regex(printable, "the code contains control characters");
const quantity = z.number().int().min(1).max(PROTOCOL_LIMITS.maxQuantity);
const name = z.string().min(1).max(64).regex(printable, "control characters are not allowed");
const empty = z.strictObject({});

export const payloadSchemas = {
  hello: z.strictObject({ lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }),
  "feed.sync": z.strictObject({ after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), limit: z.number().int().min(1).max(PROTOCOL_LIMITS.feedPageSize).optional() }),
  "session.login": z.strictObject({ scanId, badge: code }),
  "session.logout": z.strictObject({ scanId }),
  "pick.next": empty,
  "pick.scan": z.strictObject({ scanId, code, quantity: quantity.optional() }),
  "pick.confirm": z.strictObject({ scanId }),
  "pick.short": z.strictObject({ scanId, found: z.number().int().min(0).max(PROTOCOL_LIMITS.maxQuantity) }),
  "pick.skip": z.strictObject({ scanId }),
  "trip.complete": z.strictObject({ scanId, station: name.optional() }),
  "station.open": z.strictObject({ scanId, station: name.optional() }),
  "station.close": z.strictObject({ scanId }),
  "pack.state": empty,
  "pack.scan": z.strictObject({ scanId, code, quantity: quantity.optional() }),
  "pack.weight": z.strictObject({ scanId, grams: z.number().finite().min(0).max(1_000_000).optional() }),
  "pack.override": z.strictObject({ scanId, supervisorBadge: code, reason: z.string().trim().min(3, "say why (at least 3 characters)").max(PROTOCOL_LIMITS.maxReasonLength).regex(printable) }),
  "pack.close": z.strictObject({ scanId }),
  "supervisor.watch": empty,
  "devices.list": empty,
  "device.revoke": z.strictObject({ scanId, deviceId: z.string().min(1).max(64), reason: z.string().max(PROTOCOL_LIMITS.maxReasonLength).regex(printable).optional() }),
} satisfies { [E in ClientEventName]: z.ZodType };

// Compile-time check that every schema's output is assignable to the protocol's payload type.
type Check<E extends ClientEventName> = z.output<(typeof payloadSchemas)[E]> extends ClientEvents[E]["payload"] ? true : never;
export const _schemasMatchProtocol: { [E in ClientEventName]: Check<E> } = Object.fromEntries(Object.keys(payloadSchemas).map((k) => [k, true])) as never;

export type ParsedPayload<E extends ClientEventName> = z.output<(typeof payloadSchemas)[E]>;

export function parsePayload<E extends ClientEventName>(event: E, payload: unknown): { ok: true; value: ParsedPayload<E> } | { ok: false; issues: ErrorIssue[] } {
  const r = (payloadSchemas[event] as z.ZodType).safeParse(payload === undefined ? {} : payload);
  if (r.success) return { ok: true, value: r.data as ParsedPayload<E> };
  return { ok: false, issues: r.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join("."), message: i.message.slice(0, 200) })) };
}

export const pairRequestSchema = z.strictObject({ code: z.string().min(1).max(32) });
