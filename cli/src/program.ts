import { Command, CommanderError } from "commander";
import { DomainError, InputError, PickpackError, errorKindOf, formatInputIssue, type ErrorKind } from "@pickpack/core";
import type { CliIO, CommandContext, GlobalOptions } from "./context.js";
import { registrars } from "./commands/index.js";
import { ExitCode, ExitWith } from "./exit-codes.js";
import { sanitizeForTerminal } from "./output/table.js";

export function buildProgram(io: CliIO): { program: Command; ctx: CommandContext } {
  const program = new Command();
  const ctx: CommandContext = {
    io,
    globals: () => program.opts<GlobalOptions>(),
    print: (line = "") => void io.stdout.write(`${line}\n`),
    printJson: (value) => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
  program
    .name("pickpack")
    .description("Warehouse fulfillment: orders, stock, picking, packing and shipping.")
    .version("0.1.0")
    .option("--db <path-or-url>", "database: a SQLite file path or a postgres:// URL (env PICKPACK_DATABASE)")
    .option("--debug", "print stack traces for internal errors")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .exitOverride();
  for (const register of registrars) register(program, ctx);
  return { program, ctx };
}

/** Run the CLI; returns the exit code instead of exiting so tests can drive it in-process. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const { program } = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.Ok;
  } catch (error) {
    return reportError(error, io, argv.includes("--debug"));
  }
}

const EXIT_OF_KIND: Readonly<Record<ErrorKind, ExitCode>> = { refused: ExitCode.Refused, input: ExitCode.Usage, internal: ExitCode.Internal };

export function reportError(error: unknown, io: CliIO, debug: boolean): number {
  if (error instanceof ExitWith) return error.exitCode;
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") {
      return ExitCode.Ok;
    }
    return ExitCode.Usage; // commander already printed the message
  }
  if (error instanceof PickpackError) {
    // The exit code comes from the code's kind in the catalogue, whatever class carried it.
    const kind: ErrorKind = errorKindOf(error.code) ?? (error instanceof DomainError ? "refused" : "input");
    io.stderr.write(`${kind === "refused" ? "refused" : "error"} [${error.code}]: ${sanitizeForTerminal(error.message)}\n`);
    if (error instanceof InputError) for (const issue of error.issues) io.stderr.write(`  ${sanitizeForTerminal(formatInputIssue(issue))}\n`);
    if (kind === "internal" && debug) io.stderr.write(`${error.stack ?? ""}\n`);
    return EXIT_OF_KIND[kind];
  }
  const e = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(`internal error: ${e.message}\n`);
  io.stderr.write(debug ? `${e.stack ?? ""}\n` : "(this is a bug in pickpack; run again with --debug for the stack trace)\n");
  return ExitCode.Internal;
}
