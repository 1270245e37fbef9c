/**
 * `pickpack relay [--relay-poll-ms …]`: runs the outbox relay (the gateway binary's `relay`
 * command) until SIGTERM, for sites that run no gateway; signals are passed on like `pickpack gateway`.
 */
import { existsSync } from "node:fs";
import { PickpackError } from "@pickpack/core";
import { gatewayBinary } from "./devices.js";
import { runForwardingSignals } from "./gateway.js";
import { ExitWith } from "../exit-codes.js";
import { databaseTarget } from "../store.js";
import type { Registrar } from "./index.js";

/** The relay binary's options, passed on as given (it checks them). */
const PASSED_ON = [
  ["schema", "--schema <name>", "PostgreSQL schema (default: the connection's search_path)"],
  ["relayPollMs", "--relay-poll-ms <ms>", "how often the relay looks for new outbox rows (default 1000)"],
  ["relayRetrySchedule", "--relay-retry-schedule <delays>", "retry delays after each failure (default 0,5s,5m,30m,2h,5h,10h,14h,20h,24h)"],
  ["relayLeaseSeconds", "--relay-lease-seconds <s>", "how long a relay holds a delivery before another may take it over (default 60)"],
  ["relayConcurrency", "--relay-concurrency <n>", "deliveries in flight at once, across orders (default 16)"],
  ["relayTimeoutSeconds", "--relay-timeout-seconds <s>", "a webhook request without an answer by then fails and is retried (default 15)"],
  ["logLevel", "--log-level <level>", "log level (info, debug, warn)"],
] as const;

export const registerRelay: Registrar = (program, ctx) => {
  const cmd = program.command("relay").description("deliver outbox events to webhooks (and the broker) until SIGTERM, for sites with no gateway (see docs/webhooks.md)");
  for (const [, flags, description] of PASSED_ON) cmd.option(flags, description);
  cmd.action(async (opts: Record<string, string | undefined>) => {
    const bin = gatewayBinary();
    if (!existsSync(bin)) throw new PickpackError("GATEWAY_NOT_BUILT", `the relay is not built (${bin} is missing): run \`npm run build\``);
    const args = ["--db", databaseTarget(ctx), ...PASSED_ON.flatMap(([key, flags]) => (opts[key] !== undefined ? [flags.split(" ")[0]!, opts[key]] : []))];
    const code = await runForwardingSignals(ctx, bin, ["relay", ...args]);
    if (code !== 0) throw new ExitWith(code);
  });
};
