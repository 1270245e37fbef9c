/**
 * Opening the database for a command: `--db`, else PICKPACK_DATABASE, else ./.pickpack/pickpack.db.
 * The data layer (Kysely, SQLite/PostgreSQL drivers) is loaded only by commands that need it.
 */
import { isAbsolute, resolve } from "node:path";
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

/** Open the store, run `fn`, always close. */
export async function withStore<T>(ctx: CommandContext, fn: (store: SqlStore) => Promise<T>): Promise<T> {
  const { openStore } = await import("@pickpack/data");
  const ttlMinutes = ctx.io.env.PICKPACK_RESERVATION_MINUTES;
  const store = await openStore({
    target: databaseTarget(ctx),
    ...(ttlMinutes ? { reservationTtlMs: Number(ttlMinutes) * 60_000 } : {}),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
