/**
 * `pickpack outbox list|retry|replay`: the events waiting to leave, their delivery state per
 * destination, retrying failed deliveries and re-sending events since a time (same event ids).
 */
import { InputError } from "@pickpack/core";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { sanitizeForTerminal, table } from "../output/table.js";

function parseLimit(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InputError("ARGUMENT_INVALID", `--limit must be a whole number of 1 or more, got ${JSON.stringify(v)}`);
  return n;
}

export const registerOutbox: Registrar = (program, ctx) => {
  const outbox = program.command("outbox").description("events waiting to be delivered: list, retry failed deliveries, replay since a time");
  const by = () => ({ now: ctx.io.clock.now(), actor: actorOf(ctx) });

  outbox
    .command("list")
    .description("outbox events, newest last, with their delivery state per destination")
    .option("--pending", "only events not yet delivered everywhere")
    .option("--failed", "only events with a failed delivery (waiting for `outbox retry`)")
    .option("--limit <n>", "at most this many (default 50)", parseLimit)
    .option("--json", "print as JSON")
    .action(async (opts: { pending?: boolean; failed?: boolean; limit?: number; json?: boolean }) => {
      const { listOutboxEntries } = await import("@pickpack/data");
      const list = await withStore(ctx, (s) => listOutboxEntries(s, { ...(opts.pending ? { pending: true } : {}), ...(opts.failed ? { failed: true } : {}), ...(opts.limit ? { limit: opts.limit } : {}) }));
      if (opts.json) return ctx.printJson(list);
      const rows = list.flatMap((e) => {
        const head = [e.eventId, e.type, e.orderNumber ?? e.stream ?? "", e.sequence, e.createdAt, e.deliveredAt ?? "pending"];
        if (e.deliveries.length === 0) return [[...head, "", "", "", ""]];
        return e.deliveries.map((d, i) => [...(i === 0 ? head : ["", "", "", "", "", ""]), d.destination, d.state, d.attempts, sanitizeForTerminal(d.lastError ?? (d.nextAttemptAt ? `next ${d.nextAttemptAt}` : ""))]);
      });
      ctx.print(table(["EVENT", "TYPE", "ORDER", "SEQ", "CREATED", "DELIVERED", "DESTINATION", "STATE", "ATTEMPTS", "LAST ERROR / NEXT"], rows));
      ctx.print(`${list.length} event${list.length === 1 ? "" : "s"}`);
    });

  outbox
    .command("retry")
    .description("try an event's failed deliveries again now (or every failed one)")
    .argument("[id]", "event id (evt_42 or 42)")
    .option("--all-failed", "every failed delivery")
    .action(async (id: string | undefined, opts: { allFailed?: boolean }) => {
      const { parseEventRef, retryDeliveries } = await import("@pickpack/data");
      if ((id === undefined) === !opts.allFailed) throw new InputError(id === undefined ? "ARGUMENT_MISSING" : "ARGUMENT_CONFLICT", "give an event id or --all-failed (one of them)");
      const target = id !== undefined ? { id: parseEventRef(id) } : { allFailed: true as const };
      const out = await withStore(ctx, (s) => retryDeliveries(s, target, by()));
      ctx.print(`${out.retried} failed deliver${out.retried === 1 ? "y" : "ies"} will be tried again now`);
    });

  outbox
    .command("replay")
    .description("send every event since a time again (same event ids: receivers de-duplicate), to every current destination")
    .requiredOption("--since <time>", "ISO 8601 time, e.g. 2026-01-05T00:00:00Z")
    .action(async (opts: { since: string }) => {
      const { replaySince } = await import("@pickpack/data");
      const since = /^\d{4}-\d{2}-\d{2}/.test(opts.since) ? Date.parse(opts.since) : Number.NaN;
      if (Number.isNaN(since)) throw new InputError("ARGUMENT_INVALID", `--since must be an ISO 8601 time such as 2026-01-05T00:00:00Z, got ${JSON.stringify(opts.since)}`, [{ field: "since", message: "not a time" }]);
      const out = await withStore(ctx, (s) => replaySince(s, since, by()));
      ctx.print(`${out.replayed} event${out.replayed === 1 ? "" : "s"} since ${new Date(since).toISOString()} will be sent again (same ids)`);
    });
};
