/**
 * Opening the database for a command: `--db`, else PICKPACK_DATABASE, else ./.pickpack/pickpack.db.
 * The data layer (Kysely, SQLite/PostgreSQL drivers) is loaded only by commands that need it.
 */
import { isAbsolute, resolve } from "node:path";
import { InputError } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import type { CommandContext } from "./context.js";

export const DEFAULT_DB = ".pickpack/pickpack.db";

export function databaseTarget(ctx: CommandContext): string {
  const target = ctx.globals().db ?? ctx.io.env.PICKPACK_DATABASE ?? DEFAULT_DB;
  if (/^postgres(ql)?:\/\//i.test(target) || target === ":memory:") return target;
  return isAbsolute(target) ? target : resolve(ctx.io.cwd, target);
}

export function actorOf(ctx: CommandContext): string {
  return `cli:${ctx.io.env.USER ?? ctx.io.env.LOGNAME ?? "unknown"}`;
}

/** PICKPACK_RESERVATION_MINUTES, validated: a positive number of minutes (fractions allowed). */
export function reservationTtlMs(ctx: CommandContext): number | undefined {
  const raw = ctx.io.env.PICKPACK_RESERVATION_MINUTES;
  if (raw === undefined || raw === "") return undefined;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new InputError("CONFIG_INVALID", `PICKPACK_RESERVATION_MINUTES must be a positive number of minutes, got ${JSON.stringify(raw)}`, [
      { field: "PICKPACK_RESERVATION_MINUTES", message: "must be a positive number of minutes" },
    ]);
  }
  return minutes * 60_000;
}

/** Open the store, run `fn`, always close. */
export async function withStore<T>(ctx: CommandContext, fn: (store: SqlStore) => Promise<T>): Promise<T> {
  const { openStore } = await import("@pickpack/data");
  const ttl = reservationTtlMs(ctx);
  const store = await openStore({ target: databaseTarget(ctx), ...(ttl !== undefined ? { reservationTtlMs: ttl } : {}) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
