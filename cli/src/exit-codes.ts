/** Process exit codes (documented in the README; tested in cli/test/exit-codes.test.ts). */
export const ExitCode = {
  /** The command did what was asked. */
  Ok: 0,
  /** A business rule refused the request; the rule's code and reason are printed. */
  Refused: 1,
  /** Usage or input error: bad arguments, a bad file (every bad row is listed). */
  Usage: 2,
  /** Internal bug. Run again with --debug for the stack trace. */
  Internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Thrown by a command that already told the user everything (e.g. a delegated child process that
 * printed its own output) and only needs the process to end with `exitCode`.
 */
export class ExitWith extends Error {
  readonly exitCode: number;
  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.exitCode = exitCode;
  }
}
