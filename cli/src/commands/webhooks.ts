/**
 * `pickpack webhooks add|list|remove|test|rotate-secret`: the endpoints the outbox relay delivers
 * events to (Standard Webhooks: signed with a whsec_ secret). See docs/webhooks.md.
 */
import { InputError } from "@pickpack/core";
import type { Registrar } from "./index.js";
import { actorOf, withStore } from "../store.js";
import { sanitizeForTerminal, table } from "../output/table.js";
import { ExitCode, ExitWith } from "../exit-codes.js";

function endpointId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InputError("WEBHOOK_NOT_FOUND", `${JSON.stringify(v)} is not a webhook id (see pickpack webhooks list)`, [{ field: "id", message: "not an id" }]);
  return n;
}

function parseDuration(v: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(v.trim());
  if (!m) throw new InputError("ARGUMENT_INVALID", `--grace must be a duration such as 30m, 24h or 7d, got ${JSON.stringify(v)}`, [{ field: "grace", message: "not a duration" }]);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
}

export const registerWebhooks: Registrar = (program, ctx) => {
  const webhooks = program.command("webhooks").description("webhook endpoints that receive order, shipment and stock events (signed, retried, in order per order)");
  const by = () => ({ now: ctx.io.clock.now(), actor: actorOf(ctx) });

  webhooks
    .command("add")
    .description("register an endpoint: http(s) only; private addresses only with --allow-private; link-local/metadata never")
    .argument("<url>", "where events are POSTed, e.g. https://shop.example.com/hooks/pickpack")
    .requiredOption("--events <patterns>", "event types or patterns, comma-separated: 'order.*', 'shipment.created.v1', '*'")
    .option("--secret <whsec>", "signing secret (whsec_ + base64); default: a new random one, printed once")
    .option("--allow-private", "allow private and loopback addresses (10.x, 192.168.x, 127.x …) for an endpoint on your own network")
    .option("--json", "print as JSON")
    .action(async (url: string, opts: { events: string; secret?: string; allowPrivate?: boolean; json?: boolean }) => {
      const { addWebhook } = await import("@pickpack/data");
      const out = await withStore(ctx, (s) => addWebhook(s, { url, events: [opts.events], ...(opts.secret !== undefined ? { secret: opts.secret } : {}), allowPrivate: opts.allowPrivate ?? false }, by()));
      if (opts.json) return ctx.printJson(out);
      ctx.print(`webhook ${out.id}: ${out.url} (${out.events.join(", ")})`);
      ctx.print(`signing secret (shown once; verify deliveries with it): ${out.secret}`);
    });

  webhooks
    .command("list")
    .description("endpoints with their health: failing, last error, backlog waiting for them")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { listWebhooks } = await import("@pickpack/data");
      const list = await withStore(ctx, (s) => listWebhooks(s, ctx.io.clock.now()));
      if (opts.json) return ctx.printJson(list);
      ctx.print(
        table(
          ["ID", "URL", "EVENTS", "STATUS", "FAILING", "BACKLOG", "FAILED", "LAST ERROR"],
          list.map((w) => [
            w.id,
            sanitizeForTerminal(w.url),
            w.events.join(","),
            w.status === "disabled" ? `disabled (${sanitizeForTerminal(w.disabledReason ?? "")})` : w.rotatingUntil ? `active (old secret until ${w.rotatingUntil})` : "active",
            w.failing ? `yes, ${w.consecutiveFailures} in a row since ${w.failingSince}` : "no",
            w.pending,
            w.failed,
            sanitizeForTerminal(w.lastError ?? ""),
          ]),
        ),
      );
      ctx.print(`${list.length} endpoint${list.length === 1 ? "" : "s"}`);
    });

  webhooks
    .command("remove")
    .description("remove an endpoint (the events waiting for it are dropped for it)")
    .argument("<id>", "endpoint id (pickpack webhooks list)")
    .action(async (id: string) => {
      const { removeWebhook } = await import("@pickpack/data");
      const out = await withStore(ctx, (s) => removeWebhook(s, endpointId(id), by()));
      ctx.print(`webhook ${out.id} removed (${out.url}); ${out.dropped} waiting deliveries dropped`);
    });

  webhooks
    .command("test")
    .description("send a signed webhook.test.v1 event to an endpoint now and show the answer")
    .argument("<id>", "endpoint id")
    .option("--json", "print as JSON")
    .action(async (id: string, opts: { json?: boolean }) => {
      const { testWebhook } = await import("@pickpack/data");
      const out = await withStore(ctx, (s) => testWebhook(s, endpointId(id), by()));
      if (opts.json) ctx.printJson(out);
      else ctx.print(out.ok ? `webhook ${id}: ${out.id} delivered` : `webhook ${id}: ${out.id} not delivered: ${sanitizeForTerminal(out.error)}`);
      if (!out.ok) throw new ExitWith(ExitCode.Refused);
    });

  webhooks
    .command("rotate-secret")
    .description("give an endpoint a new secret; the old one keeps signing (both signatures sent) for --grace")
    .argument("<id>", "endpoint id")
    .option("--grace <duration>", "how long the old secret stays valid: 30m, 24h, 7d", "24h")
    .option("--secret <whsec>", "the new secret (default: a new random one)")
    .option("--json", "print as JSON")
    .action(async (id: string, opts: { grace: string; secret?: string; json?: boolean }) => {
      const { rotateWebhookSecret } = await import("@pickpack/data");
      const graceMs = parseDuration(opts.grace);
      const out = await withStore(ctx, (s) => rotateWebhookSecret(s, endpointId(id), by(), { graceMs, ...(opts.secret !== undefined ? { secret: opts.secret } : {}) }));
      if (opts.json) return ctx.printJson(out);
      ctx.print(`webhook ${out.id}: new signing secret (shown once): ${out.secret}`);
      ctx.print(`the previous secret keeps signing until ${out.previousValidUntil}`);
    });
};
