#!/usr/bin/env node
/**
 * The scanner-gateway binary. Commands register here, one line each; `pickpack devices …` spawns
 * this file. Later: the `gateway` server command joins the registrars below.
 */
import { Command, CommanderError } from "commander";
import { registerDevicesCommand } from "./devices/command.js";
import type { GatewayIO } from "./devices/command.js";
import { registerGatewayCommand } from "./gateway-command.js";
import { registerRelayCommand } from "./delivery/relay-command.js";
import { registerConsumeCommand } from "./broker/consume-command.js";

export type GatewayRegistrar = (program: Command, io: GatewayIO) => void;

export const gatewayRegistrars: readonly GatewayRegistrar[] = [
  registerDevicesCommand,
  registerGatewayCommand,
  registerRelayCommand,
  registerConsumeCommand,
  // @gateway-registrars (one line per command module; keep this marker)
];

export function buildGatewayProgram(io: GatewayIO): Command {
  const program = new Command()
    .name("pickpack-gateway")
    .description("pickpack scanner gateway: USB scanners and scales, handheld service")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .exitOverride();
  for (const register of gatewayRegistrars) register(program, io);
  return program;
}

export async function runGateway(argv: readonly string[], io: GatewayIO): Promise<number> {
  let code = 0;
  const program = buildGatewayProgram({ ...io, setExitCode: (c) => (code = c) });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    io.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === (await import("node:url")).pathToFileURL(process.argv[1]).href;
if (isMain) {
  // SIGINT, SIGTERM or SIGHUP (a closed terminal, or `pickpack gateway` passing one on) stop it
  // gracefully; the same signal a second time ends it at once.
  const interrupted = new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => resolve());
  });
  const code = await runGateway(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    clock: { now: () => Date.now() },
    loadHid: async () => (await import("./devices/node-hid.js")).loadNodeHid(),
    interrupted,
    setExitCode: () => undefined,
  });
  process.exit(code);
}
