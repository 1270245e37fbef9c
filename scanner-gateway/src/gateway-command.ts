/**
 * `pickpack-gateway gateway …` (and `pickpack gateway …`, which spawns this binary): run the scanner
 * gateway service until SIGTERM/SIGINT, then stop gracefully (no new connections or events, finish
 * in-flight commits, close sockets, close the store).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Option, type Command } from "commander";
import { InputError, PickpackError, STATION_NAME_RULE, createBrokerDestination, isStationName, type DeviceSource, type MessageBroker } from "@pickpack/core";
import { DEFAULT_DATABASE_PATH, dialectOf, openStore, redact, type SqlStore } from "@pickpack/data";
import type { GatewayIO } from "./devices/command.js";
import { HidDeviceManager } from "./devices/hid-devices.js";
import { SimulatedScale, SimulatedScanner } from "./devices/simulated.js";
import type { Gateway } from "./gateway.js";
import { trustedProxies } from "./auth/client-address.js";
import type { GatewayLogger } from "./shared/logger.js";
import { readStationMapFile, type StationMapFile } from "./stations/station-map.js";
import { addRelayOptions, pollMsOf, relayOptionsOf, type RelayCliOptions } from "./delivery/relay-options.js";

export { readStationMap, readStationMapFile, type StationMapFile } from "./stations/station-map.js";

export const DEFAULT_GATEWAY_PORT = 7420;

interface GatewayCommandOptions extends RelayCliOptions {
  /** false with --no-relay: this gateway delivers no outbox rows (run `pickpack relay` elsewhere). */
  relay: boolean;
  port: string;
  host: string;
  db?: string;
  schema?: string;
  devices: "auto" | "sim" | "none";
  stationMap?: string;
  simStation: string;
  simWait: string;
  logLevel?: string;
  sweepSeconds: string;
  printer?: string;
  labelFormat?: "zpl" | "pdf";
  tlsCert?: string;
  tlsKey?: string;
  insecure?: boolean;
  trustedProxy?: string[];
  metrics: boolean;
  metricsToken?: string;
  metricsLocalOnly?: boolean;
  broker?: string;
  consume?: boolean;
}

/** Loopback addresses: listening there needs no TLS (nothing crosses the network). */
const isLoopback = (host: string) => host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/**
 * TLS from --tls-cert/--tls-key (PEM), or none; refuses a network address without TLS unless
 * --insecure (device tokens and pairing codes would cross the network in clear).
 */
function tlsOptions(opts: GatewayCommandOptions): { cert: Buffer; key: Buffer } | undefined {
  if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) {
    throw new InputError("ARGUMENT_MISSING", "--tls-cert and --tls-key go together: give both (PEM files)", [{ field: opts.tlsCert ? "--tls-key" : "--tls-cert", message: "is required with the other" }]);
  }
  if (opts.tlsCert && opts.tlsKey) {
    const read = (file: string, flag: string) => {
      try {
        return readFileSync(file);
      } catch (e) {
        throw new InputError("GATEWAY_TLS_INVALID", `cannot read ${flag} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, [{ field: flag, message: "cannot be read" }]);
      }
    };
    return { cert: read(opts.tlsCert, "--tls-cert"), key: read(opts.tlsKey, "--tls-key") };
  }
  if (!isLoopback(opts.host) && !opts.insecure) {
    throw new InputError(
      "GATEWAY_INSECURE",
      `refusing to listen on ${opts.host} without TLS: device tokens and pairing codes would cross the network in clear. Give --tls-cert FILE --tls-key FILE, put a TLS reverse proxy in front (listen on 127.0.0.1, --trusted-proxy), or pass --insecure on a network you trust`,
      [{ field: "--host", message: "a network address needs --tls-cert/--tls-key or --insecure" }],
    );
  }
  return undefined;
}

export function registerGatewayCommand(program: Command, io: GatewayIO): void {
  const cmd = program
    .command("gateway")
    .description("run the scanner gateway: Socket.IO service for handhelds and pack stations, /healthz, POST /v1/pair")
    .option("--port <port>", "TCP port (0 = any free port)", String(DEFAULT_GATEWAY_PORT))
    .option("--host <host>", "address to listen on (0.0.0.0 for handhelds on the network)", "127.0.0.1")
    .option("--db <target>", "SQLite path or postgres:// URL (default: $PICKPACK_DATABASE or .pickpack/pickpack.db)")
    .option("--schema <name>", "PostgreSQL schema (default: the connection's search_path)")
    .addOption(new Option("--devices <mode>", "locally attached scanners and scales: auto (USB HID), sim (simulated), none").choices(["auto", "sim", "none"]).default("auto"))
    .option("--station-map <file>", "JSON file mapping HID devices to pack stations")
    .option("--sim-station <station>", "pack station of the simulated scanner and scale", "P1")
    .option("--sim-wait <seconds>", "with --devices sim: wait this long for the station's pack station client to connect before the simulated devices start (then they run without it)", "60")
    .option("--sweep-seconds <s>", "reservation sweeper period", "60")
    .option("--printer <target>", "label printer for stations without one in the station map: CUPS queue, tcp://HOST:9100 or file:PATH ({station} {shipment} {tracking})")
    .addOption(new Option("--label-format <format>", "label format for stations without one").choices(["zpl", "pdf"]))
    .option("--tls-cert <file>", "TLS certificate chain (PEM): serve HTTPS and WSS on the port")
    .option("--tls-key <file>", "TLS private key (PEM) of --tls-cert")
    .option("--insecure", "allow a non-loopback --host without TLS (tokens and pairing codes travel in clear)")
    .option("--trusted-proxy <cidr>", "reverse proxy address or CIDR whose X-Forwarded-For names the client (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--log-level <level>", "pino log level (info, debug, warn)")
    .option("--no-metrics", "do not serve GET /metrics (Prometheus)")
    .option("--metrics-token <token>", "require Authorization: Bearer <token> on GET /metrics (default: $PICKPACK_METRICS_TOKEN)")
    .option("--metrics-local-only", "answer GET /metrics for clients on this host only")
    .option("--broker <url>", "message broker, amqp://user:password@host:5672/vhost (default: $PICKPACK_BROKER_URL; see docs/broker.md)")
    .option("--consume", "also consume the order system's messages from the broker (as `pickpack consume` does, default exchange and queue)");
  cmd.option("--no-relay", "do not deliver outbox events (webhooks …) from this gateway");
  addRelayOptions(cmd)
    .action(async (opts: GatewayCommandOptions) => {
      try {
        await runGatewayService(io, opts);
      } catch (e) {
        if (!(e instanceof PickpackError)) throw e;
        io.stderr.write(`error [${e.code}]: ${e.message}\n`);
        for (const i of e instanceof InputError ? e.issues : []) io.stderr.write(`  ${i.field ?? ""}: ${i.message}\n`);
        io.setExitCode(e instanceof InputError ? 2 : 1);
      }
    });
}

async function runGatewayService(io: GatewayIO, opts: GatewayCommandOptions): Promise<void> {
      const { Gateway } = await import("./gateway.js");
      const { createLogger } = await import("./shared/logger.js");
      const { pickerFlow } = await import("./flows/picker-flow.js");
      const { createPacking } = await import("./flows/packing-setup.js");
      const { staticRoutes } = await import("./http/static.js");
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError("GATEWAY_PORT_INVALID", `--port must be 0..65535, got ${JSON.stringify(opts.port)}`);
      const target = opts.db ?? process.env.PICKPACK_DATABASE ?? DEFAULT_DATABASE_PATH;
      const tls = tlsOptions(opts);
      if (opts.trustedProxy) trustedProxies(opts.trustedProxy); // refuse a bad --trusted-proxy before opening anything
      if (!isStationName(opts.simStation)) throw new InputError("STATION_NAME_INVALID", `--sim-station ${JSON.stringify(opts.simStation)} is not a station name: ${STATION_NAME_RULE}`);
      const stationFile: StationMapFile = opts.stationMap ? readStationMapFile(opts.stationMap) : { mappings: [], stations: {} };
      const stations = stationFile.mappings;
      const logger = createLogger({ destination: io.stdout, ...(opts.logLevel ? { level: opts.logLevel } : {}) });
      const brokerTarget = (await import("./broker/config.js")).brokerUrl(opts.broker);
      if (opts.consume && brokerTarget === undefined) throw new InputError("BROKER_URL_MISSING", "--consume needs --broker amqp://… or PICKPACK_BROKER_URL");
      // The database must exist (`pickpack init`): a typo in --db must not create a new one.
      const store = await openStore({ target, create: false, ...(opts.schema ? { schema: opts.schema } : {}) });
      // The broker (when --broker / PICKPACK_BROKER_URL is set); the outbox relay publishes through it with core's createBrokerDestination(broker).
      let broker: MessageBroker | undefined;
      let consumer: { cancel(): Promise<void> } | undefined;
      if (brokerTarget !== undefined) {
        try {
          const { openBroker } = await import("./broker/config.js");
          const amqpBroker = await openBroker({ url: brokerTarget, connectionName: "pickpack gateway", onEvent: (e) => (e.type === "disconnected" ? logger.warn(e, "broker connection lost: reconnecting") : logger.debug(e, e.type)) });
          broker = amqpBroker;
          if (opts.consume) consumer = await (await import("./broker/consumer.js")).startOrderConsumer(amqpBroker, store, { clock: io.clock, logger });
          logger.info({ broker: redact(brokerTarget), consume: opts.consume ?? false }, opts.consume ? "connected to the broker: consuming the order system's messages" : "connected to the broker");
        } catch (e) {
          await broker?.close();
          await store.close();
          throw e;
        }
      }
      let cluster: { adapter: unknown; close(): Promise<void> } | undefined;
      if (dialectOf(target) === "postgres") {
        const { createPostgresClusterAdapter } = await import("./cluster/postgres-adapter.js");
        cluster = await createPostgresClusterAdapter({ url: target, ...(opts.schema ? { schema: opts.schema } : {}) });
      }
      const packing = createPacking(store, {
        stations: stationFile.stations,
        defaults: { ...(opts.printer ? { printer: opts.printer } : {}), ...(opts.labelFormat ? { labelFormat: opts.labelFormat } : {}) },
        logger,
      });
      const packer = packing.flow;
      const { metrics, routes: metricsRoutes } = await composeMetrics(store, io, opts, logger);
      const { apiRoutes } = await import("./api/routes.js");
      const routes = [...metricsRoutes, ...apiRoutes({ store, clock: io.clock, log: logger })];
      const { OutboxRelay } = await import("@pickpack/data");
      const { relayJob } = await import("./jobs/relay.js");
      // The outbox relay runs as a job unless --no-relay (extra destinations, e.g. the broker, join its list here).
      const relay = opts.relay
        ? new OutboxRelay(store, { ...relayOptionsOf(opts, io.clock, broker ? [createBrokerDestination(broker)] : []), ...(metrics ? { onAttempt: (a) => metrics.delivery(a.destination, a.outcome) } : {}) })
        : undefined;
      const { lowStockWatch } = await import("./jobs/low-stock.js");
      const jobs = [...(relay ? [relayJob(relay, pollMsOf(opts))] : []), lowStockWatch(store, io.clock)];
      let gateway: Gateway;
      try {
        gateway = await Gateway.start(
          {
            store,
            clock: io.clock,
            logger,
            picker: pickerFlow,
            packer,
            adapter: cluster?.adapter,
            sweepIntervalMs: Number(opts.sweepSeconds) * 1000,
            metrics,
            // the picker's handheld page at / and /pick (built into handheld/dist by npm run build)
            routes: [...routes, ...staticRoutes({ root: fileURLToPath(new URL("../../handheld/dist", import.meta.url)) })],
            jobs,
            ...(opts.trustedProxy ? { trustedProxies: opts.trustedProxy } : {}),
          },
          { port, host: opts.host, ...(tls ? { tls } : {}) },
        );
      } catch (e) {
        await consumer?.cancel();
        await broker?.close();
        await cluster?.close();
        await store.close();
        if ((e as { code?: string }).code === "EADDRINUSE") throw new PickpackError("GATEWAY_PORT_IN_USE", `port ${port} is in use: is another gateway running? (use --port)`);
        throw e;
      }
      logger.info({ db: redact(target), port: gateway.port, host: opts.host, devices: opts.devices }, `pickpack gateway ready on ${tls ? "https" : "http"}://${opts.host}:${gateway.port}`);

      const sources: DeviceSource[] = [];
      if (opts.devices === "sim") {
        const station = opts.simStation;
        const { simPackScript } = await import("./stations/sim-demo.js");
        const script = await simPackScript(packing.packing, { scanIntervalMs: 2000, scaleCycleMs: 3600 });
        if (script.order) logger.info({ station, order: script.order, scans: script.scans.length }, `simulated station ${station} will pack order ${script.order} (pair a packer device for station ${station} first; with a pack station client connected, the client is in charge)`);
        else logger.warn({ station }, "no order waits for packing (status Processing): release a wave (pickpack waves plan/release) to see the simulated station pack one");
        sources.push(new SimulatedScanner({ clock: io.clock, station, name: `sim:scanner:${station}`, script: script.scans, loop: false, intervalMs: 2000 }));
        sources.push(new SimulatedScale({ clock: io.clock, station, name: `sim:scale:${station}`, weights: script.weights.length > 0 ? script.weights : [0], loop: false }));
      } else if (opts.devices === "auto") {
        try {
          sources.push(new HidDeviceManager({ hid: await io.loadHid(), clock: io.clock, stations }));
        } catch (e) {
          logger.warn({ err: (e as Error).message }, "no USB HID access: continuing without locally attached devices (see docs/devices.md)");
        }
      }
      if (opts.devices === "sim" && sources.length > 0) {
        const waitS = Number(opts.simWait);
        if (Number.isFinite(waitS) && waitS > 0 && !gateway.stationClientConnected(opts.simStation)) {
          logger.info({ station: opts.simStation }, `simulated devices wait up to ${waitS} s for pack station ${opts.simStation} to connect (pickpack pack --station ${opts.simStation})`);
          const connected = await Promise.race([gateway.waitForStationClient(opts.simStation, waitS * 1000), io.interrupted.then(() => false)]);
          logger.info({ station: opts.simStation, connected }, connected ? `pack station ${opts.simStation} connected: simulated devices start` : "no pack station connected: simulated devices start without one");
        }
      }
      for (const s of sources) await s.start((e) => gateway.deviceEvent(e));

      await io.interrupted;
      logger.info({}, "stopping: finishing in-flight commands");
      for (const s of sources) await s.stop().catch(() => undefined);
      relay?.interrupt();
      await consumer?.cancel();
      await gateway.stop();
      await relay?.stop();
      await broker?.close();
      await cluster?.close();
      await store.close();
}

/** GET /metrics (Prometheus), unless --no-metrics. */
async function composeMetrics(store: SqlStore, io: GatewayIO, opts: GatewayCommandOptions, log: GatewayLogger) {
  if (!opts.metrics) return { metrics: undefined, routes: [] };
  const { createPromMetrics } = await import("./metrics/prom.js");
  const { DbSampler } = await import("./metrics/db-sampler.js");
  const { metricsRoute } = await import("./metrics/route.js");
  const metrics = createPromMetrics();
  const token = opts.metricsToken ?? process.env.PICKPACK_METRICS_TOKEN;
  if (token !== undefined && token.trim() === "") throw new InputError("ARGUMENT_INVALID", "--metrics-token (or PICKPACK_METRICS_TOKEN) is empty");
  const sampler = new DbSampler({ store, clock: io.clock, metrics });
  return { metrics, routes: [metricsRoute({ metrics, sampler, log, ...(token !== undefined ? { token } : {}), ...(opts.metricsLocalOnly ? { loopbackOnly: true } : {}) })] };
}
