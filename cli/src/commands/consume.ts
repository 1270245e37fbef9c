/**
 * `pickpack consume [--broker amqp://…] [--exchange E] [--queue Q] [--prefetch N]`: consume the order
 * system's messages (order.created.v1, payment.generated.v1, order.payment.updated.v1,
 * order.cancel.requested.v1) from the message broker into the database until stopped. The consumer
 * runs in the gateway binary (cli never imports the gateway package); signals are passed on to it.
 */
import { existsSync } from "node:fs";
import { PickpackError } from "@pickpack/core";
import { gatewayBinary } from "./devices.js";
import { runForwardingSignals } from "./gateway.js";
import { ExitWith } from "../exit-codes.js";
import { databaseTarget } from "../store.js";
import type { Registrar } from "./index.js";

interface ConsumeOptions {
  broker?: string;
  exchange?: string;
  queue?: string;
  bind?: string[];
  prefetch?: string;
  schema?: string;
  logLevel?: string;
}

export const registerConsume: Registrar = (program, ctx) => {
  program
    .command("consume")
    .description("consume the order system's messages from the message broker (orders, payments, cancel requests) into the database until stopped (--broker, --exchange, --queue; see docs/broker.md)")
    .option("--broker <url>", "amqp://user:password@host:5672/vhost (default: $PICKPACK_BROKER_URL)")
    .option("--exchange <name>", "the order system's topic exchange (default: orders.events)")
    .option("--queue <name>", "pickpack's durable queue on it; dead letters go to <queue>.dlq (default: pickpack.orders)")
    .option("--bind <pattern...>", "routing-key patterns to bind instead of the four known types (unknown types are dead-lettered)")
    .option("--prefetch <n>", "messages the broker hands out before one is acknowledged (default: 10)")
    .option("--schema <name>", "PostgreSQL schema")
    .option("--log-level <level>", "log level (debug, info, warn)")
    .action(async (opts: ConsumeOptions) => {
      const bin = gatewayBinary();
      if (!existsSync(bin)) throw new PickpackError("GATEWAY_NOT_BUILT", `the scanner gateway is not built (${bin} is missing): run \`npm run build\``);
      const pass: [keyof ConsumeOptions, string][] = [["broker", "--broker"], ["exchange", "--exchange"], ["queue", "--queue"], ["prefetch", "--prefetch"], ["schema", "--schema"], ["logLevel", "--log-level"]];
      const args = ["--db", databaseTarget(ctx), "--actor", ctx.globals().actor ?? ctx.io.env.PICKPACK_ACTOR ?? "order-system"];
      for (const [key, flag] of pass) if (typeof opts[key] === "string") args.push(flag, opts[key]);
      if (opts.bind) args.push("--bind", ...opts.bind);
      const code = await runForwardingSignals(ctx, bin, ["consume", ...args]);
      if (code !== 0) throw new ExitWith(code); // the consumer printed its own reason
    });
};
