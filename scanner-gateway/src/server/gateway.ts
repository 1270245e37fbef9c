/**
 * The gateway: authenticates paired devices, checks each event (role allowlist, per-device rate
 * limit, zod validation) before any domain code, records every command idempotently with its first
 * ack in the same transaction as the domain change, acks only after the commit, and delivers the
 * per-device sequenced feed (live after commit, `feed.sync` to catch up).
 */
import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  COMMAND_EVENTS,
  DomainError,
  EVENT_ROLES,
  GatewayErrorCode,
  InputError,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
  PickpackError,
  type Clock,
  type ClientEventName,
  type DeviceEvent,
  type DeviceRole,
  type ErrorBody,
  type FeedItem,
  type FeedType,
  type HelloData,
  type PairResponse,
  type ScanRecorded,
  type UserInfo,
} from "@pickpack/core";
import { GatewayRepo, toDeviceInfo, transactionBatch, withSavepoint, type BatchOutcome, type DeviceRow, type SqlStore, type StoreTransaction } from "@pickpack/data";
import { DeviceTokens } from "./auth.js";
import { unavailablePackerFlow, unavailablePickerFlow, type CommandScope, type LaterScope, type PackerFlow, type PickerFlow, type QueryScope } from "./flows.js";
import { JobRunner, type Job } from "./jobs.js";
import { silentLogger, type GatewayLogger } from "./logger.js";
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from "./rate-limit.js";
import { pairRequestSchema, parsePayload } from "./schemas.js";
import { HandshakeRefused, startSocketServer, type Connection, type SocketHub } from "./socket-server.js";

export interface GatewayOptions {
  readonly store: SqlStore;
  /** Token signing secret (≥ 32 chars). Default: PICKPACK_GATEWAY_SECRET, else one generated once and kept in the database. */
  readonly secret?: string;
  readonly tokenTtlSeconds?: number;
  readonly clock?: Clock;
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
  /** More background jobs (e.g. outbox delivery). */
  readonly jobs?: readonly Job[];
  readonly connectionStateRecovery?: boolean;
}

interface Session {
  readonly deviceId: string;
  readonly role: DeviceRole;
  readonly station: string | null;
}

const COMMANDS = new Set<string>(COMMAND_EVENTS);
class NotLoggedIn extends Error {}

type CommandOutcome =
  | { kind: "unrecorded"; ack: { ok: false; error: ErrorBody } }
  | { kind: "replay"; ackText: string }
  | { kind: "recorded"; ackText: string; id: number; ok: boolean; code: string | null; userId: string | null };

/**
 * Group commit: commands from all devices queue here and run in batches, one transaction (one
 * fsync) per batch, each command in its own savepoint. Acks go out after the batch commits.
 */
class CommitQueue {
  readonly #store: SqlStore;
  readonly #max: number;
  #queue: { job: (tx: StoreTransaction) => Promise<unknown>; done: (o: BatchOutcome<unknown>) => void }[] = [];
  #draining = false;
  constructor(store: SqlStore, max = 200) {
    this.#store = store;
    this.#max = max;
  }

  submit<T>(job: (tx: StoreTransaction) => Promise<T>): Promise<BatchOutcome<T>> {
    return new Promise((resolve) => {
      this.#queue.push({ job, done: resolve as (o: BatchOutcome<unknown>) => void });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        // Let the event loop read the sockets first: better-sqlite3 runs each transaction without
        // yielding, so without this every batch would hold just the one command that started it
        // (one commit and one fsync per scan). One turn of the loop gathers what arrived meanwhile.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.#queue.splice(0, this.#max);
        try {
          const out = await transactionBatch(this.#store, batch.map((b) => b.job));
          batch.forEach((b, i) => b.done(out[i]!));
        } catch (error) {
          for (const b of batch) b.done({ ok: false, error });
        }
      }
    } finally {
      this.#draining = false;
    }
  }
}

type AckFn = (response: unknown) => void;

export function errorBody(e: PickpackError): ErrorBody {
  const issues = e instanceof InputError && e.issues.length > 0 ? { issues: e.issues.map((i) => ({ path: i.field ?? "", message: i.message })) } : {};
  let details: Record<string, unknown> | undefined;
  if (e.details) {
    try {
      details = JSON.parse(JSON.stringify(e.details)) as Record<string, unknown>;
    } catch {
      details = undefined;
    }
  }
  return { code: e.code, message: e.message, ...issues, ...(details ? { details } : {}) };
}

const fail = (code: string, message: string, extra: Partial<ErrorBody> = {}) => ({ ok: false as const, error: { code, message, ...extra } });

export class Gateway {
  readonly store: SqlStore;
  readonly repo: GatewayRepo;
  readonly node: string;
  readonly #clock: Clock;
  readonly #log: GatewayLogger;
  readonly #limiter: RateLimiter;
  readonly #picker: PickerFlow;
  readonly #packer: PackerFlow;
  readonly #jobs: JobRunner;
  readonly #commits: CommitQueue;
  #tokens!: DeviceTokens;
  #hub!: SocketHub;
  #stopping = false;
  #inFlight = 0;
  #idle: (() => void) | undefined;
  readonly #queues = new Map<string, Promise<void>>();
  readonly #local = new Map<string, Set<Connection<Session>>>();
  readonly #pairFailures = new Map<string, { count: number; until: number }>();
  readonly #stationWeights = new Map<string, { grams: number; at: number }>();
  /** Post-commit work (label printing …) that a graceful stop waits for. */
  readonly #background = new Set<Promise<void>>();
  /** Per station: a scale reading was unstable or empty since the last weight the gateway applied itself. */
  readonly #scaleArmed = new Map<string, boolean>();
  #localScanCounter = 0;
  #revocationTimer: NodeJS.Timeout | undefined;
  #revocationsSeen = new Set<string>();
  #lastRevocationCheck = "";

  private constructor(options: GatewayOptions) {
    this.store = options.store;
    this.repo = new GatewayRepo(options.store);
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#log = options.logger ?? silentLogger;
    this.node = options.node ?? `${hostname()}:${process.pid}`;
    this.#limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
    this.#picker = options.picker ?? unavailablePickerFlow;
    this.#packer = options.packer ?? unavailablePackerFlow;
    this.#jobs = new JobRunner(this.#log);
    this.#commits = new CommitQueue(options.store);
  }

  /** Start listening (port 0 picks a free port). */
  static async start(options: GatewayOptions, listen: { port: number; host?: string }): Promise<Gateway> {
    const g = new Gateway(options);
    const secret = options.secret ?? process.env.PICKPACK_GATEWAY_SECRET ?? (await g.repo.setting("token_secret", () => randomBytes(32).toString("base64url")));
    g.#tokens = new DeviceTokens(secret, options.tokenTtlSeconds);
    g.#hub = await startSocketServer<Session>(
      {
        authenticate: (auth, remote) => g.#authenticate(auth, remote),
        onConnection: (conn) => g.#onConnection(conn),
        http: (req, res) => void g.#http(req, res),
        adapter: options.adapter,
        connectionStateRecovery: options.connectionStateRecovery ?? false,
      },
      listen,
    );
    g.#lastRevocationCheck = new Date(g.#clock.now()).toISOString();
    const poll = options.revocationPollMs ?? 2000;
    if (poll > 0) {
      g.#revocationTimer = setInterval(() => void g.#pollRevocations(), poll);
      g.#revocationTimer.unref();
    }
    g.#jobs.start([
      {
        name: "reservation-sweeper",
        everyMs: options.sweepIntervalMs ?? 60_000,
        run: async () => {
          const out = await g.store.sweepExpiredReservations({ now: g.#clock.now(), actor: `gateway:${g.node}` });
          return out.expired.length > 0 ? { expired: out.expired } : {};
        },
      },
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
    if (!d) throw new DomainError(GatewayErrorCode.UnknownDevice, `no device ${deviceId}`);
    return (await this.#tokens.issue(toDeviceInfo(d), this.#clock.now())).token;
  }

  /** Graceful stop: refuse new connections and events, finish in-flight commits, close sockets. The caller closes the store. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#hub.stopAccepting();
    if (this.#revocationTimer) clearInterval(this.#revocationTimer);
    await this.#jobs.stop();
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
    await this.#hub.close();
    this.#log.info({ node: this.node }, "gateway stopped");
  }

  // ------------------------------------------------------------ locally attached devices

  /**
   * Feed an event from a scanner or scale attached to this host (DeviceManager) to its station.
   * With a pack-station client of that station connected to this node, the client is in charge: it
   * gets `device.scan` (and sends it back as a command with its own scanId) and `scale` readings.
   * Without one (a headless station, the `--devices sim` demo), the gateway applies the reads itself
   * to the station's paired packer device: badges log in (or override a refused weight), command
   * barcodes act, other codes are pack scans, and a stable weight after an unstable or empty reading
   * is the carton's weight while the station waits for one.
   */
  /** Whether a pack station client of `station` is connected to this node. */
  stationClientConnected(station: string): boolean {
    for (const conns of this.#local.values()) for (const c of conns) if (c.session.station === station) return true;
    return false;
  }

  /** Resolve when a client of `station` connects to this node (true) or after `timeoutMs` (false). */
  async waitForStationClient(station: string, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (!this.stationClientConnected(station)) {
      if (Date.now() >= end || this.#stopping) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  }

  deviceEvent(e: DeviceEvent): void {
    const station = e.device?.station;
    if (e.type === "scan") {
      this.#log.info({ station, device: e.device?.id, code: e.text.slice(0, 64) }, "station scanner read");
      if (!station) return;
      if (this.#stationHasClient(station)) this.#hub.toRoom(`station:${station}`, "device.scan", { station, code: e.text, aim: e.aim ?? null, at: new Date(e.at).toISOString() });
      else this.#applyLocal(station, { kind: "scan", code: e.text });
    } else if (e.type === "weight") {
      const grams = Math.round(e.reading.grams);
      if (station && e.stable) this.#stationWeights.set(station, { grams, at: e.at });
      if (station) this.#hub.toRoom(`station:${station}`, "scale", { station, grams, stable: e.stable, at: new Date(e.at).toISOString() });
      if (e.stable) this.#log.info({ station, device: e.device?.id, grams }, "station scale stable");
      if (!station) return;
      if (!e.stable || grams <= 0) this.#scaleArmed.set(station, true);
      else if (this.#scaleArmed.get(station) !== false && !this.#stationHasClient(station)) {
        this.#scaleArmed.set(station, false);
        this.#applyLocal(station, { kind: "weight", grams });
      }
    } else {
      this.#log.info({ device: e.device?.id, type: e.type, ...("message" in e ? { message: e.message } : {}) }, `device ${e.type}`);
    }
  }

  #stationHasClient(station: string): boolean {
    for (const conns of this.#local.values()) for (const c of conns) if (c.session.role === "packer" && c.session.station === station) return true;
    return false;
  }

  /** Apply a read of a locally attached scanner/scale to a headless station (see deviceEvent). */
  #applyLocal(station: string, read: { kind: "scan"; code: string } | { kind: "weight"; grams: number }): void {
    if (this.#stopping) return;
    const task = async () => {
      const device = await this.store.kysely
        .selectFrom("gateway_devices")
        .selectAll()
        .where("station", "=", station)
        .where("role", "=", "packer")
        .where("revoked_at", "is", null)
        .orderBy("paired_at", "desc")
        .executeTakeFirst();
      if (!device) {
        this.#log.warn({ station, read: read.kind }, "station read ignored: no packer device is paired for this station (pickpack devices pair --role packer --station …)");
        return;
      }
      const phase = device.state ? ((JSON.parse(device.state) as { phase?: string }).phase ?? "idle") : "idle";
      let event: ClientEventName;
      let payload: Record<string, unknown>;
      if (read.kind === "weight") {
        if (!device.user_id || (phase !== "weigh" && phase !== "weight-refused")) return; // nothing waits for a weight
        event = "pack.weight";
        payload = { grams: read.grams };
      } else {
        const code = read.code.trim();
        if (/^BADGE-[A-Za-z0-9]+$/.test(code)) {
          if (!device.user_id) [event, payload] = ["session.login", { badge: code }];
          else if (phase === "weight-refused") [event, payload] = ["pack.override", { supervisorBadge: code, reason: `supervisor badge scanned at station ${station}` }];
          else [event, payload] = ["session.logout", {}];
        } else if (code === "CMD-CLOSE") [event, payload] = ["pack.close", {}];
        else if (code === "CMD-WEIGH") [event, payload] = ["pack.weight", {}];
        else if (code === "CMD-LOGOUT") [event, payload] = ["session.logout", {}];
        else [event, payload] = ["pack.scan", { code }];
      }
      const parsed = parsePayload(event, { scanId: `local:${station}:${Date.now().toString(36)}:${++this.#localScanCounter}`, ...payload });
      if (!parsed.ok) {
        this.#log.warn({ station, event, issues: parsed.issues }, "station read refused: invalid");
        return;
      }
      await new Promise<void>((resolve) => {
        void this.#command(null, device.id, event, parsed.value as { scanId: string }, this.#clock.now(), (r) => {
          const a = r as { ok: boolean; data?: { step?: string; message?: string; state?: { phase?: string; orderNumber?: string | null } }; error?: ErrorBody };
          if (a.ok) this.#log.info({ station, device: device.id, event, step: a.data?.step, phase: a.data?.state?.phase, order: a.data?.state?.orderNumber }, `station ${station}: ${a.data?.message ?? event}`);
          else this.#log.warn({ station, device: device.id, event, code: a.error?.code }, `station ${station} refused: ${a.error?.message ?? ""}`);
        }).finally(resolve);
      });
    };
    this.#serial(`local:${station}`, task);
  }

  /** Run tasks of one key one after the other; a graceful stop waits for them. */
  #serial(key: string, task: () => Promise<void>): void {
    const prev = this.#queues.get(key) ?? Promise.resolve();
    const next = prev.then(task).catch((e: unknown) => this.#log.error({ err: e, key }, "local device task failed"));
    this.#queues.set(key, next);
    const tracked = next.finally(() => {
      if (this.#queues.get(key) === next) this.#queues.delete(key);
      this.#background.delete(tracked);
    });
    this.#background.add(tracked);
  }

  #runLater(fn: (l: LaterScope) => Promise<void>): void {
    const p = (async () => {
      try {
        await fn({
          transaction: async (body) => {
            const posts: (() => void)[] = [];
            const out = await this.store.transaction((tx) =>
              body(tx, async (deviceId, type, data) => {
                const item = await this.repo.appendFeed(tx, deviceId, type, data, this.#clock.now());
                posts.push(() => this.#hub.toRoom(`device:${deviceId}`, "feed", item));
                return item;
              }),
            );
            for (const post of posts) post();
            return out;
          },
        });
      } catch (e) {
        this.#log.error({ err: e }, "post-commit task failed");
      }
    })();
    this.#background.add(p);
    void p.finally(() => this.#background.delete(p));
  }

  // ------------------------------------------------------------ HTTP

  async #http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    try {
      const path = (req.url ?? "/").split("?")[0];
      if (req.method === "GET" && path === "/healthz") {
        if (this.#stopping) return send(503, { status: "stopping", node: this.node });
        return send(200, { status: "ok", node: this.node, connections: this.#hub.localConnections(), inFlight: this.#inFlight, protocol: PROTOCOL_VERSION });
      }
      if (req.method === "POST" && path === "/v1/pair") return await this.#pair(req, send);
      send(404, { error: { code: "NOT_FOUND", message: `no route ${req.method ?? ""} ${path ?? ""}` } });
    } catch (e) {
      this.#log.error({ err: e }, "http handler failed");
      if (!res.headersSent) send(500, { error: { code: GatewayErrorCode.Internal, message: "internal error" } });
    }
  }

  async #pair(req: IncomingMessage, send: (status: number, body: unknown) => void): Promise<void> {
    const remote = req.socket.remoteAddress ?? "?";
    const now = this.#clock.now();
    const f = this.#pairFailures.get(remote);
    if (f && f.count >= 20 && f.until > now) {
      return send(429, { error: { code: GatewayErrorCode.RateLimited, message: "too many wrong pairing codes from this address: wait 10 minutes" } });
    }
    let raw = "";
    for await (const chunk of req) {
      raw += (chunk as Buffer).toString("utf8");
      if (raw.length > 1024) return send(413, { error: { code: GatewayErrorCode.InvalidPayload, message: "request body too large" } });
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return send(400, { error: { code: GatewayErrorCode.InvalidPayload, message: 'body must be JSON: {"code": "ABC-DEFGH"}' } });
    }
    const parsed = pairRequestSchema.safeParse(json);
    if (!parsed.success) return send(400, { error: { code: GatewayErrorCode.InvalidPayload, message: 'body must be {"code": "ABC-DEFGH"}' } });
    try {
      const device = await this.repo.redeemPairingCode(parsed.data.code, now);
      const { token, expiresAt } = await this.#tokens.issue(device, now);
      this.#log.info({ device: device.id, role: device.role, station: device.station }, "device paired");
      send(200, { token, device, expiresAt } satisfies PairResponse);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const prev = this.#pairFailures.get(remote);
      this.#pairFailures.set(remote, { count: (prev && prev.until > now ? prev.count : 0) + 1, until: now + 10 * 60_000 });
      this.#log.warn({ remote, code: e.code }, "pairing refused");
      const status = e.code === GatewayErrorCode.PairingCodeLocked ? 423 : e.code === GatewayErrorCode.PairingCodeExpired || e.code === GatewayErrorCode.PairingCodeUsed ? 410 : 400;
      send(status, { error: errorBody(e) });
    }
  }

  // ------------------------------------------------------------ connections

  async #authenticate(auth: Readonly<Record<string, unknown>>, remote: string): Promise<Session> {
    const now = this.#clock.now();
    const v = await this.#tokens.verify(auth.token, now);
    if (!v.ok) {
      this.#log.warn({ remote, code: v.error.code }, "handshake refused");
      throw new HandshakeRefused(v.error);
    }
    const d = await this.repo.getDevice(v.claims.deviceId);
    if (!d) throw new HandshakeRefused({ code: GatewayErrorCode.Unauthorized, message: "this device is not paired with this site" });
    if (d.revoked_at) {
      this.#log.warn({ remote, device: d.id }, "revoked device refused");
      throw new HandshakeRefused({ code: GatewayErrorCode.DeviceRevoked, message: `this device was revoked at ${d.revoked_at}: ask a supervisor to pair it again` });
    }
    return { deviceId: d.id, role: d.role as DeviceRole, station: d.station };
  }

  #onConnection(conn: Connection<Session>) {
    const s = conn.session;
    conn.join(`device:${s.deviceId}`);
    conn.join(`role:${s.role}`);
    if (s.station) conn.join(`station:${s.station}`);
    let set = this.#local.get(s.deviceId);
    if (!set) this.#local.set(s.deviceId, (set = new Set()));
    set.add(conn);
    this.#log.info({ device: s.deviceId, role: s.role, conn: conn.id, remote: conn.remoteAddress }, "device connected");
    return {
      onEvent: (event: string, payload: unknown, ack: AckFn | undefined) => this.#enqueue(conn, event, payload, ack),
      onDisconnect: (reason: string) => {
        set.delete(conn);
        if (set.size === 0) {
          this.#local.delete(s.deviceId);
          this.#limiter.forget(s.deviceId);
        }
        this.#log.info({ device: s.deviceId, conn: conn.id, reason }, "device disconnected");
      },
    };
  }

  /** Events of one device run one after the other (in order), devices in parallel. */
  #enqueue(conn: Connection<Session>, event: string, payload: unknown, ack: AckFn | undefined): void {
    const reply: AckFn = (r) => {
      try {
        ack?.(r);
      } catch {
        /* socket gone */
      }
    };
    if (this.#stopping) return reply(fail(GatewayErrorCode.Unavailable, "the gateway is shutting down; retry shortly"));
    const id = conn.session.deviceId;
    this.#inFlight++;
    const prev = this.#queues.get(id) ?? Promise.resolve();
    const next = prev
      .then(() => this.#handle(conn, event, payload, reply))
      .catch((e: unknown) => {
        this.#log.error({ err: e, device: id, event }, "event failed");
        reply(fail(GatewayErrorCode.Internal, "internal error: the command was not applied; retry"));
      })
      .finally(() => {
        if (this.#queues.get(id) === next) this.#queues.delete(id);
        if (--this.#inFlight === 0 && this.#idle) this.#idle();
      });
    this.#queues.set(id, next);
  }

  async #handle(conn: Connection<Session>, event: string, payload: unknown, reply: AckFn): Promise<void> {
    const s = conn.session;
    if (!Object.hasOwn(EVENT_ROLES, event)) return reply(fail(GatewayErrorCode.UnknownEvent, `unknown event ${JSON.stringify(event.slice(0, 64))}`));
    const name = event as ClientEventName;
    if (!EVENT_ROLES[name].includes(s.role)) {
      this.#log.warn({ device: s.deviceId, role: s.role, event }, "event refused for role");
      return reply(fail(GatewayErrorCode.Forbidden, `a ${s.role} device may not send ${event}`));
    }
    if (!this.#limiter.take(s.deviceId, this.#clock.now())) return reply(fail(GatewayErrorCode.RateLimited, "too many events from this device: slow down"));
    const parsed = parsePayload(name, payload);
    if (!parsed.ok) return reply(fail(GatewayErrorCode.InvalidPayload, `invalid ${event} payload: ${parsed.issues.map((i) => `${i.path || "(payload)"}: ${i.message}`).join("; ")}`, { issues: parsed.issues }));
    const now = this.#clock.now();
    const value = parsed.value as Record<string, unknown>;
    // Commands read the device inside their transaction; queries read it here.
    if (COMMANDS.has(name)) return this.#command(conn, s.deviceId, name, value as { scanId: string }, now, reply);
    const device = await this.repo.getDevice(s.deviceId);
    if (!device || device.revoked_at) {
      reply(fail(GatewayErrorCode.DeviceRevoked, "this device was revoked"));
      conn.disconnect();
      return;
    }
    return reply(await this.#query(conn, device, name, value, now));
  }

  // ------------------------------------------------------------ queries

  async #query(conn: Connection<Session>, device: DeviceRow, event: ClientEventName, p: Record<string, unknown>, now: number): Promise<unknown> {
    const q: QueryScope = { store: this.store, repo: this.repo, device, now };
    const okData = (data: unknown) => ({ ok: true, data });
    try {
      switch (event) {
        case "hello": {
          const user = device.user_id ? await this.repo.getUser(device.user_id) : undefined;
          const data: HelloData = { protocol: PROTOCOL_VERSION, device: toDeviceInfo(device), user: user ?? null, latestSeq: Number(device.feed_seq), serverTime: new Date(now).toISOString(), node: this.node };
          return okData(data);
        }
        case "feed.sync":
          return okData(await this.repo.readFeed(device.id, p.after as number, (p.limit as number | undefined) ?? PROTOCOL_LIMITS.feedPageSize));
        case "pick.next":
          return okData({ task: await this.#picker.next(q) });
        case "pack.state":
          return okData({ state: await this.#packer.state(q) });
        case "supervisor.watch":
          conn.join("supervisors");
          return okData({ watching: true });
        case "devices.list": {
          const devices = await this.repo.listDevices();
          return okData({ devices: devices.map((d) => ({ ...d, connected: this.#local.has(d.id) })) });
        }
        default:
          return fail(GatewayErrorCode.UnknownEvent, `unknown event ${event}`);
      }
    } catch (e) {
      if (e instanceof PickpackError) return { ok: false, error: errorBody(e) };
      throw e;
    }
  }

  // ------------------------------------------------------------ commands

  async #command(conn: Connection<Session> | null, deviceId: string, event: ClientEventName, p: { scanId: string }, now: number, reply: AckFn): Promise<void> {
    const hash = createHash("sha256").update(`${event}\n${JSON.stringify(p)}`).digest("hex");
    const posts: (() => void)[] = [];
    const refusalEffects: (() => Promise<void>)[] = [];
    const outcome = await this.#commits.submit(async (tx): Promise<CommandOutcome> => {
      posts.length = 0;
      refusalEffects.length = 0;
      // Read the device inside the transaction: the logged-in user and revocation are authoritative here.
      const d = await this.repo.getDevice(deviceId, tx.db);
      if (!d || d.revoked_at) return { kind: "unrecorded", ack: fail(GatewayErrorCode.DeviceRevoked, "this device was revoked") };
      const user: UserInfo | null = d.user_id ? ((await this.repo.getUser(d.user_id, tx.db)) ?? null) : null;
      const id = await this.repo.claimScan(tx, { deviceId: d.id, scanId: p.scanId, event, userId: user?.id ?? null, payloadHash: hash, now });
      if (id === undefined) {
        const row = await this.repo.findScan(d.id, p.scanId, tx.db);
        if (!row) throw new Error("scan claimed by another transaction but not found");
        if (row.payload_hash !== hash) return { kind: "unrecorded", ack: fail(GatewayErrorCode.ScanIdReused, `scanId ${p.scanId} was already used on this device for another command (${row.event}); generate a new one`) };
        return { kind: "replay", ackText: row.ack };
      }
      if (event !== "session.login" && !user) throw new NotLoggedIn();
      let ackText: string;
      let ok = true;
      let code: string | null = null;
      try {
        const scope = this.#scope(tx, d, user, now, posts, refusalEffects);
        const data = await withSavepoint(tx, "command", () => this.#run(scope, event, p));
        ackText = JSON.stringify({ ok: true, data });
      } catch (e) {
        if (!(e instanceof DomainError || e instanceof InputError)) throw e;
        // A refusal changes nothing but is recorded, so a resend gets the same answer.
        posts.length = 0;
        // Display state that shows the refusal (e.g. a pack station's refused weight), after the rollback.
        for (const effect of refusalEffects.splice(0)) await effect();
        ackText = JSON.stringify({ ok: false, error: errorBody(e) });
        ok = false;
        code = e.code;
      }
      await this.repo.completeScan(tx, id, ackText, ok, code);
      return { kind: "recorded", ackText, id, ok, code, userId: user?.id ?? null };
    });
    if (!outcome.ok) {
      if (outcome.error instanceof NotLoggedIn) return reply(fail(GatewayErrorCode.NotLoggedIn, "scan your badge first"));
      throw outcome.error;
    }
    const r = outcome.value;
    if (r.kind === "unrecorded") {
      reply(r.ack);
      if (r.ack.error.code === GatewayErrorCode.DeviceRevoked) conn?.disconnect();
      return;
    }
    if (r.kind === "replay") {
      this.#log.debug({ device: deviceId, scanId: p.scanId }, "scan replayed");
      return reply(JSON.parse(r.ackText));
    }
    // Committed: now (and only now) answer and publish.
    reply(JSON.parse(r.ackText));
    for (const post of posts) post();
    const rec: ScanRecorded = { id: r.id, deviceId, userId: r.userId, scanId: p.scanId, event, ok: r.ok, code: r.code, at: new Date(now).toISOString(), node: this.node };
    this.#hub.toRoom("supervisors", "scan.recorded", rec);
    this.#log[r.ok ? "debug" : "info"]({ device: deviceId, user: r.userId, scanId: p.scanId, event, ok: r.ok, code: r.code }, r.ok ? "scan recorded" : "scan refused");
  }

  #scope(tx: StoreTransaction, device: DeviceRow, user: UserInfo | null, now: number, posts: (() => void)[], refusalEffects: (() => Promise<void>)[]): CommandScope {
    const w = device.station ? this.#stationWeights.get(device.station) : undefined;
    return {
      tx,
      repo: this.repo,
      device,
      user,
      now,
      ...(w ? { stationGrams: w.grams } : {}),
      later: (fn) => posts.push(() => this.#runLater(fn)),
      onRefusal: (fn) => void refusalEffects.push(fn),
      feed: async <T>(deviceId: string, type: FeedType, data: T): Promise<FeedItem<T>> => {
        const item = await this.repo.appendFeed(tx, deviceId, type, data, now);
        posts.push(() => this.#hub.toRoom(`device:${deviceId}`, "feed", item));
        return item;
      },
      afterCommit: (fn) => posts.push(fn),
    };
  }

  async #run(c: CommandScope, event: ClientEventName, p: Record<string, unknown>): Promise<unknown> {
    const P = p as never;
    switch (event) {
      case "session.login": {
        const u = await this.repo.findUserByBadge(p.badge as string, c.tx.db);
        if (!u) throw new DomainError(GatewayErrorCode.UnknownBadge, `badge ${JSON.stringify(p.badge)} is not registered: ask a supervisor`);
        await this.repo.setDeviceUser(c.tx, c.device.id, u.id);
        await c.feed(c.device.id, "session", { user: u });
        return { user: u };
      }
      case "session.logout":
        await this.repo.setDeviceUser(c.tx, c.device.id, null);
        await c.feed(c.device.id, "session", { user: null });
        return { user: null };
      case "pick.scan":
        return this.#picker.scan(c, P);
      case "pick.confirm":
        return this.#picker.confirm(c, P);
      case "pick.short":
        return this.#picker.short(c, P);
      case "pick.skip":
        return this.#picker.skip(c, P);
      case "trip.complete":
        return this.#picker.complete(c, P);
      case "station.open":
        return this.#packer.open(c, P);
      case "station.close":
        return this.#packer.close(c, P);
      case "pack.scan":
        return this.#packer.scan(c, P);
      case "pack.weight":
        return this.#packer.weight(c, { ...(p as { scanId: string; grams?: number }), ...(c.stationGrams !== undefined ? { stationGrams: c.stationGrams } : {}) });
      case "pack.override":
        return this.#packer.override(c, P);
      case "pack.close":
        return this.#packer.closeCarton(c, P);
      case "device.revoke": {
        const r = await this.repo.revokeDevice(p.deviceId as string, { reason: (p.reason as string | undefined) ?? `revoked by ${c.user?.id ?? c.device.id}`, now: c.now }, c.tx.db);
        c.afterCommit(() => this.#disconnectDevice(r.deviceId, (p.reason as string | undefined) ?? "revoked by a supervisor"));
        return r;
      }
      default:
        throw new DomainError(GatewayErrorCode.UnknownEvent, `unknown command ${event}`);
    }
  }

  // ------------------------------------------------------------ revocation

  #disconnectDevice(deviceId: string, reason: string): void {
    const room = `device:${deviceId}`;
    this.#hub.toRoom(room, "revoked", { deviceId, reason });
    this.#hub.disconnectRoom(room);
    this.#log.warn({ device: deviceId, reason }, "device revoked: disconnected");
  }

  async #pollRevocations(): Promise<void> {
    if (this.#stopping) return;
    try {
      const since = this.#lastRevocationCheck;
      this.#lastRevocationCheck = new Date(this.#clock.now() - 5000).toISOString();
      for (const r of await this.repo.revokedSince(since)) {
        const key = `${r.id}@${r.revokedAt}`;
        if (this.#revocationsSeen.has(key)) continue;
        this.#revocationsSeen.add(key);
        const conns = this.#local.get(r.id);
        if (!conns) continue;
        for (const c of conns) {
          c.emit("revoked", { deviceId: r.id, reason: r.reason });
          c.disconnect();
        }
        this.#log.warn({ device: r.id, reason: r.reason }, "device revoked: disconnected");
      }
      if (this.#revocationsSeen.size > 10_000) this.#revocationsSeen = new Set();
    } catch (e) {
      this.#log.error({ err: e }, "revocation poll failed");
    }
  }
}
