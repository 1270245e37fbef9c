/**
 * One-time pairing codes: created by a supervisor (`pickpack devices pair`), exchanged once by a
 * device for its row in gateway_devices (POST /v1/pair). A code is 8 characters: the first
 * LOOKUP_LENGTH find its row, the rest is the secret (stored hashed, compared in constant time);
 * wrong secrets lock the code after PAIRING.maxWrongGuesses.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { DomainError, InputError, PAIRING, STATION_NAME_RULE, isStationName, type DeviceInfo, type DeviceRole } from "@pickpack/core";
import type { Database } from "../db/schema.js";
import type { SqlStore } from "../store.js";

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

/** Normalise what a person typed: drop separators and spaces, upper case. */
export function normalisePairingCode(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

export async function createPairingCode(db: Kysely<Database>, options: { role: DeviceRole; name?: string; station?: string; now: number }): Promise<NewPairingCode> {
  if (options.station !== undefined && !isStationName(options.station)) {
    throw new InputError("STATION_NAME_INVALID", `station ${JSON.stringify(options.station)} is not a station name: ${STATION_NAME_RULE}`, [{ field: "--station", message: STATION_NAME_RULE }]);
  }
  const pick = (n: number) => Array.from({ length: n }, () => PAIRING.alphabet[randomInt(PAIRING.alphabet.length)]).join("");
  for (let attempt = 0; ; attempt++) {
    const lookup = pick(LOOKUP_LENGTH);
    const secret = pick(PAIRING.length - LOOKUP_LENGTH);
    const expiresAt = iso(options.now + PAIRING.ttlMs);
    const name = options.name ?? `${options.role}-${lookup.toLowerCase()}`;
    // Free the lookup of an old, finished code so the short space never runs out.
    await db
      .deleteFrom("gateway_pairing_codes")
      .where("lookup", "=", lookup)
      .where((eb) => eb.or([eb("expires_at", "<", iso(options.now)), eb("used_at", "is not", null), eb("locked_at", "is not", null)]))
      .execute();
    const res = await db
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
export async function redeemPairingCode(store: SqlStore, rawCode: string, now: number): Promise<DeviceInfo> {
  const code = normalisePairingCode(rawCode);
  const invalid = () => new DomainError("PAIRING_CODE_INVALID", "this pairing code is not valid: check it and try again, or ask a supervisor for a new one");
  if (code.length !== PAIRING.length) throw invalid();
  const lookup = code.slice(0, LOOKUP_LENGTH);
  const secret = code.slice(LOOKUP_LENGTH);
  const outcome = await store.transaction(async (tx) => {
    // Lock the code's row (PostgreSQL) so concurrent redemptions and wrong guesses are counted one
    // after the other: a code pairs one device, and the lockout cannot be raced past.
    let query = tx.db.selectFrom("gateway_pairing_codes").selectAll().where("lookup", "=", lookup);
    if (tx.dialect === "postgres") query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) return { error: invalid() };
    if (row.locked_at) return { error: new DomainError("PAIRING_CODE_LOCKED", "this pairing code is locked after too many wrong attempts: create a new one") };
    if (row.used_at) return { error: new DomainError("PAIRING_CODE_USED", "this pairing code was already used: create a new one") };
    if (Date.parse(row.expires_at) <= now) return { error: new DomainError("PAIRING_CODE_EXPIRED", `this pairing code expired at ${row.expires_at}: create a new one`) };
    const a = Buffer.from(sha256(secret), "hex");
    const b = Buffer.from(row.secret_hash, "hex");
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      const failed = row.failed_attempts + 1;
      await tx.db
        .updateTable("gateway_pairing_codes")
        .set({ failed_attempts: failed, ...(failed >= PAIRING.maxWrongGuesses ? { locked_at: iso(now) } : {}) })
        .where("lookup", "=", lookup)
        .execute();
      return { error: failed >= PAIRING.maxWrongGuesses ? new DomainError("PAIRING_CODE_LOCKED", "too many wrong attempts: this pairing code is now locked, create a new one") : invalid() };
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
