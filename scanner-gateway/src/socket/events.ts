/**
 * THE dispatch table of the socket protocol: for every client→server event of core's protocol
 * (`ClientEvents`), the zod schema of its payload and its handler; the roles that may send it and
 * whether it is a query (read-only, nothing recorded) or a command (scanId, recorded exactly once,
 * see commands/) come from core's EVENT_SPEC, declared once. Adding an event: its types and one
 * EVENT_SPEC line in core/src/protocol, one handler entry here; the dispatcher
 * (socket/dispatcher.ts) does the checks in the documented order for every entry alike.
 */
import { z } from "zod";
import { EVENT_SPEC, DomainError, PROTOCOL_LIMITS, PROTOCOL_VERSION, type ClientEventName, type ClientEvents, type DeviceRole, type EventKindOf, type HelloData, type PayloadOf } from "@pickpack/core";
import { toDeviceInfo, type SqlStore, type GatewayRepo } from "@pickpack/data";
import type { CommandScope, PackerFlow, PickerFlow, QueryScope } from "../flows/flows.js";
import { code, empty, name, printable, quantity, reason, scanId, seq } from "./payload.js";
import type { Session } from "./session.js";
import type { Connection } from "./transport.js";

/** What handlers may use beyond their scope: the flows and this node's view of the connections. */
export interface GatewayServices {
  readonly store: SqlStore;
  readonly repo: GatewayRepo;
  readonly node: string;
  readonly picker: PickerFlow;
  readonly packer: PackerFlow;
  /** Whether the device has a socket on this node. */
  isConnected(deviceId: string): boolean;
  /** Tell a device it was revoked and disconnect it, on every node. */
  disconnectDevice(deviceId: string, reason: string): void;
}

export interface QueryContext extends QueryScope {
  readonly conn: Connection<Session>;
  readonly app: GatewayServices;
}

export interface CommandContext extends CommandScope {
  readonly app: GatewayServices;
}

type Data<E extends ClientEventName> = ClientEvents[E]["data"];

export interface QueryEntry<E extends ClientEventName> {
  readonly kind: "query";
  readonly roles: readonly DeviceRole[];
  readonly schema: z.ZodType<PayloadOf<E>>;
  handle(ctx: QueryContext, payload: PayloadOf<E>): Promise<Data<E>>;
}

export interface CommandEntry<E extends ClientEventName> {
  readonly kind: "command";
  readonly roles: readonly DeviceRole[];
  readonly schema: z.ZodType<PayloadOf<E> & { readonly scanId: string }>;
  handle(ctx: CommandContext, payload: PayloadOf<E>): Promise<Data<E>>;
}

export type EventEntry<E extends ClientEventName = ClientEventName> = QueryEntry<E> | CommandEntry<E>;
export type EventTable = { readonly [E in ClientEventName]: EventEntry<E> };

/** One handler entry: a command's or a query's, as core's EVENT_SPEC declares the event. */
type HandlerEntry<E extends ClientEventName> = Omit<EventKindOf<E> extends "command" ? CommandEntry<E> : QueryEntry<E>, "kind" | "roles">;
type HandlerTable = { readonly [E in ClientEventName]: HandlerEntry<E> };

const HANDLERS: HandlerTable = {
  hello: {
    schema: z.strictObject({ lastSeq: seq.optional() }),
    async handle(q): Promise<HelloData> {
      const user = q.device.user_id ? await q.repo.getUser(q.device.user_id) : undefined;
      return { protocol: PROTOCOL_VERSION, device: toDeviceInfo(q.device), user: user ?? null, latestSeq: Number(q.device.feed_seq), serverTime: new Date(q.now).toISOString(), node: q.app.node };
    },
  },
  "feed.sync": {
    schema: z.strictObject({ after: seq, limit: z.number().int().min(1).max(PROTOCOL_LIMITS.feedPageSize).optional() }),
    handle: (q, p) => q.repo.readFeed(q.device.id, p.after, p.limit ?? PROTOCOL_LIMITS.feedPageSize),
  },
  "session.login": {
    schema: z.strictObject({ scanId, badge: code }),
    async handle(c, p) {
      const u = await c.repo.findUserByBadge(p.badge, c.tx.db);
      if (!u) throw new DomainError("UNKNOWN_BADGE", `badge ${JSON.stringify(p.badge)} is not registered: ask a supervisor`);
      await c.repo.setDeviceUser(c.tx, c.device.id, u.id);
      await c.feed(c.device.id, "session", { user: u });
      return { user: u };
    },
  },
  "session.logout": {
    schema: z.strictObject({ scanId }),
    async handle(c) {
      await c.repo.setDeviceUser(c.tx, c.device.id, null);
      await c.feed(c.device.id, "session", { user: null });
      return { user: null };
    },
  },
  "pick.next": { schema: empty, handle: async (q) => ({ task: await q.app.picker.next(q) }) },
  "pick.scan": { schema: z.strictObject({ scanId, code, quantity: quantity.optional() }), handle: (c, p) => c.app.picker.scan(c, p) },
  "pick.confirm": { schema: z.strictObject({ scanId }), handle: (c, p) => c.app.picker.confirm(c, p) },
  "pick.short": { schema: z.strictObject({ scanId, found: z.number().int().min(0).max(PROTOCOL_LIMITS.maxQuantity), reason: reason.optional() }), handle: (c, p) => c.app.picker.short(c, p) },
  "pick.skip": { schema: z.strictObject({ scanId }), handle: (c, p) => c.app.picker.skip(c, p) },
  "trip.complete": { schema: z.strictObject({ scanId, station: name.optional() }), handle: (c, p) => c.app.picker.complete(c, p) },
  "station.open": { schema: z.strictObject({ scanId, station: name.optional() }), handle: (c, p) => c.app.packer.open(c, p) },
  "station.close": { schema: z.strictObject({ scanId }), handle: (c, p) => c.app.packer.close(c, p) },
  "pack.state": { schema: empty, handle: async (q) => ({ state: await q.app.packer.state(q) }) },
  "pack.scan": { schema: z.strictObject({ scanId, code, quantity: quantity.optional() }), handle: (c, p) => c.app.packer.scan(c, p) },
  "pack.weight": {
    schema: z.strictObject({ scanId, grams: z.number().finite().min(0).max(1_000_000).optional() }),
    // no grams: the stable weight of the station's scale attached to this gateway host
    handle: (c, p) => c.app.packer.weight(c, { ...p, ...(c.stationGrams !== undefined ? { stationGrams: c.stationGrams } : {}) }),
  },
  "pack.override": {
    schema: z.strictObject({ scanId, supervisorBadge: code, reason: z.string().trim().min(3, "say why (at least 3 characters)").max(PROTOCOL_LIMITS.maxReasonLength).regex(printable) }),
    handle: (c, p) => c.app.packer.override(c, p),
  },
  "pack.close": { schema: z.strictObject({ scanId }), handle: (c, p) => c.app.packer.closeCarton(c, p) },
  "supervisor.watch": {
    schema: empty,
    async handle(q) {
      q.conn.join("supervisors");
      return { watching: true };
    },
  },
  "devices.list": {
    schema: empty,
    async handle(q) {
      const devices = await q.repo.listDevices();
      return { devices: devices.map((d) => ({ ...d, connected: q.app.isConnected(d.id) })) };
    },
  },
  "device.revoke": {
    schema: z.strictObject({ scanId, deviceId: z.string().min(1).max(64), reason: reason.optional() }),
    async handle(c, p) {
      const r = await c.repo.revokeDevice(p.deviceId, { reason: p.reason ?? `revoked by ${c.user?.id ?? c.device.id}`, now: c.now }, c.tx.db);
      c.afterCommit(() => c.app.disconnectDevice(r.deviceId, p.reason ?? "revoked by a supervisor"));
      return r;
    },
  },
};

/** The dispatch table: each handler with the roles and kind core declares for its event. */
export const EVENTS: EventTable = Object.fromEntries(
  (Object.keys(HANDLERS) as ClientEventName[]).map((e) => [e, { ...HANDLERS[e], roles: EVENT_SPEC[e].roles as readonly DeviceRole[], kind: EVENT_SPEC[e].kind }]),
) as unknown as EventTable;

/** The entry of `event`, or undefined for a name that is not in the table (`__proto__` included). */
export function entryOf(table: Partial<Record<string, EventEntry>>, event: string): EventEntry | undefined {
  return Object.hasOwn(table, event) ? table[event] : undefined;
}
