/**
 * Wrong pairing codes per client address, kept in the database so every gateway node sharing it
 * counts the same attempts (migration 0015_hardening). A leaky bucket per address: `limit` attempts,
 * draining at `limit` per `windowMs` (20 per 10 minutes: one more every 30 s). An attempt is charged
 * BEFORE its code is looked at, in one atomic upsert, so concurrent requests from one address cannot
 * race past the limit; an attempt over the limit (not evaluated) and a code that pairs are refunded,
 * so only evaluated wrong codes count.
 */
import { sql, type Kysely, type Migration } from "kysely";
import type { Dialect } from "../db/schema.js";
import type { SqlStore } from "../store.js";

/** The bucket of one address. */
export interface GatewayPairingAttemptsTable {
  /** The client address (or another key the caller chooses). */
  key: string;
  /** Attempts in the bucket as of `at` (drains continuously). */
  level: number;
  /** When `level` was last computed, ms since the epoch. */
  at: number;
}

export interface PairingAttemptLimit {
  /** Attempts evaluated before the address must wait. */
  readonly limit: number;
  /** The bucket drains `limit` attempts in this time. */
  readonly windowMs: number;
}

/** 20 wrong codes per address, one more every 30 s (20 per 10 minutes). */
export const PAIRING_ATTEMPT_LIMIT: PairingAttemptLimit = { limit: 20, windowMs: 10 * 60_000 };

export function pairingAttemptsMigration(dialect: Dialect): Migration {
  // Milliseconds need 8-byte floats: PostgreSQL's "real" is 4 bytes, SQLite's is 8.
  const float = dialect === "postgres" ? "double precision" : "real";
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("gateway_pairing_attempts")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("level", sql.raw(float), (c) => c.notNull())
        .addColumn("at", sql.raw(float), (c) => c.notNull())
        .execute();
    },
  };
}

/** Every this many charges, buckets drained empty (untouched for a whole window) are deleted. */
const PRUNE_EVERY = 64;

export class PairingAttempts {
  readonly #store: SqlStore;
  readonly #o: PairingAttemptLimit;
  #charges = 0;
  constructor(store: SqlStore, limit: PairingAttemptLimit = PAIRING_ATTEMPT_LIMIT) {
    this.#store = store;
    this.#o = limit;
  }

  get limit(): PairingAttemptLimit {
    return this.#o;
  }

  /**
   * Count one attempt for `key`; false when it would be over the limit (it is refunded at once, and
   * the caller must not evaluate the code).
   */
  async charge(key: string, now: number): Promise<boolean> {
    const rate = this.#o.limit / this.#o.windowMs;
    const t = sql<number>`cast(${now} as double precision)`;
    const old = sql.ref("gateway_pairing_attempts.level");
    const at = sql.ref("gateway_pairing_attempts.at");
    // Drained level: level - elapsed * rate, never below 0 (a node whose clock is behind drains nothing).
    const elapsed = sql<number>`(case when ${t} > ${at} then ${t} - ${at} else 0 end)`;
    const drained = sql<number>`(case when ${old} - ${elapsed} * ${rate} > 0 then ${old} - ${elapsed} * ${rate} else 0 end)`;
    const prune = ++this.#charges % PRUNE_EVERY === 0;
    const row = await this.#store.transaction(async (tx) => {
      // Addresses seen once do not pile up: a bucket untouched for a window is empty anyway.
      if (prune) await tx.db.deleteFrom("gateway_pairing_attempts").where("at", "<", now - this.#o.windowMs).execute();
      return tx.db
        .insertInto("gateway_pairing_attempts")
        .values({ key, level: 1, at: now })
        .onConflict((oc) => oc.column("key").doUpdateSet({ level: sql<number>`${drained} + 1`, at: sql<number>`(case when ${t} > ${at} then ${t} else ${at} end)` }))
        .returning("level")
        .executeTakeFirstOrThrow();
    });
    if (Number(row.level) <= this.#o.limit + 1e-9) return true;
    await this.refund(key);
    return false;
  }

  /** Give back one attempt (a code that paired, or an attempt refused without evaluation). */
  async refund(key: string): Promise<void> {
    await this.#store.transaction(async (tx) => {
      await tx.db
        .updateTable("gateway_pairing_attempts")
        .set({ level: sql<number>`case when level > 1 then level - 1 else 0 end` })
        .where("key", "=", key)
        .execute();
    });
  }

  /** Attempts in `key`'s bucket at `now` (tests, diagnostics). */
  async count(key: string, now: number): Promise<number> {
    const row = await this.#store.kysely.selectFrom("gateway_pairing_attempts").select(["level", "at"]).where("key", "=", key).executeTakeFirst();
    if (!row) return 0;
    return Math.max(0, Number(row.level) - Math.max(0, now - Number(row.at)) * (this.#o.limit / this.#o.windowMs));
  }
}
