/**
 * Small errors with stable codes. Every error a user can see carries a `code` that never changes
 * between releases (scripts and the gateway protocol match on it) and a human message.
 *
 * - `DomainError`: a business rule refused the request (CLI exit code 1).
 * - `InputError`: the input is malformed: bad file rows, bad arguments, bad payloads (exit code 2).
 *   It can carry a list of `issues`, each naming where the problem is (file, line, field).
 * Anything else that escapes is a bug (exit code 70).
 *
 * Every code is declared once in the catalogue (error-codes.ts) with its kind; the constructors only accept codes of
 * their kind, so an undeclared code or a refusal thrown as an input error does not compile.
 */
import type { ErrorCode, InputCode, RefusalCode } from "./error-codes.js";

export { ERROR_CODES, errorKindOf, isErrorCode, type CodeOfKind, type ErrorCode, type ErrorKind, type InputCode, type InternalCode, type RefusalCode } from "./error-codes.js";

export class PickpackError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

export class DomainError extends PickpackError {
  declare readonly code: RefusalCode;
  constructor(code: RefusalCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/** Where a problem in an input is: a file and line (1-based), a field path, or a command-line argument. */
export interface InputIssue {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  readonly message: string;
}

export function formatInputIssue(issue: InputIssue): string {
  const where = [issue.file, issue.line !== undefined ? String(issue.line) : undefined].filter(Boolean).join(":");
  const prefix = [where, issue.field].filter(Boolean).join(": ");
  return prefix ? `${prefix}: ${issue.message}` : issue.message;
}

export class InputError extends PickpackError {
  declare readonly code: InputCode;
  readonly issues: readonly InputIssue[];
  constructor(code: InputCode, message: string, issues: readonly InputIssue[] = [], details?: Record<string, unknown>) {
    super(code, message, details);
    this.issues = issues;
  }
}

/** A typed result for pure functions that refuse without throwing. */
export type Result<T, E = DomainError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
