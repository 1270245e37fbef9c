/**
 * The gateway's persistence: paired devices, one-time pairing codes (pairing.ts), recorded scans (UNIQUE(device,
 * scanId) with their first ack) and the per-device sequenced feed. Works inside a StoreTransaction
 * (`tx.db`) for anything that must commit with a domain change, or on its own for reads.
 */
import type { Kysely, Transaction } from "kysely";
import { DomainError, type DeviceInfo, type DeviceRole, type FeedItem, type FeedType, type PairedDevice } from "@pickpack/core";
import type { Database } from "../db/schema.js";
import type { SqlStore, StoreTransaction } from "../store.js";
import { createPairingCode, redeemPairingCode, type NewPairingCode } from "./pairing.js";
import type { GatewayDevicesTable, GatewayScansTable } from "./tables.js";

export { normalisePairingCode, sha256, type NewPairingCode } from "./pairing.js";
export { transactionBatch, withSavepoint, type BatchOutcome } from "./batch.js";
import type { Selectable } from "kysely";

type Q = Kysely<Database> | Transaction<Database>;
const iso = (ms: number) => new Date(ms).toISOString();

export type DeviceRow = Selectable<GatewayDevicesTable>;
export type ScanRow = Selectable<GatewayScansTable>;

export function toDeviceInfo(d: DeviceRow): DeviceInfo {
  return { id: d.id, name: d.name, role: d.role as DeviceRole, station: d.station };
}

export class GatewayRepo {
  readonly #store: SqlStore;
  constructor(store: SqlStore) {
    this.#store = store;
  }

  get store(): SqlStore {
    return this.#store;
  }

  get #db(): Kysely<Database> {
    return this.#store.kysely;
  }

  // ------------------------------------------------------------ pairing (pairing.ts)

  createPairingCode(options: { role: DeviceRole; name?: string; station?: string; now: number }): Promise<NewPairingCode> {
    return createPairingCode(this.#db, options);
  }

  /**
   * Exchange a code for a new paired device. Refusals: PAIRING_CODE_INVALID (unknown or wrong),
   * _EXPIRED, _USED, _LOCKED (after PAIRING.maxWrongGuesses wrong secrets for its lookup part).
   */
  redeemPairingCode(rawCode: string, now: number): Promise<DeviceInfo> {
    return redeemPairingCode(this.#store, rawCode, now);
  }

  // ------------------------------------------------------------ devices

  async getDevice(id: string, q: Q = this.#db): Promise<DeviceRow | undefined> {
    return q.selectFrom("gateway_devices").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The packer device paired last for `station` and not revoked: the one a headless station's reads act on. */
  async stationPackerDevice(station: string): Promise<DeviceRow | undefined> {
    return this.#db
      .selectFrom("gateway_devices")
      .selectAll()
      .where("station", "=", station)
      .where("role", "=", "packer")
      .where("revoked_at", "is", null)
      .orderBy("paired_at", "desc")
      .executeTakeFirst();
  }

  async listDevices(): Promise<PairedDevice[]> {
    const rows = await this.#db.selectFrom("gateway_devices").selectAll().orderBy("paired_at").orderBy("id").execute();
    return rows.map((d) => ({ ...toDeviceInfo(d), pairedAt: d.paired_at, revokedAt: d.revoked_at, userId: d.user_id }));
  }

  /** Revoke a device (idempotent: the first revocation time is kept). */
  async revokeDevice(id: string, options: { reason?: string; now: number }, q: Q = this.#db): Promise<{ deviceId: string; revokedAt: string }> {
    const d = await this.getDevice(id, q);
    if (!d) throw new DomainError("UNKNOWN_DEVICE", `no paired device ${JSON.stringify(id)} (see \`pickpack devices paired\`)`);
    if (d.revoked_at) return { deviceId: id, revokedAt: d.revoked_at };
    const revokedAt = iso(options.now);
    await q.updateTable("gateway_devices").set({ revoked_at: revokedAt, revoke_reason: options.reason ?? "revoked", user_id: null }).where("id", "=", id).execute();
    return { deviceId: id, revokedAt };
  }

  /** Devices revoked at or after `since` (ISO), for nodes that disconnect them. */
  async revokedSince(since: string): Promise<{ id: string; revokedAt: string; reason: string }[]> {
    const rows = await this.#db.selectFrom("gateway_devices").select(["id", "revoked_at", "revoke_reason"]).where("revoked_at", ">=", since).execute();
    return rows.map((r) => ({ id: r.id, revokedAt: r.revoked_at ?? since, reason: r.revoke_reason ?? "revoked" }));
  }

  async setDeviceUser(tx: StoreTransaction, deviceId: string, userId: string | null): Promise<void> {
    await tx.db.updateTable("gateway_devices").set({ user_id: userId }).where("id", "=", deviceId).execute();
  }

  async setDeviceState(tx: StoreTransaction, deviceId: string, state: unknown): Promise<void> {
    await tx.db.updateTable("gateway_devices").set({ state: state === null ? null : JSON.stringify(state) }).where("id", "=", deviceId).execute();
  }

  async getDeviceState<T>(tx: StoreTransaction, deviceId: string): Promise<T | null> {
    const row = await tx.db.selectFrom("gateway_devices").select("state").where("id", "=", deviceId).executeTakeFirst();
    return row?.state ? (JSON.parse(row.state) as T) : null;
  }

  async findUserByBadge(badge: string, q: Q = this.#db): Promise<{ id: string; name: string; role: string } | undefined> {
    return q.selectFrom("users").select(["id", "name", "role"]).where("badge", "=", badge).executeTakeFirst();
  }

  async getUser(id: string, q: Q = this.#db): Promise<{ id: string; name: string; role: string } | undefined> {
    return q.selectFrom("users").select(["id", "name", "role"]).where("id", "=", id).executeTakeFirst();
  }

  // ------------------------------------------------------------ scans

  async findScan(deviceId: string, scanId: string, q: Q = this.#db): Promise<ScanRow | undefined> {
    return q.selectFrom("gateway_scans").selectAll().where("device_id", "=", deviceId).where("scan_id", "=", scanId).executeTakeFirst();
  }

  /**
   * Claim (device, scanId) inside the transaction, before the domain change. Returns false when the
   * pair is already recorded (on PostgreSQL a concurrent claimer waits for the first to commit).
   */
  async claimScan(tx: StoreTransaction, row: { deviceId: string; scanId: string; event: string; userId: string | null; payloadHash: string; now: number }): Promise<number | undefined> {
    const res = await tx.db
      .insertInto("gateway_scans")
      .values({ device_id: row.deviceId, scan_id: row.scanId, event: row.event, user_id: row.userId, payload_hash: row.payloadHash, ack: "", ok: 0, code: null, created_at: iso(row.now) })
      .onConflict((oc) => oc.columns(["device_id", "scan_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    return res ? Number(res.id) : undefined;
  }

  async completeScan(tx: StoreTransaction, id: number, ack: string, ok: boolean, code: string | null): Promise<void> {
    await tx.db.updateTable("gateway_scans").set({ ack, ok: ok ? 1 : 0, code }).where("id", "=", id).execute();
  }

  async recentScans(options: { after?: number; limit?: number } = {}): Promise<ScanRow[]> {
    return this.#db
      .selectFrom("gateway_scans")
      .selectAll()
      .where("id", ">", options.after ?? 0)
      .orderBy("id")
      .limit(options.limit ?? 500)
      .execute();
  }

  async countScans(): Promise<number> {
    const r = await this.#db.selectFrom("gateway_scans").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  // ------------------------------------------------------------ feed

  /** Append a feed item for a device in this transaction; its sequence is the device's next. */
  async appendFeed<T>(tx: StoreTransaction, deviceId: string, type: FeedType, data: T, now: number): Promise<FeedItem<T>> {
    const r = await tx.db
      .updateTable("gateway_devices")
      .set((eb) => ({ feed_seq: eb("feed_seq", "+", 1) }))
      .where("id", "=", deviceId)
      .returning("feed_seq")
      .executeTakeFirstOrThrow();
    const seq = Number(r.feed_seq);
    const at = iso(now);
    await tx.db.insertInto("gateway_feed").values({ device_id: deviceId, seq, type, payload: JSON.stringify(data), created_at: at }).execute();
    return { seq, type, at, data };
  }

  async readFeed(deviceId: string, after: number, limit: number): Promise<{ items: FeedItem[]; latestSeq: number; more: boolean }> {
    const rows = await this.#db
      .selectFrom("gateway_feed")
      .selectAll()
      .where("device_id", "=", deviceId)
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(limit + 1)
      .execute();
    const d = await this.getDevice(deviceId);
    const items = rows.slice(0, limit).map((r) => ({ seq: Number(r.seq), type: r.type as FeedType, at: r.created_at, data: JSON.parse(r.payload) as unknown }));
    return { items, latestSeq: Number(d?.feed_seq ?? 0), more: rows.length > limit };
  }

  // ------------------------------------------------------------ settings

  /** Read a setting, creating it with `create()` if absent (first writer wins across nodes). */
  async setting(name: string, create: () => string): Promise<string> {
    const found = await this.#db.selectFrom("gateway_settings").select("value").where("name", "=", name).executeTakeFirst();
    if (found) return found.value;
    await this.#db.insertInto("gateway_settings").values({ name, value: create() }).onConflict((oc) => oc.column("name").doNothing()).execute();
    const row = await this.#db.selectFrom("gateway_settings").select("value").where("name", "=", name).executeTakeFirstOrThrow();
    return row.value;
  }
}
