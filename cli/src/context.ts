import type { Clock } from "@pickpack/core";

/** Where a command writes. Tests pass string sinks; `main` passes the process streams. */
export interface CliIO {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly cwd: string;
}

/** Options every command can see (set on the root program). */
export interface GlobalOptions {
  readonly db?: string;
  readonly debug?: boolean;
  /** Who acts, as the audit trail records it (else PICKPACK_ACTOR, else cli:$USER). */
  readonly actor?: string;
}

/** What a command receives: IO, the global options, and nothing it has to wire itself. */
export interface CommandContext {
  readonly io: CliIO;
  globals(): GlobalOptions;
  /** The command being run, as typed without its options (e.g. "orders pay"); undefined before one runs. */
  command?(): string | undefined;
  /** Print a line to stdout. */
  print(line?: string): void;
  /** Print a value as stable, pretty JSON to stdout. */
  printJson(value: unknown): void;
}
