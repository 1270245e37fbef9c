/** Errors as the wire carries them: an ErrorBody from a PickpackError, and a refusal ack. */
import { InputError, type ErrorCode, type ErrorBody, type PickpackError } from "@pickpack/core";

export function errorBody(e: PickpackError): ErrorBody {
  const issues = e instanceof InputError && e.issues.length > 0 ? { issues: e.issues.map((i) => ({ path: i.field ?? "", message: i.message })) } : {};
  let details: Record<string, unknown> | undefined;
  if (e.details) {
    try {
      details = JSON.parse(JSON.stringify(e.details)) as Record<string, unknown>;
    } catch {
      details = undefined;
    }
  }
  return { code: e.code, message: e.message, ...issues, ...(details ? { details } : {}) };
}

export const fail = (code: ErrorCode, message: string, extra: Partial<ErrorBody> = {}) => ({ ok: false as const, error: { code, message, ...extra } });
