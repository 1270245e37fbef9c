/**
 * `pickpack relay [--relay-poll-ms …]`: runs the outbox relay (the gateway binary's `relay`
 * command) until SIGTERM, for sites that run no gateway; signals are passed on like `pickpack gateway`.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { PickpackError } from "@pickpack/core";
import { gatewayBinary } from "./devices.js";
import { runForwardingSignals } from "./gateway.js";
import { ExitWith } from "../exit-codes.js";
import { databaseTarget } from "../store.js";
import type { Registrar } from "./index.js";

export const registerRelay: Registrar = (program, ctx) => {
  program
    .command("relay")
    .description("deliver outbox events to webhooks (and the broker) until SIGTERM, for sites with no gateway (see docs/webhooks.md)")
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (_opts: unknown, cmd: Command) => {
      const bin = gatewayBinary();
      if (!existsSync(bin)) throw new PickpackError("GATEWAY_NOT_BUILT", `the relay is not built (${bin} is missing): run \`npm run build\``);
      const args = cmd.args.includes("--db") ? cmd.args : ["--db", databaseTarget(ctx), ...cmd.args];
      const code = await runForwardingSignals(ctx, bin, ["relay", ...args]);
      if (code !== 0) throw new ExitWith(code);
    });
};
