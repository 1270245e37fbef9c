/**
 * The gateway node: wires the HTTP routes (http/), the socket transport and its dispatch table
 * (socket/), the idempotent group-committed commands (commands/), the picker and packer flows
 * (flows/), the locally attached station devices (stations/) and the background jobs (jobs/), and
 * runs their lifecycle: start listening, graceful stop. Time comes only from the injected clock.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { DomainError, type Clock, type DeviceEvent, type ScanRulesConfig } from "@pickpack/core";
import { GatewayRepo, PairingAttempts, toDeviceInfo, type PairingAttemptLimit, type SqlStore } from "@pickpack/data";
import { DeviceTokens } from "./auth/tokens.js";
import { BackgroundTasks } from "./commands/background.js";
import { CommitQueue } from "./commands/commit-queue.js";
import { CommandExecutor } from "./commands/idempotent.js";
import { unavailablePackerFlow, unavailablePickerFlow, type PackerFlow, type PickerFlow } from "./flows/flows.js";
import { healthRoute } from "./http/health.js";
import { pairingRoute } from "./http/pairing.js";
import { httpRouter, matchRoute, type Route } from "./http/router.js";
import { revocationPoll } from "./jobs/revocations.js";
import { JobRunner, type Job } from "./jobs/runner.js";
import { reservationSweeper } from "./jobs/sweeper.js";
import { noMetrics, type GatewayMetrics } from "./metrics/metrics.js";
import { silentLogger, type GatewayLogger } from "./shared/logger.js";
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from "./shared/rate-limit.js";
import { LocalConnections } from "./socket/connections.js";
import { EventDispatcher } from "./socket/dispatcher.js";
import { EVENTS, type EventTable, type GatewayServices } from "./socket/events.js";
import { handshake, type Session } from "./socket/session.js";
import { startSocketServer, type Connection, type ListenOptions, type SocketHub } from "./socket/transport.js";
import { clientAddress, trustedProxies } from "./auth/client-address.js";
import { LocalStations } from "./stations/local-stations.js";

export { errorBody } from "./shared/errors.js";

export interface GatewayOptions {
  readonly store: SqlStore;
  /** The only source of time (main.ts composes the system clock; tests pass their own). */
  readonly clock: Clock;
  /** Token signing secret (≥ 32 chars). Default: PICKPACK_GATEWAY_SECRET, else one generated once and kept in the database. */
  readonly secret?: string;
  readonly tokenTtlSeconds?: number;
  readonly logger?: GatewayLogger;
  /** This node's name in logs and scan.recorded (default host:pid). */
  readonly node?: string;
  readonly rateLimit?: RateLimitOptions;
  readonly picker?: PickerFlow;
  readonly packer?: PackerFlow;
  /** Socket.IO adapter for multi-node (cluster/postgres-adapter.ts). */
  readonly adapter?: unknown;
  /** How often to look for devices revoked elsewhere (CLI, other nodes), ms. Default 2000. */
  readonly revocationPollMs?: number;
  /** Reservation sweeper period, ms (default 60 000; 0 disables). */
  readonly sweepIntervalMs?: number;
  /** More HTTP routes (the order-system API, metrics, static pages), composed in main. */
  readonly routes?: readonly Route[];
  /** More background jobs (e.g. outbox delivery). */
  readonly jobs?: readonly Job[];
  readonly connectionStateRecovery?: boolean;
  /** Site scan rules for the badges of locally attached scanners (default: core's DEFAULT_SCAN_RULES). */
  readonly scanRules?: ScanRulesConfig;
  /** The dispatch table (default: socket/events.ts). */
  readonly events?: EventTable;
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client (pairing limits). */
  readonly trustedProxies?: readonly string[];
  /** Pairing attempts per client address per window (default data's PAIRING_ATTEMPT_LIMIT). */
  readonly pairingAttempts?: PairingAttemptLimit;
  /** Where request/ack latency, connections and scan results are recorded (metrics/; served by metricsRoute). */
  readonly metrics?: GatewayMetrics;
}

export class Gateway {
  readonly store: SqlStore;
  readonly repo: GatewayRepo;
  readonly node: string;
  readonly #clock: Clock;
  readonly #log: GatewayLogger;
  readonly #limiter: RateLimiter;
  readonly #jobs: JobRunner;
  readonly #background: BackgroundTasks;
  readonly #connections = new LocalConnections();
  readonly #dispatcher: EventDispatcher;
  readonly #stations: LocalStations;
  readonly #metrics: GatewayMetrics;
  #tokens!: DeviceTokens;
  #hub!: SocketHub;
  #stopping = false;

  private constructor(options: GatewayOptions) {
    this.store = options.store;
    this.repo = new GatewayRepo(options.store);
    this.#clock = options.clock;
    this.#log = options.logger ?? silentLogger;
    this.#metrics = options.metrics ?? noMetrics;
    this.node = options.node ?? `${hostname()}:${process.pid}`;
    this.#limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
    this.#jobs = new JobRunner(this.#log);
    this.#background = new BackgroundTasks(this.#log);
    const toRoom = (room: string, event: string, data: unknown) => this.#hub.toRoom(room, event, data);
    const commands = new CommandExecutor({
      store: this.store,
      repo: this.repo,
      commits: new CommitQueue(this.store),
      clock: this.#clock,
      log: this.#log,
      node: this.node,
      background: this.#background,
      toRoom,
      stationGrams: (station) => this.#stations.grams(station),
    });
    const app: GatewayServices = {
      store: this.store,
      repo: this.repo,
      node: this.node,
      picker: options.picker ?? unavailablePickerFlow,
      packer: options.packer ?? unavailablePackerFlow,
      isConnected: (deviceId) => this.#connections.has(deviceId),
      disconnectDevice: (deviceId, reason) => this.#disconnectDevice(deviceId, reason),
    };
    this.#dispatcher = new EventDispatcher({ table: options.events ?? EVENTS, repo: this.repo, clock: this.#clock, log: this.#log, limiter: this.#limiter, commands, app, metrics: this.#metrics });
    this.#stations = new LocalStations({
      repo: this.repo,
      clock: this.#clock,
      log: this.#log,
      background: this.#background,
      toRoom,
      hasPackerClient: (station) => this.#connections.station(station, "packer"),
      submit: (deviceId, event, payload) => this.#dispatcher.local(deviceId, event, payload),
      stopping: () => this.#stopping,
      ...(options.scanRules ? { scanRules: options.scanRules } : {}),
    });
  }

  /** Start listening (port 0 picks a free port). */
  static async start(options: GatewayOptions, listen: ListenOptions): Promise<Gateway> {
    const g = new Gateway(options);
    const secret = options.secret ?? process.env.PICKPACK_GATEWAY_SECRET ?? (await g.repo.setting("token_secret", () => randomBytes(32).toString("base64url")));
    g.#tokens = new DeviceTokens(secret, options.tokenTtlSeconds);
    const routes = [
      healthRoute(g.node, () => ({ stopping: g.#stopping, connections: g.#hub.localConnections(), inFlight: g.#dispatcher.inFlight })),
      pairingRoute({
        repo: g.repo,
        tokens: () => g.#tokens,
        clock: g.#clock,
        log: g.#log,
        attempts: new PairingAttempts(g.store, options.pairingAttempts),
        clientAddress: clientAddress(options.trustedProxies?.length ? trustedProxies(options.trustedProxies) : undefined),
      }),
      ...(options.routes ?? []),
    ];
    const http = httpRouter(routes, g.#log);
    g.#hub = await startSocketServer<Session>(
      {
        authenticate: handshake({ tokens: g.#tokens, repo: g.repo, clock: g.#clock, log: g.#log }),
        onConnection: (conn) => g.#onConnection(conn),
        http: (req, res) => {
          const elapsed = g.#metrics.timer();
          const route = matchRoute(routes, req.method ?? "GET", (req.url ?? "/").split("?")[0] ?? "/")?.path ?? "unmatched";
          res.once("finish", () => g.#metrics.httpRequest(req.method ?? "GET", route, res.statusCode, elapsed()));
          void http(req, res);
        },
        adapter: options.adapter,
        connectionStateRecovery: options.connectionStateRecovery ?? false,
      },
      listen,
    );
    g.#jobs.start([
      revocationPoll({ repo: g.repo, clock: g.#clock, log: g.#log, connectionsOf: (id) => g.#connections.of(id), stopping: () => g.#stopping }, options.revocationPollMs ?? 2000),
      reservationSweeper(g.store, g.#clock, g.node, options.sweepIntervalMs ?? 60_000),
      ...(options.jobs ?? []),
    ]);
    g.#log.info({ node: g.node, port: g.#hub.port, dialect: g.store.dialect, cluster: Boolean(options.adapter) }, "gateway listening");
    return g;
  }

  get port(): number {
    return this.#hub.port;
  }

  /** Issue a token for a device (tests, tools): the same signing as POST /v1/pair. */
  async issueToken(deviceId: string): Promise<string> {
    const d = await this.repo.getDevice(deviceId);
    if (!d) throw new DomainError("UNKNOWN_DEVICE", `no device ${deviceId}`);
    return (await this.#tokens.issue(toDeviceInfo(d), this.#clock.now())).token;
  }

  /** Graceful stop: refuse new connections and events, finish in-flight commits, close sockets. The caller closes the store. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#hub.stopAccepting();
    const idle = this.#dispatcher.stop();
    await this.#jobs.stop();
    await idle;
    await this.#background.drain();
    await this.#hub.close();
    this.#log.info({ node: this.node }, "gateway stopped");
  }

  // ------------------------------------------------------------ locally attached devices (stations/)

  /** Whether a pack station client of `station` is connected to this node. */
  stationClientConnected(station: string): boolean {
    return this.#connections.station(station);
  }

  /** Resolve when a client of `station` connects to this node (true) or after `timeoutMs` (false). */
  waitForStationClient(station: string, timeoutMs: number): Promise<boolean> {
    return this.#connections.waitForStation(station, timeoutMs, () => this.#stopping);
  }

  /** A read of a scanner or scale attached to this host (see stations/local-stations.ts). */
  deviceEvent(e: DeviceEvent): void {
    this.#stations.deviceEvent(e);
  }

  // ------------------------------------------------------------ connections

  #onConnection(conn: Connection<Session>) {
    const s = conn.session;
    conn.join(`device:${s.deviceId}`);
    conn.join(`role:${s.role}`);
    if (s.station) conn.join(`station:${s.station}`);
    if (!this.#connections.has(s.deviceId)) this.#metrics.deviceConnected(s.role);
    this.#connections.add(conn);
    this.#log.info({ device: s.deviceId, role: s.role, conn: conn.id, remote: conn.remoteAddress }, "device connected");
    return {
      onEvent: (event: string, payload: unknown, ack: ((response: unknown) => void) | undefined) => this.#dispatcher.enqueue(conn, event, payload, ack),
      onDisconnect: (reason: string) => {
        if (this.#connections.remove(conn)) {
          this.#limiter.forget(s.deviceId);
          this.#dispatcher.forget(s.deviceId);
          this.#metrics.deviceDisconnected(s.role);
        }
        this.#log.info({ device: s.deviceId, conn: conn.id, reason }, "device disconnected");
      },
    };
  }

  #disconnectDevice(deviceId: string, reason: string): void {
    const room = `device:${deviceId}`;
    this.#hub.toRoom(room, "revoked", { deviceId, reason });
    this.#hub.disconnectRoom(room);
    this.#log.warn({ device: deviceId, reason }, "device revoked: disconnected");
  }
}
