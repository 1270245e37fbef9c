/**
 * `pickpack-gateway consume …` (and `pickpack consume …`, which spawns this binary): consume the
 * order system's topics from the broker into the store until SIGTERM/SIGINT, then stop taking
 * messages, let the one in hand commit and settle, and close.
 */
import type { Command } from "commander";
import { InputError, PickpackError } from "@pickpack/core";
import type { GatewayIO } from "../devices/command.js";
import { DEFAULT_EXCHANGE, DEFAULT_ORDERS_EXCHANGE, DEFAULT_ORDERS_QUEUE } from "./names.js";

interface ConsumeOptions {
  db?: string;
  schema?: string;
  broker?: string;
  exchange: string;
  queue: string;
  bind?: string[];
  prefetch: string;
  actor: string;
  logLevel?: string;
}

export function registerConsumeCommand(program: Command, io: GatewayIO): void {
  program
    .command("consume")
    .description("consume the order system's messages from the broker (order.created.v1, payment.generated.v1, order.payment.updated.v1, order.cancel.requested.v1) until stopped")
    .option("--db <target>", "SQLite path or postgres:// URL (default: $PICKPACK_DATABASE or .pickpack/pickpack.db)")
    .option("--schema <name>", "PostgreSQL schema")
    .option("--broker <url>", "amqp://user:password@host:5672/vhost (default: $PICKPACK_BROKER_URL)")
    .option("--exchange <name>", "the order system's topic exchange", DEFAULT_ORDERS_EXCHANGE)
    .option("--queue <name>", "pickpack's durable queue on it (dead letters go to <queue>.dlq)", DEFAULT_ORDERS_QUEUE)
    .option("--bind <pattern...>", "routing-key patterns to bind instead of the four known types (unknown types are dead-lettered)")
    .option("--prefetch <n>", "messages the broker hands out before one is acknowledged", "10")
    .option("--actor <name>", "recorded as who made each change", "order-system")
    .option("--log-level <level>", "pino log level (info, debug, warn)")
    .action(async (opts: ConsumeOptions) => {
      try {
        await runConsumer(io, opts);
      } catch (e) {
        if (!(e instanceof PickpackError)) throw e;
        io.stderr.write(`error [${e.code}]: ${e.message}\n`);
        for (const i of e instanceof InputError ? e.issues : []) io.stderr.write(`  ${i.field ?? ""}: ${i.message}\n`);
        io.setExitCode(e instanceof InputError ? 2 : 1);
      }
    });
}

async function runConsumer(io: GatewayIO, opts: ConsumeOptions): Promise<void> {
  // Loaded here, not at startup: other commands of the binary never load amqplib or the store.
  const { DEFAULT_DATABASE_PATH, openStore, redact } = await import("@pickpack/data");
  const { createLogger } = await import("../shared/logger.js");
  const { openBroker, requireBrokerUrl } = await import("./config.js");
  const { startOrderConsumer } = await import("./consumer.js");
  const url = requireBrokerUrl(opts.broker);
  const prefetch = Number(opts.prefetch);
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 10_000) throw new InputError("ARGUMENT_INVALID", `--prefetch must be a whole number 1..10000, got ${JSON.stringify(opts.prefetch)}`);
  const target = opts.db ?? process.env.PICKPACK_DATABASE ?? DEFAULT_DATABASE_PATH;
  const logger = createLogger({ destination: io.stdout, ...(opts.logLevel ? { level: opts.logLevel } : {}) });
  const store = await openStore({ target, ...(opts.schema ? { schema: opts.schema } : {}) });
  try {
    const broker = await openBroker({
      url,
      exchange: DEFAULT_EXCHANGE,
      connectionName: "pickpack consume",
      onEvent: (e) => (e.type === "disconnected" ? logger.warn(e, "broker connection lost: reconnecting") : e.type === "connected" ? logger.info(e, "connected to the broker") : logger.debug(e, e.type)),
    });
    try {
      const sub = await startOrderConsumer(broker, store, {
        clock: io.clock,
        logger,
        exchange: opts.exchange,
        queue: opts.queue,
        prefetch,
        actor: opts.actor,
        ...(opts.bind ? { bindings: opts.bind } : {}),
      });
      logger.info({ db: redact(target), broker: redact(url), exchange: opts.exchange, queue: opts.queue, prefetch }, `consuming ${opts.exchange} → ${opts.queue} (dead letters: ${opts.queue}.dlq)`);
      await io.interrupted;
      logger.info({}, "stopping: settling the message in hand");
      await sub.cancel();
    } finally {
      await broker.close();
    }
  } finally {
    await store.close();
  }
}
