/**
 * Opening the database for a command: `--db`, else PICKPACK_DATABASE, else ./.pickpack/pickpack.db.
 * The data layer (Kysely, the SQLite or PostgreSQL driver) is loaded only by commands that need it.
 */
import { userInfo } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { InputError } from "@pickpack/core/errors";
import type { SqlStore } from "@pickpack/data";
import type { CommandContext } from "./context.js";

export const DEFAULT_DB = ".pickpack/pickpack.db";

export function databaseTarget(ctx: CommandContext): string {
  const target = ctx.globals().db ?? ctx.io.env.PICKPACK_DATABASE ?? DEFAULT_DB;
  if (/^postgres(ql)?:\/\//i.test(target) || target === ":memory:") return target;
  return isAbsolute(target) ? target : resolve(ctx.io.cwd, target);
}

/**
 * Who acts, as the audit trail records it: `--actor NAME`, else PICKPACK_ACTOR, else `cli:` and the
 * login name ($USER, $LOGNAME, else the operating system's user name).
 */
export function actorOf(ctx: CommandContext): string {
  const given = [ctx.globals().actor, ctx.io.env.PICKPACK_ACTOR].map((a) => a?.trim()).find((a) => a !== undefined && a !== "");
  if (given !== undefined) {
    // eslint-disable-next-line no-control-regex
    if (given.length > 100 || /[\u0000-\u001f\u007f]/.test(given)) {
      throw new InputError("ACTOR_INVALID", `the actor must be 1-100 printable characters, got ${JSON.stringify(given.slice(0, 120))}`, [
        { field: ctx.globals().actor !== undefined ? "--actor" : "PICKPACK_ACTOR", message: "must be 1-100 printable characters" },
      ]);
    }
    return given;
  }
  const login = ctx.io.env.USER || ctx.io.env.LOGNAME || osUser();
  return `cli:${login || "unknown"}`;
}

function osUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined; // no passwd entry for this uid (e.g. a container)
  }
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

/**
 * The commands that create the database when there is none: `init`, and those that write by nature
 * (`import` loads a new warehouse's data). Every other command needs an existing database, so a
 * mistyped `--db` says so instead of creating an empty one.
 */
export const CREATING_COMMANDS: ReadonlySet<string> = new Set(["init", "import"]);

export interface WithStoreOptions {
  /** Create the database (and run its migrations) when there is none; default: only for CREATING_COMMANDS. */
  readonly create?: boolean;
}

/** Open the store, run `fn`, always close. */
export async function withStore<T>(ctx: CommandContext, fn: (store: SqlStore) => Promise<T>, options: WithStoreOptions = {}): Promise<T> {
  const { openStore } = await import("@pickpack/data/open"); // not the package index: no import parsers, no pg for SQLite
  const ttl = reservationTtlMs(ctx);
  const command = ctx.command?.()?.split(" ")[0];
  const create = options.create ?? (command !== undefined && CREATING_COMMANDS.has(command));
  const store = await openStore({ target: databaseTarget(ctx), create, ...(ttl !== undefined ? { reservationTtlMs: ttl } : {}) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
