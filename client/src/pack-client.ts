/**
 * The pack station client: connection, typed protocol, offline queue and derived state. Shared by the
 * terminal UI and the handheld page; knows nothing about how it is drawn. Commands are sent one
 * at a time in the order they were made, each with its client scan id, and leave the queue only when
 * the gateway acked them; timeouts and disconnects resend the same scan id (the gateway dedupes).
 */
import { PROTOCOL_LIMITS, sanitizeScan } from "@pickpack/core";
import type { AckOf, ClientEventName, ErrorBody, FeedItem, PayloadOf, ServerEvents, StationState } from "@pickpack/core";
import { ACTION_BARCODE, commandOf, isBadge } from "@pickpack/core";
import type { StationAction } from "@pickpack/core";
import type { QueueStore, QueuedCommand, QueuedEvent } from "./queue.js";
import { initialState, reduce } from "./state.js";
import type { ClientAction, ClientState } from "./state.js";
import { systemTimers } from "./timers.js";
import type { Timers } from "./timers.js";
import { FATAL_HANDSHAKE_CODES, TransportError } from "./transport.js";
import type { Transport, TransportStatus } from "./transport.js";

export interface PackClientOptions {
  readonly transport: Transport;
  readonly queue: QueueStore;
  readonly station: string;
  readonly now?: () => number;
  /** Client scan ids: unique per device, [A-Za-z0-9._:-]{1,64}. */
  readonly newScanId?: () => string;
  readonly timers?: Timers;
  /** How long to wait for an ack before resending (ms, default 5000). */
  readonly ackTimeoutMs?: number;
  /** Disconnected this long → shown as offline instead of reconnecting (ms, default 5000). */
  readonly offlineAfterMs?: number;
  /** Wait before resending after a transient refusal (rate limited, unavailable) or timeout (ms, default 1000). */
  readonly retryDelayMs?: number;
}

/** What a scan turned into; UI-level outcomes (menus, summary) are for the caller to show. */
export type ScanOutcome =
  | { readonly kind: "queued"; readonly scanId: string }
  | { readonly kind: "override"; readonly badge: string }
  | { readonly kind: "ui"; readonly action: Extract<StationAction, "summary" | "exception" | "short"> }
  | { readonly kind: "rejected"; readonly reason: string };

const TRANSIENT = new Set(["RATE_LIMITED", "UNAVAILABLE"]);

let counter = 0;
export function defaultScanId(now: number): string {
  counter = (counter + 1) % 1_000_000;
  const rand = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, "0");
  return `${now.toString(36)}-${counter.toString(36)}-${rand}`;
}

export class PackClient {
  readonly station: string;
  #state: ClientState;
  readonly #listeners = new Set<(s: ClientState) => void>();
  readonly #t: Transport;
  readonly #queue: QueueStore;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #timers: Timers;
  readonly #ackTimeout: number;
  readonly #offlineAfter: number;
  readonly #retryDelay: number;
  #pending: QueuedCommand[];
  #inFlight = false;
  #ready = false;
  #synced = false;
  #syncing = false;
  #retryTimer: unknown = null;
  #offlineTimer: unknown = null;
  #weighArmed = true;
  #closed = false;
  /** Pack feed items applied so far: an ack's state is older than a feed item that arrived while it was in flight. */
  #packFeeds = 0;
  readonly #unsubscribe: (() => void)[] = [];
  /** Called after each ack is applied to the state (for latency measurement). */
  onAckApplied: ((command: QueuedCommand) => void) | null = null;

  constructor(o: PackClientOptions) {
    this.station = o.station;
    this.#t = o.transport;
    this.#queue = o.queue;
    this.#now = o.now ?? (() => Date.now());
    this.#newId = o.newScanId ?? (() => defaultScanId(this.#now()));
    this.#timers = o.timers ?? systemTimers;
    this.#ackTimeout = o.ackTimeoutMs ?? 5000;
    this.#offlineAfter = o.offlineAfterMs ?? 5000;
    this.#retryDelay = o.retryDelayMs ?? 1000;
    this.#pending = o.queue.load();
    this.#state = reduce(initialState(this.#now()), { type: "pending", pending: this.#pending });
  }

  // ---------------------------------------------------------------- state

  getState = (): ClientState => this.#state;

  subscribe = (listener: (s: ClientState) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  #dispatch(action: ClientAction): void {
    if (action.type === "feed" && action.item.type === "pack") this.#packFeeds++;
    const next = reduce(this.#state, action);
    if (next === this.#state) return;
    const before = this.#state;
    this.#state = next;
    if (before.station?.phase !== next.station?.phase && next.station?.phase === "weigh") this.#weighArmed = true;
    for (const l of this.#listeners) l(next);
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    this.#unsubscribe.push(
      this.#t.onStatus((s) => this.#onStatus(s)),
      this.#t.on("feed", (item) => this.#onFeed(item)),
      this.#t.on("scale", (r) => this.#onScale(r)),
      this.#t.on("device.scan", (s) => {
        if (s.station === this.station) this.scan(s.code);
      }),
      this.#t.on("revoked", (r) => this.#dispatch({ type: "connection", status: "refused", error: `device revoked: ${r.reason}`, at: this.#now() })),
    );
    this.#t.connect();
  }

  stop(): void {
    this.#closed = true;
    for (const u of this.#unsubscribe.splice(0)) u();
    if (this.#retryTimer !== null) this.#timers.clearTimeout(this.#retryTimer);
    if (this.#offlineTimer !== null) this.#timers.clearTimeout(this.#offlineTimer);
    this.#t.close();
  }

  #onStatus(s: TransportStatus): void {
    const at = this.#now();
    if (s.type === "connected") {
      if (this.#offlineTimer !== null) this.#timers.clearTimeout(this.#offlineTimer);
      this.#offlineTimer = null;
      this.#dispatch({ type: "connection", status: "connected", at });
      void this.#handshake();
      return;
    }
    this.#ready = false;
    this.#inFlight = false;
    if (s.type === "error" && (s.fatal || (s.error && FATAL_HANDSHAKE_CODES.includes(s.error.code)))) {
      this.#dispatch({ type: "connection", status: "refused", error: s.error ? `${s.error.code}: ${s.error.message}` : s.message, at });
      return;
    }
    const status = this.#state.connection.status === "offline" ? "offline" : "reconnecting";
    this.#dispatch({ type: "connection", status, error: s.type === "error" ? s.message : s.reason, at });
    if (this.#offlineTimer === null && status === "reconnecting") {
      this.#offlineTimer = this.#timers.setTimeout(() => {
        this.#offlineTimer = null;
        if (!this.#t.connected && !this.#closed) this.#dispatch({ type: "connection", status: "offline", error: this.#state.connection.error, at: this.#now() });
      }, this.#offlineAfter);
    }
  }

  async #handshake(): Promise<void> {
    try {
      const hello = await this.#t.emit("hello", { lastSeq: this.#state.lastSeq }, this.#ackTimeout);
      if (!hello.ok) {
        this.#dispatch({ type: "connection", status: "refused", error: `${hello.error.code}: ${hello.error.message}`, at: this.#now() });
        return;
      }
      this.#dispatch({ type: "hello", data: hello.data, at: this.#now() });
      if (!this.#synced) {
        // First connection of this process: take a snapshot, then follow the feed from now on.
        this.#state = { ...this.#state, lastSeq: hello.data.latestSeq };
        if (hello.data.user) await this.#snapshot();
        this.#synced = true;
      } else if (hello.data.latestSeq > this.#state.lastSeq) {
        await this.sync();
      }
      this.#ready = true;
      if (hello.data.user && this.#state.station === null && !this.#pending.some((c) => c.event === "station.open")) this.#enqueue("station.open", { station: this.station });
      this.#pump();
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      // The socket dropped or timed out mid-handshake: the next "connected" starts over.
    }
  }

  async #snapshot(): Promise<void> {
    const snap = await this.#t.emit("pack.state", {}, this.#ackTimeout);
    if (snap.ok) this.#dispatch({ type: "station", station: snap.data.state, at: this.#now() });
  }

  /** Fetch every feed item after the last one seen (reconnect catch-up), page by page. */
  async sync(): Promise<void> {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      for (;;) {
        const r = await this.#t.emit("feed.sync", { after: this.#state.lastSeq, limit: PROTOCOL_LIMITS.feedPageSize }, this.#ackTimeout);
        if (!r.ok) return;
        for (const item of r.data.items) this.#dispatch({ type: "feed", item, at: this.#now() });
        if (!r.data.more || r.data.items.length === 0) return;
      }
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
    } finally {
      this.#syncing = false;
    }
  }

  #onFeed(item: FeedItem): void {
    const last = this.#state.lastSeq;
    if (item.seq <= last) return;
    if (item.seq === last + 1 && !this.#syncing) this.#dispatch({ type: "feed", item, at: this.#now() });
    else void this.sync(); // a gap: something was missed
  }

  #onScale(r: ServerEvents["scale"]): void {
    if (r.station !== this.station) return;
    this.#dispatch({ type: "scale", reading: { grams: r.grams, stable: r.stable, at: this.#now() } });
    const phase = this.#state.station?.phase;
    if (!r.stable || r.grams <= 0) {
      this.#weighArmed = true;
      return;
    }
    if (this.#weighArmed && (phase === "weigh" || phase === "weight-refused") && !this.#pending.some((c) => c.event === "pack.weight")) {
      this.#weighArmed = false;
      this.weigh(Math.round(r.grams));
    }
  }

  // ---------------------------------------------------------------- commands

  /**
   * A barcode was read (wedge scanner, gateway-attached scanner or typed). Refuses control
   * characters; badges log in (or, while a weight is refused, start a supervisor override);
   * command barcodes become actions; everything else is a pack scan.
   */
  scan(raw: string, quantity?: number): ScanOutcome {
    const clean = sanitizeScan(raw.trim(), { maxLength: PROTOCOL_LIMITS.maxBarcodeLength });
    if (!clean.ok) {
      this.#dispatch({ type: "banner", banner: { level: "error", title: "UNREADABLE SCAN", lines: [clean.error.message, "Nothing changed. Scan again."], at: this.#now() } });
      return { kind: "rejected", reason: clean.error.message };
    }
    const code = clean.value;
    const at = this.#now();
    if (isBadge(code)) {
      if (this.#state.user && this.#state.station?.phase === "weight-refused") return { kind: "override", badge: code };
      // a badge logs in; another packer's badge while someone is logged in switches packer (the gateway closes the other's session)
      return this.#shown(code, this.#enqueue("session.login", { badge: code }));
    }
    if (this.#state.user === null && !this.#pending.some((c) => c.event === "session.login")) {
      this.#dispatch({ type: "banner", banner: { level: "error", title: "SCAN YOUR BADGE", lines: ["Log in first: scan your badge. Nothing changed."], at } });
      return { kind: "rejected", reason: "not logged in" };
    }
    const action = commandOf(code);
    if (action) return this.action(action);
    return this.#shown(code, this.#enqueue("pack.scan", quantity !== undefined && quantity !== 1 ? { code, quantity } : { code }));
  }

  /** The command shows as the last scan until its ack says accepted or refused. */
  #shown(what: string, scanId: string): ScanOutcome {
    this.#dispatch({ type: "scanned", code: what, scanId, at: this.#now() });
    return this.#queued(scanId);
  }

  /** A station action from a command barcode or a key. */
  action(action: StationAction, detail?: string): ScanOutcome {
    switch (action) {
      case "summary":
      case "exception":
        if (detail === undefined) return { kind: "ui", action };
        break;
      case "short":
        if (detail === undefined) return { kind: "ui", action };
        break;
      case "logout":
        return this.#shown("log out", this.#enqueue("session.logout", {}));
      case "close-carton":
        return this.#shown("close carton", this.#enqueue("pack.close", {}));
      case "weigh":
        return this.weigh();
      default:
        break;
    }
    const code = ACTION_BARCODE[action];
    const full = detail ? `${code}:${detail.slice(0, 200)}` : code;
    return this.#shown(full, this.#enqueue("pack.scan", { code: full }));
  }

  weigh(grams?: number): ScanOutcome {
    return this.#shown(grams === undefined ? "weigh (station scale)" : `weight ${grams} g`, this.#enqueue("pack.weight", grams === undefined ? {} : { grams }));
  }

  override(supervisorBadge: string, reason: string): ScanOutcome {
    return this.#shown(`override ${supervisorBadge}`, this.#enqueue("pack.override", { supervisorBadge, reason: reason.slice(0, PROTOCOL_LIMITS.maxReasonLength) }));
  }

  logout(): ScanOutcome {
    return this.action("logout");
  }

  #queued(scanId: string): ScanOutcome {
    return { kind: "queued", scanId };
  }

  #enqueue<E extends QueuedEvent>(event: E, body: Omit<PayloadOf<E>, "scanId">, front = false): string {
    const scanId = this.#newId();
    const command: QueuedCommand = { scanId, event, payload: { ...(body as Record<string, unknown>), scanId }, at: this.#now() };
    this.#queue.add(command); // durable before anything else happens
    if (front && !this.#inFlight) this.#pending.unshift(command);
    else this.#pending.push(command);
    this.#dispatch({ type: "pending", pending: [...this.#pending] });
    this.#pump();
    return scanId;
  }

  #pump(): void {
    if (this.#closed || !this.#ready || this.#inFlight || !this.#t.connected) return;
    const head = this.#pending[0];
    if (!head) return;
    this.#inFlight = true;
    const mark = this.#packFeeds;
    const sent = this.#t.emit(head.event as ClientEventName, head.payload as never, this.#ackTimeout) as Promise<AckOf<ClientEventName>>;
    sent.then(
      (ack) => {
        this.#inFlight = false;
        if (!ack.ok && TRANSIENT.has(ack.error.code)) return this.#retryLater();
        this.#settle(head, ack, this.#packFeeds !== mark);
        this.#pump();
      },
      (e: unknown) => {
        this.#inFlight = false;
        if (!(e instanceof TransportError)) throw e;
        if (e.kind === "timeout") this.#retryLater();
        // disconnected: the reconnect handshake pumps again
      },
    );
  }

  #retryLater(): void {
    if (this.#retryTimer !== null) return;
    this.#retryTimer = this.#timers.setTimeout(() => {
      this.#retryTimer = null;
      this.#pump();
    }, this.#retryDelay);
  }

  #settle(command: QueuedCommand, ack: AckOf<ClientEventName>, feedIsNewer = false): void {
    this.#queue.remove(command.scanId);
    this.#pending = this.#pending.filter((c) => c.scanId !== command.scanId);
    const at = this.#now();
    this.#dispatch({ type: "pending", pending: [...this.#pending] });
    if (ack.ok) {
      // the gateway pushes the command's own `pack` feed item with the same state before the ack, and
      // a later one (label printed / printer error) may overtake the ack: then the feed's state wins
      const data = feedIsNewer && ack.data && typeof ack.data === "object" && "state" in ack.data ? { ...ack.data, state: undefined } : ack.data;
      this.#dispatch({ type: "accepted", command, data, at });
      if (command.event === "session.login" && this.#state.station === null && !this.#pending.some((c) => c.event === "station.open")) {
        this.#enqueue("station.open", { station: this.station }, true); // before scans queued behind the login
      }
    } else {
      this.#dispatch({ type: "refused", command, error: ack.error as ErrorBody, at });
    }
    this.onAckApplied?.(command);
  }

  /** Replace the banner (the UI clears it with Esc). */
  dismissBanner(): void {
    this.#dispatch({ type: "banner", banner: null });
  }

  /** For tests and the handheld page: the station state as last known. */
  get stationState(): StationState | null {
    return this.#state.station;
  }
}
