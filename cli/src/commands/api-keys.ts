/**
 * `pickpack api-keys`: keys for the order-system HTTP API (one per client system).
 * - `api-keys create --name shop --scopes orders:write,orders:read,stock:read`: the key, shown once
 * - `api-keys list`: every key with its scopes (revoked ones too; never the secret)
 * - `api-keys revoke ID`: refused on its next request, on every gateway node
 */
import type { Registrar } from "./index.js";
import { isoTime } from "../output/format.js";
import { sanitizeForTerminal, table } from "../output/table.js";
import { actorOf, withStore } from "../store.js";

export const registerApiKeys: Registrar = (program, ctx) => {
  const keys = program.command("api-keys").description("API keys of order systems for the gateway's HTTP API (/v1/orders, /v1/stock): create, list, revoke");

  keys
    .command("create")
    .description("create an API key (shown once; stored hashed)")
    .requiredOption("--name <name>", "the client system (e.g. shop); repeats of a POST are recognised per name")
    .requiredOption("--scopes <list>", "comma-separated: orders:write, orders:read, stock:read")
    .option("--json", "print JSON")
    .action(async (opts: { name: string; scopes: string; json?: boolean }) => {
      const { createApiKey } = await import("@pickpack/data");
      const scopes = opts.scopes.split(",").map((s) => s.trim()).filter(Boolean);
      const key = await withStore(ctx, (store) => createApiKey(store, { name: opts.name, scopes }, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
      if (opts.json) return ctx.printJson({ ...key, createdAt: isoTime(key.createdAt) });
      ctx.print(`API key for ${sanitizeForTerminal(key.name)} (id ${key.id}, scopes ${key.scopes.join(", ")}):`);
      ctx.print("");
      ctx.print(`  ${key.key}`);
      ctx.print("");
      ctx.print("It is shown only now: store it in the order system. Send it as Authorization: Bearer <key>.");
    });

  keys
    .command("list")
    .description("list API keys (revoked ones too)")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const { listApiKeys } = await import("@pickpack/data");
      const list = await withStore(ctx, (store) => listApiKeys(store));
      if (opts.json) return ctx.printJson(list.map((k) => ({ ...k, createdAt: isoTime(k.createdAt), revokedAt: k.revokedAt !== undefined ? isoTime(k.revokedAt) : null })));
      if (list.length === 0) return ctx.print("no API keys (create one with `pickpack api-keys create --name shop --scopes orders:write,orders:read,stock:read`)");
      ctx.print(table(["ID", "NAME", "SCOPES", "CREATED", "BY", "REVOKED"], list.map((k) => [k.id, sanitizeForTerminal(k.name), k.scopes.join(","), isoTime(k.createdAt), sanitizeForTerminal(k.createdBy), k.revokedAt !== undefined ? isoTime(k.revokedAt) : ""])));
    });

  keys
    .command("revoke")
    .description("revoke an API key: its next request is refused (401)")
    .argument("<id>", "key id (see `api-keys list`)")
    .option("--json", "print JSON")
    .action(async (id: string, opts: { json?: boolean }) => {
      const { revokeApiKey } = await import("@pickpack/data");
      const k = await withStore(ctx, (store) => revokeApiKey(store, id, { now: ctx.io.clock.now(), actor: actorOf(ctx) }));
      if (opts.json) return ctx.printJson({ id: k.id, name: k.name, revokedAt: k.revokedAt !== undefined ? isoTime(k.revokedAt) : null });
      ctx.print(`revoked API key ${k.id} (${sanitizeForTerminal(k.name)}) at ${isoTime(k.revokedAt)}`);
    });
};
