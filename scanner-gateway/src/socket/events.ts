/**
 * THE dispatch table of the socket protocol: for every client→server event of core's protocol
 * (`ClientEvents`), the roles that may send it, the zod schema of its payload, whether it is a query
 * (read-only, nothing recorded) or a command (scanId, recorded exactly once, see commands/), and its
 * handler. Adding an event is one entry here (after declaring its types in core/src/protocol); the
 * dispatcher (socket/dispatcher.ts) does the checks in the documented order for every entry alike.
 */
import { z } from "zod";
import { DEVICE_ROLES, DomainError, PROTOCOL_LIMITS, PROTOCOL_VERSION, type ClientEventName, type ClientEvents, type DeviceRole, type HelloData, type PayloadOf } from "@pickpack/core";
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

const ALL = DEVICE_ROLES;
const PICKER: readonly DeviceRole[] = ["picker"];
const PACKER: readonly DeviceRole[] = ["packer"];
const SUPERVISOR: readonly DeviceRole[] = ["supervisor"];

export const EVENTS: EventTable = {
  hello: {
    kind: "query",
    roles: ALL,
    schema: z.strictObject({ lastSeq: seq.optional() }),
    async handle(q): Promise<HelloData> {
      const user = q.device.user_id ? await q.repo.getUser(q.device.user_id) : undefined;
      return { protocol: PROTOCOL_VERSION, device: toDeviceInfo(q.device), user: user ?? null, latestSeq: Number(q.device.feed_seq), serverTime: new Date(q.now).toISOString(), node: q.app.node };
    },
  },
  "feed.sync": {
    kind: "query",
    roles: ALL,
    schema: z.strictObject({ after: seq, limit: z.number().int().min(1).max(PROTOCOL_LIMITS.feedPageSize).optional() }),
    handle: (q, p) => q.repo.readFeed(q.device.id, p.after, p.limit ?? PROTOCOL_LIMITS.feedPageSize),
  },
  "session.login": {
    kind: "command",
    roles: ALL,
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
    kind: "command",
    roles: ALL,
    schema: z.strictObject({ scanId }),
    async handle(c) {
      await c.repo.setDeviceUser(c.tx, c.device.id, null);
      await c.feed(c.device.id, "session", { user: null });
      return { user: null };
    },
  },
  "pick.next": { kind: "query", roles: PICKER, schema: empty, handle: async (q) => ({ task: await q.app.picker.next(q) }) },
  "pick.scan": { kind: "command", roles: PICKER, schema: z.strictObject({ scanId, code, quantity: quantity.optional() }), handle: (c, p) => c.app.picker.scan(c, p) },
  "pick.confirm": { kind: "command", roles: PICKER, schema: z.strictObject({ scanId }), handle: (c, p) => c.app.picker.confirm(c, p) },
  "pick.short": { kind: "command", roles: PICKER, schema: z.strictObject({ scanId, found: z.number().int().min(0).max(PROTOCOL_LIMITS.maxQuantity) }), handle: (c, p) => c.app.picker.short(c, p) },
  "pick.skip": { kind: "command", roles: PICKER, schema: z.strictObject({ scanId }), handle: (c, p) => c.app.picker.skip(c, p) },
  "trip.complete": { kind: "command", roles: PICKER, schema: z.strictObject({ scanId, station: name.optional() }), handle: (c, p) => c.app.picker.complete(c, p) },
  "station.open": { kind: "command", roles: PACKER, schema: z.strictObject({ scanId, station: name.optional() }), handle: (c, p) => c.app.packer.open(c, p) },
  "station.close": { kind: "command", roles: PACKER, schema: z.strictObject({ scanId }), handle: (c, p) => c.app.packer.close(c, p) },
  "pack.state": { kind: "query", roles: PACKER, schema: empty, handle: async (q) => ({ state: await q.app.packer.state(q) }) },
  "pack.scan": { kind: "command", roles: PACKER, schema: z.strictObject({ scanId, code, quantity: quantity.optional() }), handle: (c, p) => c.app.packer.scan(c, p) },
  "pack.weight": {
    kind: "command",
    roles: PACKER,
    schema: z.strictObject({ scanId, grams: z.number().finite().min(0).max(1_000_000).optional() }),
    // no grams: the stable weight of the station's scale attached to this gateway host
    handle: (c, p) => c.app.packer.weight(c, { ...p, ...(c.stationGrams !== undefined ? { stationGrams: c.stationGrams } : {}) }),
  },
  "pack.override": {
    kind: "command",
    roles: PACKER,
    schema: z.strictObject({ scanId, supervisorBadge: code, reason: z.string().trim().min(3, "say why (at least 3 characters)").max(PROTOCOL_LIMITS.maxReasonLength).regex(printable) }),
    handle: (c, p) => c.app.packer.override(c, p),
  },
  "pack.close": { kind: "command", roles: PACKER, schema: z.strictObject({ scanId }), handle: (c, p) => c.app.packer.closeCarton(c, p) },
  "supervisor.watch": {
    kind: "query",
    roles: SUPERVISOR,
    schema: empty,
    async handle(q) {
      q.conn.join("supervisors");
      return { watching: true };
    },
  },
  "devices.list": {
    kind: "query",
    roles: SUPERVISOR,
    schema: empty,
    async handle(q) {
      const devices = await q.repo.listDevices();
      return { devices: devices.map((d) => ({ ...d, connected: q.app.isConnected(d.id) })) };
    },
  },
  "device.revoke": {
    kind: "command",
    roles: SUPERVISOR,
    schema: z.strictObject({ scanId, deviceId: z.string().min(1).max(64), reason: reason.optional() }),
    async handle(c, p) {
      const r = await c.repo.revokeDevice(p.deviceId, { reason: p.reason ?? `revoked by ${c.user?.id ?? c.device.id}`, now: c.now }, c.tx.db);
      c.afterCommit(() => c.app.disconnectDevice(r.deviceId, p.reason ?? "revoked by a supervisor"));
      return r;
    },
  },
};

/** The entry of `event`, or undefined for a name that is not in the table (`__proto__` included). */
export function entryOf(table: Partial<Record<string, EventEntry>>, event: string): EventEntry | undefined {
  return Object.hasOwn(table, event) ? table[event] : undefined;
}
