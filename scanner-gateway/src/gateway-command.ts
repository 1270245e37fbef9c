/**
 * `pickpack-gateway gateway …` (and `pickpack gateway …`, which spawns this binary): run the scanner
 * gateway service until SIGTERM/SIGINT, then stop gracefully (no new connections or events, finish
 * in-flight commits, close sockets, close the store).
 */
import { fileURLToPath } from "node:url";
import { Option, type Command } from "commander";
import { InputError, PickpackError, type DeviceSource } from "@pickpack/core";
import { DEFAULT_DATABASE_PATH, dialectOf, openStore, redact } from "@pickpack/data";
import type { GatewayIO } from "./devices/command.js";
import { HidDeviceManager } from "./devices/hid-devices.js";
import { SimulatedScale, SimulatedScanner } from "./devices/simulated.js";
import type { Gateway } from "./gateway.js";
import { readStationMapFile, type StationMapFile } from "./stations/station-map.js";

export { readStationMap, readStationMapFile, type StationMapFile } from "./stations/station-map.js";

export const DEFAULT_GATEWAY_PORT = 7420;

interface GatewayCommandOptions {
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
}

export function registerGatewayCommand(program: Command, io: GatewayIO): void {
  program
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
    .option("--log-level <level>", "pino log level (info, debug, warn)")
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
      const stationFile: StationMapFile = opts.stationMap ? readStationMapFile(opts.stationMap) : { mappings: [], stations: {} };
      const stations = stationFile.mappings;
      const logger = createLogger({ destination: io.stdout, ...(opts.logLevel ? { level: opts.logLevel } : {}) });
      const store = await openStore({ target, ...(opts.schema ? { schema: opts.schema } : {}) });
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
            // the picker's handheld page at / and /pick (built into handheld/dist by npm run build)
            routes: [...staticRoutes({ root: fileURLToPath(new URL("../../handheld/dist", import.meta.url)) })],
          },
          { port, host: opts.host },
        );
      } catch (e) {
        await cluster?.close();
        await store.close();
        if ((e as { code?: string }).code === "EADDRINUSE") throw new PickpackError("GATEWAY_PORT_IN_USE", `port ${port} is in use: is another gateway running? (use --port)`);
        throw e;
      }
      logger.info({ db: redact(target), port: gateway.port, host: opts.host, devices: opts.devices }, `pickpack gateway ready on http://${opts.host}:${gateway.port}`);

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
      await gateway.stop();
      await cluster?.close();
      await store.close();
}
