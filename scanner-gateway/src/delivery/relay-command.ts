/**
 * `pickpack-gateway relay` (and `pickpack relay`, which spawns it): run the outbox relay alone, for
 * sites that run no gateway, until SIGTERM/SIGINT; then finish the round in flight, give up the
 * relay lease and close the store. Several may run against one PostgreSQL; on SQLite one works at a time.
 */
import type { Command } from "commander";
import { InputError, PickpackError, createBrokerDestination, type MessageBroker } from "@pickpack/core";
import { DEFAULT_DATABASE_PATH, OutboxRelay, openStore, redact } from "@pickpack/data";
import type { GatewayIO } from "../devices/command.js";
import { relayJob } from "../jobs/relay.js";
import { addRelayOptions, pollMsOf, relayOptionsOf, type RelayCliOptions } from "./relay-options.js";

interface RelayCommandOptions extends RelayCliOptions {
  db?: string;
  schema?: string;
  logLevel?: string;
  broker?: string;
}

export function registerRelayCommand(program: Command, io: GatewayIO): void {
  const cmd = program
    .command("relay")
    .description("run the outbox relay (webhooks and other destinations) until SIGTERM, for sites with no gateway")
    .option("--db <target>", "SQLite path or postgres:// URL (default: $PICKPACK_DATABASE or .pickpack/pickpack.db)")
    .option("--schema <name>", "PostgreSQL schema (default: the connection's search_path)")
    .option("--log-level <level>", "pino log level (info, debug, warn)")
    .option("--broker <url>", "also publish every event to this message broker, amqp://… (default: $PICKPACK_BROKER_URL; see docs/broker.md)");
  addRelayOptions(cmd).action(async (opts: RelayCommandOptions) => {
    try {
      await runRelay(io, opts);
    } catch (e) {
      if (!(e instanceof PickpackError)) throw e;
      io.stderr.write(`error [${e.code}]: ${e.message}\n`);
      io.setExitCode(e instanceof InputError ? 2 : 1);
    }
  });
}

async function runRelay(io: GatewayIO, opts: RelayCommandOptions): Promise<void> {
  const { createLogger } = await import("../shared/logger.js");
  const { JobRunner } = await import("../jobs/runner.js");
  const logger = createLogger({ destination: io.stdout, ...(opts.logLevel ? { level: opts.logLevel } : {}) });
  const pollMs = pollMsOf(opts);
  const target = opts.db ?? process.env.PICKPACK_DATABASE ?? DEFAULT_DATABASE_PATH;
  const { brokerUrl, openBroker } = await import("../broker/config.js");
  const brokerTarget = brokerUrl(opts.broker);
  // The database must exist (`pickpack init`): a typo in --db must not create a new one.
  const store = await openStore({ target, create: false, ...(opts.schema ? { schema: opts.schema } : {}) });
  // Every relay of a site gets the same destinations: a relay fans each event out only to those it knows.
  let broker: MessageBroker | undefined;
  try {
    if (brokerTarget !== undefined) broker = await openBroker({ url: brokerTarget, connectionName: "pickpack relay", onEvent: (e) => (e.type === "disconnected" ? logger.warn(e, "broker connection lost: reconnecting") : logger.debug(e, e.type)) });
  } catch (e) {
    await store.close();
    throw e;
  }
  const relayOptions = relayOptionsOf(opts, io.clock, broker ? [createBrokerDestination(broker)] : []);
  const relay = new OutboxRelay(store, {
    ...relayOptions,
    onAttempt: (a) => {
      if (!a.outcome.ok) logger.debug({ event: a.event.id, type: a.event.type, destination: a.destination, attempts: a.attempts, error: a.outcome.error }, `delivery of ${a.event.id} to ${a.destination} failed`);
    },
  });
  const runner = new JobRunner(logger);
  const { lowStockWatch } = await import("../jobs/low-stock.js");
  runner.start([relayJob(relay, pollMs), lowStockWatch(store, io.clock)]);
  // The job's timer does not keep the process alive (nor does a SQLite database): this one does, until a signal.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  logger.info({ db: redact(target), relay: relay.owner, pollMs, ...(brokerTarget ? { broker: redact(brokerTarget) } : {}) }, "pickpack relay running");
  await io.interrupted;
  clearInterval(keepAlive);
  logger.info({}, "stopping: finishing the round in flight");
  relay.interrupt();
  await runner.stop();
  await relay.stop();
  await broker?.close();
  await store.close();
}
