/**
 * The scanner gateway's socket protocol (Socket.IO 4, websocket transport), shared by the gateway,
 * the packer terminal UI and the handheld page. Pure types and constants: the gateway validates every
 * payload with zod schemas that mirror these types before any domain code sees it.
 *
 * Shape of the conversation:
 * - A paired device connects with `auth: { token }` (a JWT from `POST /v1/pair`). Refused handshakes
 *   fail with a `connect_error` whose `data` is an {@link ErrorBody}.
 * - Every client→server event is sent WITH an acknowledgement callback; the ack is an {@link Ack}.
 * - Commands that change state carry a client-generated `scanId` (unique per device). The gateway
 *   records the command with its result under UNIQUE(device, scanId) in the same database
 *   transaction as the domain change and acks only after the commit. Re-sending the same scanId
 *   (timeout, reconnect, crash of either side) returns the first ack byte-for-byte and changes nothing.
 * - Server→client `feed` messages carry a per-device sequence number from the database; after a
 *   reconnect the client calls `feed.sync` with the last sequence it has seen to get what it missed.
 */

export const PROTOCOL_VERSION = 1;

export type DeviceRole = "picker" | "packer" | "supervisor";
export const DEVICE_ROLES: readonly DeviceRole[] = ["picker", "packer", "supervisor"];

/** The error codes this surface sends (all declared in the error-code catalogue). */
export type GatewayErrorCode = "INVALID_PAYLOAD" | "UNKNOWN_EVENT" | "UNAUTHORIZED" | "TOKEN_EXPIRED" | "DEVICE_REVOKED" | "FORBIDDEN" | "RATE_LIMITED" | "NOT_LOGGED_IN" | "UNKNOWN_BADGE" | "SCAN_ID_REUSED" | "UNAVAILABLE" | "NOT_IMPLEMENTED" | "INTERNAL" | "PAIRING_CODE_INVALID" | "PAIRING_CODE_EXPIRED" | "PAIRING_CODE_USED" | "PAIRING_CODE_LOCKED" | "UNKNOWN_DEVICE";
export type GatewayErrorCodeValue = GatewayErrorCode;

export interface ErrorIssue {
  /** Where in the payload, e.g. "quantity" or "items.2.sku" ("" for the payload itself). */
  readonly path: string;
  readonly message: string;
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly ErrorIssue[];
  /** Extra facts for the UI (e.g. `{ expected: "A-01-02", scanned: "A-01-03" }`). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Ack<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ErrorBody };

/** Limits the gateway enforces on every payload (the handheld page can check them before sending). */
export const PROTOCOL_LIMITS = {
  /** Max bytes of one Socket.IO message (maxHttpBufferSize). */
  maxMessageBytes: 16 * 1024,
  /** scanId: 1..64 of [A-Za-z0-9._:-]. */
  scanIdPattern: "^[A-Za-z0-9._:-]{1,64}$",
  maxBarcodeLength: 256,
  maxQuantity: 100_000,
  maxReasonLength: 500,
  /** feed.sync returns at most this many items per call (`more` tells if there are others). */
  feedPageSize: 500,
} as const;

// ------------------------------------------------------------------ shared shapes

export interface DeviceInfo {
  readonly id: string;
  readonly name: string;
  readonly role: DeviceRole;
  readonly station: string | null;
}

export interface UserInfo {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

/** A command: anything that changes state carries a client-generated id, unique per device. */
export interface Command {
  readonly scanId: string;
}

/** One sequenced server→client message. `seq` increases by 1 per device, without gaps. */
export interface FeedItem<T = unknown> {
  readonly seq: number;
  readonly type: FeedType;
  readonly at: string;
  readonly data: T;
}

export type FeedType =
  | "session" // a user logged in/out on this device
  | "task" // picker: the next pick task (or null when the trip is done)
  | "pack" // packer: the station's pack state changed
  | "order" // an order this device works on changed status
  | "notice"; // a message for the person holding the device

// ------------------------------------------------------------------ picker

export interface PickTask {
  readonly taskId: string;
  readonly tripId: string;
  readonly orderNumber: string;
  readonly location: string;
  readonly sku: string;
  readonly description: string;
  readonly quantity: number;
  readonly picked: number;
  readonly tote: string | null;
  /** 1-based position in the route order, and the trip's task count. */
  readonly position: number;
  readonly of: number;
  /** The SKU's barcodes (GTINs and others), so a handheld can check item scans while offline. */
  readonly barcodes?: readonly string[];
  /**
   * The stops after this one in walking order (skipped ones last), sent when the stop changes
   * (pick.next, task-done, short, skipped): what a handheld holds to keep picking offline.
   */
  readonly upcoming?: readonly PickTask[];
  /** Metres still to walk: from this stop through every stop left, back to the depot (with `upcoming`). */
  readonly metresToGo?: number;
}

export interface PickScanPayload extends Command {
  /** The scanned barcode (location, then item). */
  readonly code: string;
  /** Entered quantity for an item scan (default 1). */
  readonly quantity?: number;
}

export interface PickShortPayload extends Command {
  /** How many were found in total at the location (0..expected-1). */
  readonly found: number;
  /** Why, as the picker chose it (e.g. "found fewer", "damaged", "location empty"); recorded with the short pick. */
  readonly reason?: string;
}

export interface TripCompletePayload extends Command {
  /** The pack station the totes go to, if the picker scanned one. */
  readonly station?: string;
}

/** What a picker command did; `next` is the task to work on now (null: trip complete). */
export interface PickResult {
  readonly step: "location-confirmed" | "item-counted" | "task-done" | "short" | "skipped" | "trip-complete";
  readonly task: PickTask | null;
  readonly next: PickTask | null;
  readonly message: string;
}

// ------------------------------------------------------------------ packer

export interface StationOpenPayload extends Command {
  /** The station this device stands at (defaults to the station it was paired for). */
  readonly station?: string;
}

export interface PackScanPayload extends Command {
  /** Tote, order number, item barcode, box barcode or the shipping label's barcode. */
  readonly code: string;
  readonly quantity?: number;
}

export interface PackWeightPayload extends Command {
  /** A stable weight in grams read by the client's scale; omit to use the station scale attached to the gateway. */
  readonly grams?: number;
}

export interface PackOverridePayload extends Command {
  readonly supervisorBadge: string;
  readonly reason: string;
}

export interface StationLine {
  readonly sku: string;
  readonly description: string;
  readonly expected: number;
  readonly packed: number;
}

/** The whole state of a pack station: what the TUI draws. */
export interface StationState {
  readonly station: string;
  readonly orderNumber: string | null;
  readonly lines: readonly StationLine[];
  readonly suggestedBox: string | null;
  readonly box: string | null;
  readonly expectedGrams: number | null;
  readonly toleranceGrams: number | null;
  readonly measuredGrams: number | null;
  readonly trackingNumber: string | null;
  /** The label that was printed (path or printer job), if any. */
  readonly label: string | null;
  /** What the packer should do next, in words. */
  readonly next: string;
  readonly phase: "idle" | "scanning" | "weigh" | "weight-refused" | "labelled" | "packed";
  /** The carton being packed, or the one just labelled (1-based); null/absent without an order. */
  readonly cartonNo?: number | null;
  /** How many cartons of the order are closed (labelled) so far. */
  readonly cartonsClosed?: number;
  /** The SSCC of the label just printed (scan it, or the tracking number, to confirm the label). */
  readonly sscc?: string | null;
  /** The station's warehouse (from the station map), when it is bound to one: `lines` are what packs here. */
  readonly warehouse?: string | null;
  /** Units of the open order that ship from other warehouses in their own cartons (not packed here). */
  readonly elsewhere?: readonly { readonly sku: string; readonly description: string; readonly warehouse: string; readonly quantity: number }[];
}

export interface PackResult {
  readonly step: "order-opened" | "item-packed" | "box-chosen" | "weight-accepted" | "override-recorded" | "labelled" | "closed";
  readonly state: StationState;
  readonly message: string;
}

// ------------------------------------------------------------------ supervisor

export interface RevokePayload extends Command {
  readonly deviceId: string;
  readonly reason?: string;
}

export interface PairedDevice extends DeviceInfo {
  readonly pairedAt: string;
  readonly revokedAt: string | null;
  readonly userId: string | null;
  readonly connected?: boolean;
}

/** Broadcast to every connected supervisor (across all gateway nodes) after each recorded command. */
export interface ScanRecorded {
  readonly id: number;
  readonly deviceId: string;
  readonly userId: string | null;
  readonly scanId: string;
  readonly event: string;
  readonly ok: boolean;
  readonly code: string | null;
  readonly at: string;
  /** Which gateway node recorded it. */
  readonly node: string;
}

// ------------------------------------------------------------------ session

export interface HelloPayload {
  /** The last feed sequence the client has processed (0 for none). */
  readonly lastSeq?: number;
}

export interface HelloData {
  readonly protocol: number;
  readonly device: DeviceInfo;
  readonly user: UserInfo | null;
  /** The device's latest feed sequence: if greater than the client's, call feed.sync. */
  readonly latestSeq: number;
  readonly serverTime: string;
  readonly node: string;
}

export interface LoginPayload extends Command {
  readonly badge: string;
}

export interface FeedSyncPayload {
  /** Return items with seq > after. */
  readonly after: number;
  readonly limit?: number;
}

export interface FeedSyncData {
  readonly items: readonly FeedItem[];
  readonly latestSeq: number;
  readonly more: boolean;
}

// ------------------------------------------------------------------ the event maps

/** Client→server events: payload and ack data. Every event takes an ack callback. */
export interface ClientEvents {
  hello: { payload: HelloPayload; data: HelloData };
  "feed.sync": { payload: FeedSyncPayload; data: FeedSyncData };
  "session.login": { payload: LoginPayload; data: { user: UserInfo } };
  "session.logout": { payload: Command; data: { user: null } };
  "pick.next": { payload: Record<string, never>; data: { task: PickTask | null } };
  "pick.scan": { payload: PickScanPayload; data: PickResult };
  "pick.confirm": { payload: Command; data: PickResult };
  "pick.short": { payload: PickShortPayload; data: PickResult };
  "pick.skip": { payload: Command; data: PickResult };
  "trip.complete": { payload: TripCompletePayload; data: PickResult };
  "station.open": { payload: StationOpenPayload; data: { state: StationState } };
  "station.close": { payload: Command; data: { station: string } };
  "pack.state": { payload: Record<string, never>; data: { state: StationState | null } };
  "pack.scan": { payload: PackScanPayload; data: PackResult };
  "pack.weight": { payload: PackWeightPayload; data: PackResult };
  "pack.override": { payload: PackOverridePayload; data: PackResult };
  "pack.close": { payload: Command; data: PackResult };
  "supervisor.watch": { payload: Record<string, never>; data: { watching: true } };
  "devices.list": { payload: Record<string, never>; data: { devices: readonly PairedDevice[] } };
  "device.revoke": { payload: RevokePayload; data: { deviceId: string; revokedAt: string } };
}
export type ClientEventName = keyof ClientEvents;
export type PayloadOf<E extends ClientEventName> = ClientEvents[E]["payload"];
export type AckOf<E extends ClientEventName> = Ack<ClientEvents[E]["data"]>;

/**
 * THE declaration of every client→server event: the roles that may send it (the gateway refuses
 * others with FORBIDDEN, before validation) and its kind: a `command` changes state (it carries a
 * scanId, is recorded exactly once and is queued offline by clients), a `query` only reads. The
 * gateway's dispatch table (scanner-gateway/src/socket/events.ts) takes both from here and adds
 * the payload schema and the handler. Adding an event: its payload and ack types in `ClientEvents`,
 * one line here, one handler entry there.
 */
export const EVENT_SPEC = {
  hello: { roles: ["picker", "packer", "supervisor"], kind: "query" },
  "feed.sync": { roles: ["picker", "packer", "supervisor"], kind: "query" },
  "session.login": { roles: ["picker", "packer", "supervisor"], kind: "command" },
  "session.logout": { roles: ["picker", "packer", "supervisor"], kind: "command" },
  "pick.next": { roles: ["picker"], kind: "query" },
  "pick.scan": { roles: ["picker"], kind: "command" },
  "pick.confirm": { roles: ["picker"], kind: "command" },
  "pick.short": { roles: ["picker"], kind: "command" },
  "pick.skip": { roles: ["picker"], kind: "command" },
  "trip.complete": { roles: ["picker"], kind: "command" },
  "station.open": { roles: ["packer"], kind: "command" },
  "station.close": { roles: ["packer"], kind: "command" },
  "pack.state": { roles: ["packer"], kind: "query" },
  "pack.scan": { roles: ["packer"], kind: "command" },
  "pack.weight": { roles: ["packer"], kind: "command" },
  "pack.override": { roles: ["packer"], kind: "command" },
  "pack.close": { roles: ["packer"], kind: "command" },
  "supervisor.watch": { roles: ["supervisor"], kind: "query" },
  "devices.list": { roles: ["supervisor"], kind: "query" },
  "device.revoke": { roles: ["supervisor"], kind: "command" },
} as const satisfies { readonly [E in ClientEventName]: { readonly roles: readonly DeviceRole[]; readonly kind: "command" | "query" } };

export type EventKind = "command" | "query";
/** The kind of event E as declared in EVENT_SPEC. */
export type EventKindOf<E extends ClientEventName> = (typeof EVENT_SPEC)[E]["kind"];

/** Which roles may send each event (from EVENT_SPEC). */
export const EVENT_ROLES = Object.fromEntries(Object.entries(EVENT_SPEC).map(([e, spec]) => [e, spec.roles])) as unknown as { readonly [E in ClientEventName]: readonly DeviceRole[] };
export const CLIENT_EVENTS = Object.keys(EVENT_SPEC) as readonly ClientEventName[];

/** Events that change state: they carry a scanId and are recorded idempotently (queued offline by clients). */
export const COMMAND_EVENTS: readonly ClientEventName[] = CLIENT_EVENTS.filter((e) => EVENT_SPEC[e].kind === "command");

/** Server→client events. */
export interface ServerEvents {
  /** A sequenced message for this device (see FeedItem). */
  feed: FeedItem;
  /** Supervisors only: a command was recorded on some device (any gateway node). Not sequenced. */
  "scan.recorded": ScanRecorded;
  /** Packer stations: a scanner attached to the gateway host at this station read a barcode. Send it as pack.scan. */
  "device.scan": { readonly station: string; readonly code: string; readonly aim: string | null; readonly at: string };
  /** Packer stations: a live reading from the station's scale attached to the gateway host. */
  scale: { readonly station: string; readonly grams: number; readonly stable: boolean; readonly at: string };
  /** Sent just before the server disconnects a revoked device. */
  revoked: { readonly deviceId: string; readonly reason: string };
}
export type ServerEventName = keyof ServerEvents;

// ------------------------------------------------------------------ pairing (HTTP)

/** POST /v1/pair with this JSON body exchanges a pairing code for a device token. */
export interface PairRequest {
  readonly code: string;
}
export interface PairResponse {
  readonly token: string;
  readonly device: DeviceInfo;
  readonly expiresAt: string;
}
/** Pairing codes: short, typed or scanned on the device. */
export const PAIRING = {
  alphabet: "23456789ABCDEFGHJKLMNPQRSTUVWXYZ",
  length: 8,
  ttlMs: 10 * 60 * 1000,
  maxWrongGuesses: 5,
} as const;
