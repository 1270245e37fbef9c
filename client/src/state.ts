/**
 * The pack station's client state, derived only from what the gateway says (acks, feed, scale) plus
 * the connection and the offline queue. A pure reducer: the UI draws it, tests assert it.
 */
import type { DeviceInfo, ErrorBody, FeedItem, HelloData, StationState, UserInfo } from "@pickpack/core";
import type { QueuedCommand } from "./queue.js";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline" | "refused";

export interface ScaleReading {
  readonly grams: number;
  readonly stable: boolean;
  readonly at: number;
}

export interface Banner {
  readonly level: "error" | "ok" | "info";
  readonly title: string;
  readonly lines: readonly string[];
  readonly code?: string;
  readonly at: number;
}

export interface SessionStats {
  readonly ordersPacked: number;
  readonly items: number;
  readonly cartons: number;
  readonly misScans: number;
  /** Sum of (packed − opened) times of packed orders, ms. */
  readonly packedMs: number;
  readonly startedAt: number | null;
}

export interface ClosedSession {
  readonly user: UserInfo;
  readonly stats: SessionStats;
  readonly endedAt: number;
}

export interface LastScan {
  /** The command it became (its status follows that command's ack). */
  readonly scanId?: string;
  readonly code: string;
  readonly at: number;
  readonly status: "queued" | "ok" | "refused";
}

export interface ClientState {
  readonly connection: { readonly status: ConnectionStatus; readonly since: number; readonly error: string | null; readonly node: string | null };
  readonly device: DeviceInfo | null;
  readonly user: UserInfo | null;
  readonly station: StationState | null;
  readonly scale: ScaleReading | null;
  /** Commands waiting for an ack, oldest first. */
  readonly pending: readonly QueuedCommand[];
  readonly lastSeq: number;
  readonly banner: Banner | null;
  readonly lastScan: LastScan | null;
  readonly stats: SessionStats;
  /** The session a badge scan of another packer closed at this station (shown in the summary). */
  readonly previousSession: ClosedSession | null;
  /** When each open order was first seen (for seconds per order). */
  readonly orderOpenedAt: Readonly<Record<string, number>>;
  /** Orders already counted as packed, and labels already counted as cartons. */
  readonly counted: { readonly orders: readonly string[]; readonly labels: readonly string[] };
}

export type ClientAction =
  | { readonly type: "connection"; readonly status: ConnectionStatus; readonly error?: string | null; readonly at: number }
  | { readonly type: "hello"; readonly data: HelloData; readonly at: number }
  | { readonly type: "pending"; readonly pending: readonly QueuedCommand[] }
  | { readonly type: "scanned"; readonly code: string; readonly at: number; readonly scanId?: string }
  | { readonly type: "accepted"; readonly command: QueuedCommand; readonly data: unknown; readonly at: number }
  | { readonly type: "refused"; readonly command: QueuedCommand; readonly error: ErrorBody; readonly at: number }
  | { readonly type: "station"; readonly station: StationState | null; readonly at: number }
  | { readonly type: "feed"; readonly item: FeedItem; readonly at: number }
  | { readonly type: "scale"; readonly reading: ScaleReading }
  | { readonly type: "banner"; readonly banner: Banner | null };

export const EMPTY_STATS: SessionStats = { ordersPacked: 0, items: 0, cartons: 0, misScans: 0, packedMs: 0, startedAt: null };

export function initialState(at: number): ClientState {
  return {
    connection: { status: "connecting", since: at, error: null, node: null },
    device: null,
    user: null,
    station: null,
    scale: null,
    pending: [],
    lastSeq: 0,
    banner: null,
    lastScan: null,
    stats: EMPTY_STATS,
    previousSession: null,
    orderOpenedAt: {},
    counted: { orders: [], labels: [] },
  };
}

/** Average seconds per packed order, or null before the first one. */
/** Whole minutes of a session at `now` (0 before it started). */
export function sessionMinutes(stats: SessionStats, now: number): number {
  return stats.startedAt === null ? 0 : Math.max(0, Math.floor((now - stats.startedAt) / 60000));
}

/** A session in words: "3 orders, 12 items, 14 min". */
export function sessionText(stats: SessionStats, now: number): string {
  return `${stats.ordersPacked} order${stats.ordersPacked === 1 ? "" : "s"}, ${stats.items} item${stats.items === 1 ? "" : "s"}, ${sessionMinutes(stats, now)} min`;
}

export function secondsPerOrder(stats: SessionStats): number | null {
  return stats.ordersPacked === 0 ? null : stats.packedMs / stats.ordersPacked / 1000;
}

export function reduce(state: ClientState, action: ClientAction): ClientState {
  switch (action.type) {
    case "connection": {
      if (state.connection.status === action.status && (action.error ?? null) === state.connection.error) return state;
      return { ...state, connection: { status: action.status, since: action.at, error: action.error ?? null, node: action.status === "connected" ? state.connection.node : null } };
    }
    case "hello": {
      // a station restarted with someone logged in: their session runs from now, not from nothing
      const user = action.data.user;
      const stats = user && state.stats.startedAt === null ? { ...state.stats, startedAt: action.at } : state.stats;
      return { ...state, device: action.data.device, user, stats, connection: { ...state.connection, node: action.data.node } };
    }
    case "pending":
      return { ...state, pending: action.pending };
    case "scanned":
      return { ...state, lastScan: { ...(action.scanId ? { scanId: action.scanId } : {}), code: action.code, at: action.at, status: "queued" } };
    case "banner":
      return { ...state, banner: action.banner };
    case "scale":
      return { ...state, scale: action.reading };
    case "station":
      return withStation(state, action.station, action.at);
    case "feed":
      return applyFeed(state, action.item, action.at);
    case "accepted":
      return accepted(state, action.command, action.data, action.at);
    case "refused":
      return refused(state, action.command, action.error, action.at);
  }
}

function scanStatus(state: ClientState, command: QueuedCommand, status: LastScan["status"]): LastScan | null {
  if (state.lastScan?.scanId !== undefined) return state.lastScan.scanId === command.scanId ? { ...state.lastScan, status } : state.lastScan;
  const raw = command.payload.code ?? command.payload.badge;
  const code = typeof raw === "string" ? raw : null;
  if (code === null || state.lastScan === null || state.lastScan.code !== code) return state.lastScan;
  return { ...state.lastScan, status };
}

function accepted(state: ClientState, command: QueuedCommand, data: unknown, at: number): ClientState {
  const d = (data ?? {}) as { user?: UserInfo | null; state?: StationState; message?: string };
  let next: ClientState = { ...state, lastScan: scanStatus(state, command, "ok") };
  switch (command.event) {
    case "session.login": {
      return loggedIn(next, d.user ?? null, at);
    }
    case "session.logout":
      return { ...next, user: null, station: null, banner: null };
    case "station.close":
      return { ...next, station: null };
    default: {
      if (d.state) next = withStation(next, d.state, at);
      // a printer error that arrived before this ack stays on screen
      if (state.banner?.title === "PRINTER ERROR" && /^Printer error/.test(next.station?.next ?? "")) return next;
      const banner: Banner | null = typeof d.message === "string" && d.message !== "" ? { level: "ok", title: d.message, lines: [], at } : null;
      return { ...next, banner };
    }
  }
}

/**
 * Someone logged in at the station (the login's ack or the session feed, whichever comes first):
 * another person than the one logged in starts a new session, and the other's is closed (kept for
 * the summary, named in the banner).
 */
function loggedIn(state: ClientState, user: UserInfo | null, at: number): ClientState {
  if (!user) return state;
  if (state.user?.id === user.id) return { ...state, user, banner: state.banner ?? { level: "ok", title: `Logged in: ${user.name}`, lines: [], at } };
  const closed: ClosedSession | null = state.user ? { user: state.user, stats: state.stats, endedAt: at } : null;
  const title = closed ? `Logged in: ${user.name} (${closed.user.name}'s session closed: ${sessionText(closed.stats, at)})` : `Logged in: ${user.name}`;
  return { ...state, user, stats: { ...EMPTY_STATS, startedAt: at }, ...(closed ? { previousSession: closed } : {}), banner: { level: "ok", title, lines: [], at } };
}

function refused(state: ClientState, command: QueuedCommand, error: ErrorBody, at: number): ClientState {
  const misScan = command.event === "pack.scan" && !["RATE_LIMITED", "UNAVAILABLE", "INTERNAL", "NOT_LOGGED_IN"].includes(error.code);
  return {
    ...state,
    lastScan: scanStatus(state, command, "refused"),
    banner: { level: "error", ...describeError(error, command), code: error.code, at },
    stats: misScan ? { ...state.stats, misScans: state.stats.misScans + 1 } : state.stats,
  };
}

function applyFeed(state: ClientState, item: FeedItem, at: number): ClientState {
  if (item.seq <= state.lastSeq) return state; // already seen (a resent or replayed item)
  const next = { ...state, lastSeq: item.seq };
  const data = (item.data ?? {}) as Record<string, unknown>;
  switch (item.type) {
    case "pack": {
      const station = (data.state ?? data) as StationState;
      if (typeof station !== "object" || station === null || !("phase" in station)) return next;
      const after = withStation(next, station, at);
      // the label is printed after the carton closed: a printer error arrives as a later feed item
      if (/^Printer error/.test(station.next) && state.station?.next !== station.next) {
        return { ...after, banner: { level: "error", title: "PRINTER ERROR", lines: [station.next.replace(/\s*Fix the printer, then scan CMD-REPRINT\.?$/, ""), "The carton is closed and the label job is kept. Fix the printer, then press R or scan CMD-REPRINT."], at } };
      }
      return after;
    }
    case "session": {
      const user = (data.user ?? null) as UserInfo | null;
      return user ? loggedIn(next, user, at) : { ...next, user };
    }
    case "notice": {
      const text = typeof data.message === "string" ? data.message : typeof data.text === "string" ? data.text : JSON.stringify(data);
      return { ...next, banner: { level: "info", title: text, lines: [], at } };
    }
    default:
      return next;
  }
}

function packedUnits(s: StationState | null): number {
  return s === null ? 0 : s.lines.reduce((n, l) => n + l.packed, 0);
}

/** Replace the station state and derive the session statistics from the change. */
function withStation(state: ClientState, station: StationState | null, at: number): ClientState {
  const prev = state.station;
  let stats = state.stats;
  let opened = state.orderOpenedAt;
  let counted = state.counted;
  const order = station?.orderNumber ?? null;
  if (station && order) {
    if (opened[order] === undefined) opened = { ...opened, [order]: at };
    const before = prev?.orderNumber === order ? packedUnits(prev) : 0;
    const delta = packedUnits(station) - before;
    if (delta > 0) stats = { ...stats, items: stats.items + delta };
    // one carton per shipment: the tracking number (or SSCC) stays the same when the label prints or is printed again
    const label = station.trackingNumber ?? station.sscc ?? station.label;
    if (label && !counted.labels.includes(`${order}|${label}`)) {
      counted = { ...counted, labels: [...counted.labels, `${order}|${label}`] };
      stats = { ...stats, cartons: stats.cartons + 1 };
    }
    if (station.phase === "packed" && !counted.orders.includes(order)) {
      counted = { ...counted, orders: [...counted.orders, order] };
      stats = { ...stats, ordersPacked: stats.ordersPacked + 1, packedMs: stats.packedMs + Math.max(0, at - (opened[order] ?? at)) };
    }
  }
  return { ...state, station, stats, orderOpenedAt: opened, counted };
}

/** A loud, specific title and the facts for a refusal, from its stable code, message and details. */
export function describeError(error: ErrorBody, command?: QueuedCommand): { title: string; lines: string[] } {
  const d = error.details ?? {};
  const fact = (k: string) => (d[k] === undefined || d[k] === null ? undefined : String(d[k]));
  const lines = [error.message];
  const code = error.code;
  if (code === "PACK_WRONG_ITEM") {
    const what = [fact("sku"), fact("name") ?? fact("description")].filter(Boolean).join(" ");
    if (what) lines.push(`Scanned: ${what}`);
    const belongs = d.belongsTo;
    if (Array.isArray(belongs) && belongs.length > 0) lines.push(`Belongs to order ${belongs.map(String).join(", ")}`);
    else if (fact("orderNumber")) lines.push(`Belongs to order ${fact("orderNumber")}`);
    else if (Array.isArray(belongs)) lines.push("Belongs to no order waiting for packing");
    lines.push("Put it aside. Nothing was packed.");
    return { title: "WRONG ITEM", lines };
  }
  if (code === "PACK_OVERPACK") {
    if (fact("expected") || fact("ordered")) lines.push(`Ordered ${fact("ordered") ?? fact("expected")}, already packed ${fact("packed") ?? "all"}`);
    lines.push("Take the extra unit out. Nothing was packed.");
    return { title: "OVER-PACK", lines };
  }
  if (code === "PACK_WEIGHT_OUT_OF_TOLERANCE") {
    const exp = fact("expectedGrams") ?? fact("expected");
    const meas = fact("measuredGrams") ?? fact("measured");
    const grams = (k: string) => (typeof d[k] === "number" ? String(Math.round(d[k])) : fact(k));
    const tol = grams("toleranceGrams") ?? grams("tolerance");
    const delta = typeof d.deltaGrams === "number" ? Math.round(d.deltaGrams) : undefined;
    const off = delta === undefined ? "" : delta > 0 ? ` (${delta} g too heavy)` : ` (${-delta} g too light)`;
    if (exp && meas) lines[0] = `Expected ${exp} g${tol ? ` ± ${tol} g` : ""}, measured ${meas} g${off}`;
    lines.push("Check: a missing or extra item, the box type, something else on the scale.");
    lines.push("Re-weigh after fixing, or a supervisor scans their badge to override.");
    return { title: "WEIGHT OUTSIDE TOLERANCE", lines };
  }
  if (code === "PACK_WRONG_LABEL") {
    lines.push("Take that label off this carton: it belongs to the carton named above. Scan this carton's own label.");
    return { title: "WRONG LABEL", lines };
  }
  if (/PRINT/.test(code)) {
    lines.push("The label job is kept. Fix the printer, then press R or scan CMD-REPRINT.");
    return { title: "PRINTER ERROR", lines };
  }
  if (/UNKNOWN|NOT_AN_ITEM|NOT_FOUND/.test(code) && command?.event === "pack.scan") {
    const scanned = typeof command.payload.code === "string" ? command.payload.code : "";
    if (scanned) lines.push(`Barcode: ${scanned}`);
    lines.push("Nothing changed. Scan the item's own barcode, or press M to type it.");
    return { title: "UNKNOWN BARCODE", lines };
  }
  if (code === "NOT_LOGGED_IN" || code === "UNKNOWN_BADGE") return { title: code === "UNKNOWN_BADGE" ? "UNKNOWN BADGE" : "SCAN YOUR BADGE", lines };
  if (code === "PACK_OVERRIDE_NOT_SUPERVISOR") return { title: "NOT A SUPERVISOR", lines: [...lines, "Only a supervisor's badge can override."] };
  return { title: code.replace(/_/g, " "), lines };
}
