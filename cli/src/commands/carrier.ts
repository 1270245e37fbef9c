/**
 * `pickpack carrier poll` and `pickpack carrier receive FILE`: carrier tracking in. `poll` asks the
 * carrier (the built-in local courier's simulated stream) for the events of every parcel it has and
 * applies them: in transit, out for delivery, delivered, delivery failed, returned to sender, each
 * audited and reported as shipment.tracking.updated.v1; an event seen before changes nothing.
 * `receive` applies a file of events in the body format of `POST /v1/carrier-events` (docs/broker.md).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError, LocalCourierTracking } from "@pickpack/core";
import type { CommandContext } from "../context.js";
import { actorOf, withStore } from "../store.js";
import { table } from "../output/table.js";
import type { Registrar } from "./index.js";

interface Summary {
  readonly received: number;
  readonly applied: number;
  readonly recorded: number;
  readonly duplicates: number;
  readonly unknown: number;
  readonly events: readonly { eventId: string; trackingNumber: string; status: string; outcome: string; orderNumber?: string; from?: string; to?: string; detail?: string }[];
}

/** `--at`: an ISO time, or `+N` hours/days from now (`+36h`, `+2d`). */
export function parseAt(value: string | undefined, now: number): number {
  if (value === undefined) return now;
  const rel = /^\+(\d+(?:\.\d+)?)([hd])$/.exec(value.trim());
  if (rel) return now + Number(rel[1]) * (rel[2] === "h" ? 3_600_000 : 86_400_000);
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t)) throw new InputError("ARGUMENT_INVALID", `--at must be an ISO date-time (2026-11-23T09:00:00Z) or +N hours/days (+36h, +2d), got ${JSON.stringify(value)}`);
  return t;
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InputError("ARGUMENT_INVALID", `--seed must be a whole number, got ${JSON.stringify(value)}`);
  return n;
}

function printSummary(ctx: CommandContext, r: Summary, json: boolean, extra: Record<string, unknown> = {}): void {
  if (json) return ctx.printJson({ ...extra, ...r });
  if (r.events.length > 0) {
    ctx.print(table(["EVENT", "TRACKING", "STATUS", "ORDER", "OUTCOME", "DETAIL"], r.events.map((e) => [e.eventId, e.trackingNumber, e.status, e.orderNumber ?? "", e.outcome, e.outcome === "applied" ? `${e.from} → ${e.to}` : (e.detail ?? "")])));
  }
  ctx.print(`${r.received} event${r.received === 1 ? "" : "s"}: ${r.applied} applied, ${r.recorded} recorded without a state change, ${r.duplicates} seen before, ${r.unknown} for unknown parcels`);
}

export const registerCarrier: Registrar = (program, ctx) => {
  const carrier = program.command("carrier").description("carrier tracking in: poll the carrier for tracking events, or apply a file of them");

  carrier
    .command("poll")
    .description("ask the local courier for the tracking events of every parcel it has and apply them (each once, audited)")
    .option("--seed <n>", "seed of the local courier's simulated event stream (default $PICKPACK_COURIER_SEED or 0)")
    .option("--at <time>", "report the events up to this time instead of now: ISO date-time or +N hours/days (+36h): see a simulated parcel's journey on a demo")
    .option("--json", "print as JSON")
    .action(async (opts: { seed?: string; at?: string; json?: boolean }) => {
      const now = ctx.io.clock.now();
      const until = parseAt(opts.at, now);
      const seed = parseSeed(opts.seed ?? ctx.io.env.PICKPACK_COURIER_SEED);
      const { pollCarrierTracking } = await import("@pickpack/data");
      const tracking = new LocalCourierTracking({ seed });
      const r = await withStore(ctx, (s) => pollCarrierTracking(s, tracking, { now, actor: `carrier:${tracking.code}` }, { until }));
      if (!opts.json) ctx.print(`${r.parcels} parcel${r.parcels === 1 ? "" : "s"} with ${tracking.code}, events up to ${new Date(until).toISOString()}`);
      printSummary(ctx, r, opts.json ?? false, { parcels: r.parcels, until: new Date(until).toISOString() });
    });

  carrier
    .command("receive")
    .description("apply a JSON file of carrier tracking events ({ carrier, events: [...] }, as POST /v1/carrier-events takes)")
    .argument("<file>", "JSON file")
    .option("--json", "print as JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      let body: unknown;
      try {
        body = JSON.parse(readFileSync(resolve(ctx.io.cwd, file), "utf8")) as unknown;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code) throw new InputError("FILE_UNREADABLE", `cannot read ${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
        throw new InputError("JSON_INVALID", `${file} is not valid JSON: ${(e as Error).message}`, [{ file, message: (e as Error).message }]);
      }
      const { receiveCarrierEvents } = await import("@pickpack/data");
      const actor = ctx.globals().actor !== undefined || ctx.io.env.PICKPACK_ACTOR !== undefined ? actorOf(ctx) : undefined;
      const r = await withStore(ctx, (s) => receiveCarrierEvents(s, body, ctx.io.clock.now(), actor));
      printSummary(ctx, r, opts.json ?? false);
    });
};
