/**
 * RFC 9457 problem documents (`application/problem+json`) for every error of the order-system API:
 * type, title, status, detail, the stable `code` from the error catalogue, and field-level `errors`
 * ({ pointer, detail }) for invalid input. One table maps a code to its HTTP status.
 */
import type { ServerResponse } from "node:http";
import { ERROR_CODES, InputError, PickpackError, isErrorCode, type ErrorCode, type InputIssue } from "@pickpack/core";

export interface ProblemField {
  /** JSON Pointer (RFC 6901) into the request body, as a URI fragment: "#/lines/0/sku". */
  readonly pointer?: string;
  /** The field as the file import names it: "lines[0].sku". */
  readonly field?: string;
  readonly detail: string;
}

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly ProblemField[];
}

/** The HTTP status of each code the API answers with; other input codes are 400, refusals 409, the rest 500. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  API_SKU_NOT_FOUND: 404,
  API_KEY_INVALID: 401,
  API_SCOPE_MISSING: 403,
  API_METHOD_NOT_ALLOWED: 405,
  API_BODY_TOO_LARGE: 413,
  API_REQUEST_INVALID: 422,
  API_IDEMPOTENCY_KEY_REUSED: 422,
  API_RATE_LIMITED: 429,
};

export function statusOf(code: string): number {
  if (!isErrorCode(code)) return 500;
  const fixed = STATUS[code];
  if (fixed !== undefined) return fixed;
  const kind = ERROR_CODES[code].kind;
  return kind === "input" ? 400 : kind === "refused" ? 409 : 500;
}

/** A problem to answer with, thrown by handlers (or made from a PickpackError). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: readonly ProblemField[] | undefined;
  readonly headers: Readonly<Record<string, string>>;
  constructor(code: ErrorCode | "INTERNAL", detail: string, options: { errors?: readonly ProblemField[]; headers?: Record<string, string>; status?: number } = {}) {
    super(detail);
    this.code = code;
    this.status = options.status ?? statusOf(code);
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  document(): ProblemDocument {
    return {
      type: `/v1/problems#${this.code}`,
      title: titleOf(this.code),
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.errors && this.errors.length > 0 ? { errors: this.errors } : {}),
    };
  }
}

/** The catalogue's meaning without its "HTTP nnn: " prefix. */
export function titleOf(code: string): string {
  if (!isErrorCode(code)) return "Internal error";
  const means = ERROR_CODES[code].means.replace(/^HTTP \d{3}: /, "").replace(/\.$/, "");
  return means.charAt(0).toUpperCase() + means.slice(1);
}

/** "lines[0].sku" → "#/lines/0/sku" (RFC 6901 escaping of ~ and /). */
export function pointerOf(field: string): string {
  const parts = field.match(/[^.[\]]+/g) ?? [];
  return `#/${parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
}

export function fieldsOf(issues: readonly InputIssue[]): ProblemField[] {
  return issues.map((i) => ({ ...(i.field ? { pointer: pointerOf(i.field), field: i.field } : { pointer: "#" }), detail: i.message }));
}

export function problemFromError(e: unknown): ApiProblem | undefined {
  if (e instanceof ApiProblem) return e;
  if (!(e instanceof PickpackError)) return undefined;
  return new ApiProblem(e.code, e.message, e instanceof InputError && e.issues.length > 0 ? { errors: fieldsOf(e.issues) } : {});
}

export function sendProblem(res: ServerResponse, p: ApiProblem): void {
  const body = JSON.stringify(p.document());
  res.writeHead(p.status, { "content-type": "application/problem+json", "cache-control": "no-store", ...p.headers });
  res.end(body);
}

/** GET /v1/problems: what each problem type (`/v1/problems#CODE`) means, with its status. */
export function problemCatalogue(): Record<string, { status: number; title: string }> {
  const codes = Object.keys(ERROR_CODES).filter((c) => c.startsWith("API_") || ["NOT_FOUND", "ORDER_NOT_FOUND", "ORDER_NOT_CANCELLABLE", "ORDER_ILLEGAL_TRANSITION", "ORDER_CONCURRENT_UPDATE", "RESERVATION_EXPIRED"].includes(c));
  return Object.fromEntries(codes.map((c) => [c, { status: statusOf(c), title: titleOf(c) }]));
}
