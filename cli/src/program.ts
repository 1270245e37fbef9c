import { Command, CommanderError, Help } from "commander";
// The error classes only (not the whole core index): `--version` and `--help` load nothing else.
import { DomainError, InputError, PickpackError, errorKindOf, formatInputIssue, type ErrorKind } from "@pickpack/core/errors";
import type { CliIO, CommandContext, GlobalOptions } from "./context.js";
import { commandModules, loadAllRegistrars, moduleOf, nameOf, type Registrar } from "./commands/index.js";
import { ExitCode, ExitWith } from "./exit-codes.js";
import { sanitizeForTerminal } from "./output/table.js";

/** Root options that take a value (so the word after them is not the command). */
const ROOT_OPTIONS_WITH_VALUE = new Set(["--db", "--actor"]);

/** The words of `argv` that are not root options or their values, up to `--`. */
export function operands(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") break;
    if (ROOT_OPTIONS_WITH_VALUE.has(token)) i++;
    else if (!token.startsWith("-")) out.push(token);
  }
  return out;
}

/**
 * Which command modules `argv` needs: the one registering the command typed (`help X` needs X's),
 * none for `--version`, `--help` or no command (the manifest lists them), every one for a name the
 * manifest does not know (so commander suggests the closest command, and a command missing from the
 * manifest still runs).
 */
async function registrarsFor(argv: readonly string[] | undefined): Promise<Registrar[] | undefined> {
  if (argv === undefined) return loadAllRegistrars();
  const words = operands(argv);
  const name = words[0] === "help" ? words[1] : words[0];
  if (name === undefined) return undefined;
  const module = moduleOf(name);
  return module ? [await module.load()] : loadAllRegistrars();
}

/**
 * The program for `argv` (every command module when `argv` is not given). Only the modules the
 * command needs are imported; the other commands are listed from the manifest for `--help`.
 */
export async function buildProgram(io: CliIO, argv?: readonly string[]): Promise<{ program: Command; ctx: CommandContext }> {
  const program = new Command();
  let invoked: string | undefined;
  const ctx: CommandContext = {
    io,
    globals: () => program.opts<GlobalOptions>(),
    command: () => invoked,
    print: (line = "") => void io.stdout.write(`${line}\n`),
    printJson: (value) => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
  program
    .name("pickpack")
    .description("Warehouse fulfillment: orders, stock, picking, packing and shipping.")
    .version("0.1.0")
    .option("--db <path-or-url>", "database: a SQLite file path or a postgres:// URL (env PICKPACK_DATABASE)")
    .option("--actor <name>", "who acts, as the audit trail records it (env PICKPACK_ACTOR; default cli:$USER)")
    .option("--debug", "print stack traces for internal errors")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .exitOverride()
    .hook("preAction", (_root, action) => {
      const names: string[] = [];
      for (let c: Command | null = action; c?.parent; c = c.parent) names.unshift(c.name());
      invoked = names.join(" ");
    });
  const registrars = await registrarsFor(argv);
  if (registrars) {
    for (const register of registrars) register(program, ctx);
  } else {
    // Only listed: `--help` shows each command as its module would register it.
    const terms = new Map<Command, string>();
    for (const entry of commandModules.flatMap((m) => m.commands)) terms.set(program.command(nameOf(entry)).description(entry.description), entry.term);
    const help = new Help();
    program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
  }
  return { program, ctx };
}

/** Run the CLI; returns the exit code instead of exiting so tests can drive it in-process. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const { program } = await buildProgram(io, argv);
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
