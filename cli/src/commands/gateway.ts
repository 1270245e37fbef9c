/**
 * `pickpack gateway [--port P] [--host H] [--devices auto|sim|none] [--station-map FILE]`: runs the
 * scanner gateway binary (cli never imports the gateway package), passing the database and options.
 * The gateway is this command's child: SIGTERM, SIGINT and SIGHUP sent to `pickpack gateway` are
 * passed on to it (so `kill PID` stops the real service and frees its port), and the command ends
 * with the gateway's exit code.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import type { Command } from "commander";
import { PickpackError } from "@pickpack/core";
import type { CommandContext } from "../context.js";
import { gatewayBinary } from "./devices.js";
import { ExitWith } from "../exit-codes.js";
import { databaseTarget } from "../store.js";
import type { Registrar } from "./index.js";

/** The signals passed on to the child. */
export const FORWARDED_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

/**
 * Run `node FILE ARGS` as a child and resolve to its exit code (128 + the signal's number when a
 * signal ended it). While it runs, FORWARDED_SIGNALS reaching this process go to the child, once
 * each: the child runs in its own process group, so Ctrl+C on the terminal reaches it through us
 * only, not twice.
 */
export async function runForwardingSignals(ctx: CommandContext, file: string, args: readonly string[]): Promise<number> {
  const inherit = ctx.io.stdout === (process.stdout as unknown);
  const child = spawn(process.execPath, [file, ...args], { stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"], detached: true });
  child.stdout?.on("data", (d: Buffer) => ctx.io.stdout.write(d.toString("utf8")));
  child.stderr?.on("data", (d: Buffer) => ctx.io.stderr.write(d.toString("utf8")));
  const forwarders = FORWARDED_SIGNALS.map((signal) => {
    const forward = () => void (child.exitCode === null && child.signalCode === null && child.kill(signal));
    process.on(signal, forward);
    return () => void process.off(signal, forward);
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 70)));
    });
  } finally {
    for (const stop of forwarders) stop();
  }
}

export const registerGateway: Registrar = (program, ctx) => {
  program
    .command("gateway")
    .description("run the scanner gateway service for handhelds and pack stations (options: --port, --host, --devices auto|sim|none, --station-map FILE; see docs/gateway.md)")
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (_opts: unknown, cmd: Command) => {
      const bin = gatewayBinary();
      if (!existsSync(bin)) throw new PickpackError("GATEWAY_NOT_BUILT", `the scanner gateway is not built (${bin} is missing): run \`npm run build\``);
      const args = cmd.args.includes("--db") ? cmd.args : ["--db", databaseTarget(ctx), ...cmd.args];
      const code = await runForwardingSignals(ctx, bin, ["gateway", ...args]);
      if (code !== 0) throw new ExitWith(code); // the gateway printed its own reason
    });
};
