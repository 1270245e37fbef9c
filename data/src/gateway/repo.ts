/**
 * The gateway's persistence: paired devices, one-time pairing codes, recorded scans (UNIQUE(device,
 * scanId) with their first ack) and the per-device sequenced feed. Works inside a StoreTransaction
 * (`tx.db`) for anything that must commit with a domain change, or on its own for reads.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { DomainError, GatewayErrorCode, PAIRING, type DeviceInfo, type DeviceRole, type FeedItem, type FeedType, type PairedDevice } from "@pickpack/core";
import type { Database } from "../db/schema.js";
import type { SqlStore, StoreTransaction } from "../store.js";
import type { GatewayDevicesTable, GatewayScansTable } from "./tables.js";
import type { Selectable } from "kysely";

type Q = Kysely<Database> | Transaction<Database>;
const iso = (ms: number) => new Date(ms).toISOString();
export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Split point of a pairing code: the first LOOKUP_LENGTH characters find the row, the rest is the secret. */
const LOOKUP_LENGTH = 3;

export interface NewPairingCode {
  /** The code to type or scan on the device, formatted "ABC-DEFGH". */
  readonly code: string;
  readonly expiresAt: string;
  readonly role: DeviceRole;
  readonly name: string;
  readonly station: string | null;
}

export type DeviceRow = Selectable<GatewayDevicesTable>;
export type ScanRow = Selectable<GatewayScansTable>;

export function toDeviceInfo(d: DeviceRow): DeviceInfo {
  return { id: d.id, name: d.name, role: d.role as DeviceRole, station: d.station };
}

/** Normalise what a person typed: drop separators and spaces, upper case. */
export function normalisePairingCode(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

/**
 * Run `fn` inside a savepoint of the open transaction: if it throws, only its own writes are rolled
 * back and the error is rethrown (SQLite and PostgreSQL both support SAVEPOINT).
 */
export async function withSavepoint<T>(tx: StoreTransaction, name: string, fn: () => Promise<T>): Promise<T> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad savepoint name ${name}`);
  await sql`savepoint ${sql.id(name)}`.execute(tx.db);
  try {
    const value = await fn();
    await sql`release savepoint ${sql.id(name)}`.execute(tx.db);
    return value;
  } catch (e) {
    await sql`rollback to savepoint ${sql.id(name)}`.execute(tx.db);
    await sql`release savepoint ${sql.id(name)}`.execute(tx.db);
    throw e;
  }
}

export type BatchOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Group commit: run several independent jobs in ONE transaction, each in its own savepoint, so one
 * fsync covers them all. A job that throws is rolled back alone; the others commit. If the commit
 * itself fails every job fails (nothing was written).
 */
export async function transactionBatch<T>(store: SqlStore, jobs: readonly ((tx: StoreTransaction) => Promise<T>)[]): Promise<BatchOutcome<T>[]> {
  return store.transaction(async (tx) => {
    const out: BatchOutcome<T>[] = [];
    for (let k = 0; k < jobs.length; k++) {
      const job = jobs[k]!;
      try {
        out.push({ ok: true, value: await withSavepoint(tx, `job_${k}`, () => job(tx)) });
      } catch (error) {
        out.push({ ok: false, error });
      }
    }
    return out;
  });
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

  // ------------------------------------------------------------ pairing

  async createPairingCode(options: { role: DeviceRole; name?: string; station?: string; now: number }): Promise<NewPairingCode> {
    const pick = (n: number) => Array.from({ length: n }, () => PAIRING.alphabet[randomInt(PAIRING.alphabet.length)]).join("");
    for (let attempt = 0; ; attempt++) {
      const lookup = pick(LOOKUP_LENGTH);
      const secret = pick(PAIRING.length - LOOKUP_LENGTH);
      const expiresAt = iso(options.now + PAIRING.ttlMs);
      const name = options.name ?? `${options.role}-${lookup.toLowerCase()}`;
      // Free the lookup of an old, finished code so the short space never runs out.
      await this.#db
        .deleteFrom("gateway_pairing_codes")
        .where("lookup", "=", lookup)
        .where((eb) => eb.or([eb("expires_at", "<", iso(options.now)), eb("used_at", "is not", null), eb("locked_at", "is not", null)]))
        .execute();
      const res = await this.#db
        .insertInto("gateway_pairing_codes")
        .values({ lookup, secret_hash: sha256(secret), role: options.role, name, station: options.station ?? null, created_at: iso(options.now), expires_at: expiresAt, failed_attempts: 0 })
        .onConflict((oc) => oc.column("lookup").doNothing())
        .returning("lookup")
        .executeTakeFirst();
      if (res) return { code: `${lookup}-${secret}`, expiresAt, role: options.role, name, station: options.station ?? null };
      if (attempt > 50) throw new DomainError("PAIRING_CODES_EXHAUSTED", "too many pairing codes are open; wait for some to expire");
    }
  }

  /**
   * Exchange a code for a new paired device. Refusals: PAIRING_CODE_INVALID (unknown or wrong),
   * _EXPIRED, _USED, _LOCKED (after PAIRING.maxWrongGuesses wrong secrets for its lookup part).
   */
  async redeemPairingCode(rawCode: string, now: number): Promise<DeviceInfo> {
    const code = normalisePairingCode(rawCode);
    const invalid = () => new DomainError(GatewayErrorCode.PairingCodeInvalid, "this pairing code is not valid: check it and try again, or ask a supervisor for a new one");
    if (code.length !== PAIRING.length) throw invalid();
    const lookup = code.slice(0, LOOKUP_LENGTH);
    const secret = code.slice(LOOKUP_LENGTH);
    const outcome = await this.#store.transaction(async (tx) => {
      // Lock the code's row (PostgreSQL) so concurrent redemptions and wrong guesses are counted one
      // after the other: a code pairs one device, and the lockout cannot be raced past.
      let query = tx.db.selectFrom("gateway_pairing_codes").selectAll().where("lookup", "=", lookup);
      if (tx.dialect === "postgres") query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (!row) return { error: invalid() };
      if (row.locked_at) return { error: new DomainError(GatewayErrorCode.PairingCodeLocked, "this pairing code is locked after too many wrong attempts: create a new one") };
      if (row.used_at) return { error: new DomainError(GatewayErrorCode.PairingCodeUsed, "this pairing code was already used: create a new one") };
      if (Date.parse(row.expires_at) <= now) return { error: new DomainError(GatewayErrorCode.PairingCodeExpired, `this pairing code expired at ${row.expires_at}: create a new one`) };
      const a = Buffer.from(sha256(secret), "hex");
      const b = Buffer.from(row.secret_hash, "hex");
      if (a.length !== b.length || !timingSafeEqual(a, b)) {
        const failed = row.failed_attempts + 1;
        await tx.db
          .updateTable("gateway_pairing_codes")
          .set({ failed_attempts: failed, ...(failed >= PAIRING.maxWrongGuesses ? { locked_at: iso(now) } : {}) })
          .where("lookup", "=", lookup)
          .execute();
        return { error: failed >= PAIRING.maxWrongGuesses ? new DomainError(GatewayErrorCode.PairingCodeLocked, "too many wrong attempts: this pairing code is now locked, create a new one") : invalid() };
      }
      const id = `dev-${randomBytes(6).toString("hex")}`;
      await tx.db.insertInto("gateway_devices").values({ id, name: row.name, role: row.role, station: row.station, paired_at: iso(now), feed_seq: 0 }).execute();
      await tx.db.updateTable("gateway_pairing_codes").set({ used_at: iso(now), device_id: id }).where("lookup", "=", lookup).execute();
      return { device: { id, name: row.name, role: row.role as DeviceRole, station: row.station } satisfies DeviceInfo };
    });
    // The failed-attempt counter must be committed, so the refusal is thrown after the transaction.
    if ("error" in outcome) throw outcome.error;
    return outcome.device;
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
    if (!d) throw new DomainError(GatewayErrorCode.UnknownDevice, `no paired device ${JSON.stringify(id)} (see \`pickpack devices paired\`)`);
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
