/**
 * `pickpack consume [--broker amqp://…] [--exchange E] [--queue Q] [--prefetch N]`: consume the order
 * system's messages (order.created.v1, payment.generated.v1, order.payment.updated.v1,
 * order.cancel.requested.v1) from the message broker into the database until stopped. The consumer
 * runs in the gateway binary (cli never imports the gateway package); signals are passed on to it.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { PickpackError } from "@pickpack/core";
import { gatewayBinary } from "./devices.js";
import { runForwardingSignals } from "./gateway.js";
import { ExitWith } from "../exit-codes.js";
import { databaseTarget } from "../store.js";
import type { Registrar } from "./index.js";

export const registerConsume: Registrar = (program, ctx) => {
  program
    .command("consume")
    .description("consume the order system's messages from the message broker (orders, payments, cancel requests) into the database until stopped (--broker, --exchange, --queue; see docs/broker.md)")
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (_opts: unknown, cmd: Command) => {
      const bin = gatewayBinary();
      if (!existsSync(bin)) throw new PickpackError("GATEWAY_NOT_BUILT", `the scanner gateway is not built (${bin} is missing): run \`npm run build\``);
      const args = cmd.args.includes("--db") || cmd.args.includes("--help") ? cmd.args : ["--db", databaseTarget(ctx), ...cmd.args];
      const code = await runForwardingSignals(ctx, bin, ["consume", ...args]);
      if (code !== 0) throw new ExitWith(code); // the consumer printed its own reason
    });
};
