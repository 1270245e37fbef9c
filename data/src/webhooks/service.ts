/**
 * Webhook endpoints as a person manages them (`pickpack webhooks …`): add (http(s) only, the address
 * checked against the SSRF policy, the patterns against the event catalogue), list with their health
 * and backlog, remove, send a test event, rotate the secret (the old one keeps signing for a grace
 * period). Also what the relay needs: the active endpoints as destinations, success/failure
 * counters, and disabling an endpoint that answered 410 (audited, its deliveries parked).
 */
import { randomUUID } from "node:crypto";
import { DomainError, EVENT_CATALOGUE, InputError, type DeliveryOutcome } from "@pickpack/core";
import { inTransaction, iso, type Actor } from "../db/unit-of-work.js";
import type { SqlStore } from "../store.js";
import * as outbox from "../outbox/repository.js";
import { addressRefusal, hostRefusal } from "./address-policy.js";
import { WebhookDestination, destinationName, typeMatches, type WebhookSender } from "./destination.js";
import { DEFAULT_WEBHOOK_TIMEOUT_MS, postWebhook, resolveHost } from "./http-sender.js";
import * as repo from "./repository.js";
import { checkSecret, newSecret } from "./signature.js";

export type { WebhookSender } from "./destination.js";

/** How long the previous secret keeps signing after `rotate-secret` (default 24 h). */
export const DEFAULT_ROTATION_GRACE_MS = 24 * 3600 * 1000;

export interface WebhookView {
  readonly id: number;
  readonly url: string;
  readonly events: readonly string[];
  readonly status: "active" | "disabled";
  /** Failing: the last attempt failed (and how many in a row). */
  readonly failing: boolean;
  readonly consecutiveFailures: number;
  readonly failingSince: string | null;
  readonly lastError: string | null;
  readonly lastSuccessAt: string | null;
  readonly disabledAt: string | null;
  readonly disabledReason: string | null;
  /** Deliveries waiting for this endpoint, and those failed for good (waiting for `outbox retry`). */
  readonly pending: number;
  readonly failed: number;
  readonly allowPrivate: boolean;
  /** Previous secrets still signing, until when. */
  readonly rotatingUntil: string | null;
}

interface PreviousSecret {
  readonly secret: string;
  readonly until: string;
}

export interface AddWebhookInput {
  readonly url: string;
  readonly events: readonly string[];
  readonly secret?: string;
  readonly allowPrivate?: boolean;
}

export interface WebhookServiceOptions {
  /** Host resolution (default DNS); tests pass their own. */
  readonly resolve?: (host: string) => Promise<string[]>;
}

/** Parse and check an endpoint URL: absolute http(s), no credentials, a host whose every address the policy allows. */
export async function checkEndpointUrl(raw: string, allowPrivate: boolean, options: WebhookServiceOptions = {}): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError("WEBHOOK_URL_INVALID", `${JSON.stringify(raw)} is not an absolute URL (e.g. https://shop.example.com/hooks/pickpack)`, [{ field: "url", message: "not a URL" }]);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InputError("WEBHOOK_URL_INVALID", `webhook URLs must be http or https, not ${url.protocol.replace(/:$/, "")}`, [{ field: "url", message: "not http(s)" }]);
  }
  if (url.username || url.password) throw new InputError("WEBHOOK_URL_INVALID", "put no user name or password in the webhook URL (deliveries are signed instead)", [{ field: "url", message: "has credentials" }]);
  const named = hostRefusal(url.hostname);
  if (named) throw new DomainError("WEBHOOK_ADDRESS_REFUSED", `refused ${url.host}: ${named}`);
  let addresses: string[];
  try {
    addresses = await (options.resolve ?? resolveHost)(url.hostname.replace(/^\[|\]$/g, ""));
  } catch (e) {
    throw new InputError("WEBHOOK_HOST_UNRESOLVED", `the host ${url.hostname} does not resolve (${(e as Error).message})`, [{ field: "url", message: "host does not resolve" }]);
  }
  if (addresses.length === 0) throw new InputError("WEBHOOK_HOST_UNRESOLVED", `the host ${url.hostname} has no address`, [{ field: "url", message: "host has no address" }]);
  for (const a of addresses) {
    const why = addressRefusal(a, allowPrivate);
    if (why) throw new DomainError("WEBHOOK_ADDRESS_REFUSED", `refused ${url.host}: ${why}`);
  }
  return url;
}

/** Check `--events` patterns: each must match at least one catalogued type. */
export function checkEventPatterns(patterns: readonly string[]): string[] {
  const list = patterns.flatMap((p) => p.split(",")).map((p) => p.trim()).filter((p) => p.length > 0);
  if (list.length === 0) throw new InputError("WEBHOOK_EVENTS_INVALID", "--events needs at least one type or pattern (e.g. 'order.*' or '*')", [{ field: "events", message: "empty" }]);
  const bad = list.filter((p) => !EVENT_CATALOGUE.some((e) => typeMatches(p, e.type)));
  if (bad.length > 0) {
    throw new InputError("WEBHOOK_EVENTS_INVALID", `--events ${bad.map((b) => JSON.stringify(b)).join(", ")} match${bad.length === 1 ? "es" : ""} no event type (see docs/events.md)`, bad.map((b) => ({ field: "events", message: `${b} matches no type` })));
  }
  return list;
}

export async function addWebhook(store: SqlStore, input: AddWebhookInput, by: Actor, options: WebhookServiceOptions = {}): Promise<{ id: number; url: string; events: string[]; secret: string }> {
  const url = await checkEndpointUrl(input.url, input.allowPrivate ?? false, options);
  const events = checkEventPatterns(input.events);
  const secret = input.secret !== undefined ? checkSecret(input.secret) : newSecret();
  const id = await inTransaction(store.kysely, async (tx) => {
    const id = await repo.insertEndpoint(tx, { url: url.href, events: JSON.stringify(events), secret, allow_private: input.allowPrivate ? 1 : 0, created_at: iso(by.now) });
    await repo.insertAudit(tx, { endpoint_id: id, action: "added", detail: JSON.stringify({ url: url.href, events, allowPrivate: input.allowPrivate ?? false }), actor: by.actor, at: iso(by.now) });
    return id;
  });
  return { id, url: url.href, events, secret };
}

async function requireEndpoint(store: SqlStore, id: number): Promise<repo.EndpointRow> {
  const e = await repo.endpoint(store.kysely, id);
  if (!e) throw new InputError("WEBHOOK_NOT_FOUND", `no webhook endpoint ${id} (see pickpack webhooks list)`);
  return e;
}

export async function listWebhooks(store: SqlStore, now: number): Promise<WebhookView[]> {
  const rows = await repo.endpoints(store.kysely);
  const backlog = new Map((await repo.backlog(store.kysely)).map((b) => [b.destination, b]));
  return rows.map((r) => {
    const b = backlog.get(destinationName(r.id));
    const previous = (JSON.parse(r.previous_secrets) as PreviousSecret[]).filter((p) => Date.parse(p.until) > now);
    return {
      id: r.id,
      url: r.url,
      events: JSON.parse(r.events) as string[],
      status: r.status === "disabled" ? "disabled" : "active",
      failing: r.consecutive_failures > 0,
      consecutiveFailures: r.consecutive_failures,
      failingSince: r.failing_since,
      lastError: r.last_error,
      lastSuccessAt: r.last_success_at,
      disabledAt: r.disabled_at,
      disabledReason: r.disabled_reason,
      pending: b?.pending ?? 0,
      failed: b?.failed ?? 0,
      allowPrivate: r.allow_private === 1,
      rotatingUntil: previous.length > 0 ? previous.map((p) => p.until).sort().at(-1)! : null,
    };
  });
}

/** Remove an endpoint: its waiting deliveries go with it (the outbox rows they held are settled). */
export async function removeWebhook(store: SqlStore, id: number, by: Actor): Promise<{ id: number; url: string; dropped: number }> {
  const e = await requireEndpoint(store, id);
  const dropped = await inTransaction(store.kysely, async (tx) => {
    const touched = await outbox.deleteDeliveriesOf(tx, destinationName(id));
    await repo.deleteEndpoint(tx, id);
    await repo.insertAudit(tx, { endpoint_id: id, action: "removed", detail: JSON.stringify({ url: e.url, dropped: touched.length }), actor: by.actor, at: iso(by.now) });
    await outbox.settleOutbox(tx, touched, iso(by.now));
    return touched.length;
  });
  return { id, url: e.url, dropped };
}

/** New secret; the previous ones keep signing until `now + graceMs` (receivers switch meanwhile). */
export async function rotateWebhookSecret(store: SqlStore, id: number, by: Actor, options: { graceMs?: number; secret?: string } = {}): Promise<{ id: number; secret: string; previousValidUntil: string }> {
  const e = await requireEndpoint(store, id);
  const secret = options.secret !== undefined ? checkSecret(options.secret) : newSecret();
  const until = iso(by.now + (options.graceMs ?? DEFAULT_ROTATION_GRACE_MS));
  const previous = [{ secret: e.secret, until }, ...(JSON.parse(e.previous_secrets) as PreviousSecret[]).filter((p) => Date.parse(p.until) > by.now)];
  await inTransaction(store.kysely, async (tx) => {
    await repo.updateEndpoint(tx, id, { secret, previous_secrets: JSON.stringify(previous) });
    await repo.insertAudit(tx, { endpoint_id: id, action: "secret-rotated", detail: JSON.stringify({ previousValidUntil: until }), actor: by.actor, at: iso(by.now) });
  });
  return { id, secret, previousValidUntil: until };
}

function destinationOf(r: repo.EndpointRow, sender: WebhookSender, now: () => number, timeoutMs: number): WebhookDestination {
  const at = now();
  const previous = (JSON.parse(r.previous_secrets) as PreviousSecret[]).filter((p) => Date.parse(p.until) > at).map((p) => p.secret);
  return new WebhookDestination({ id: r.id, url: r.url, events: JSON.parse(r.events) as string[], secrets: [r.secret, ...previous], allowPrivate: r.allow_private === 1 }, sender, now, timeoutMs);
}

/** Send `webhook.test.v1` to an endpoint now (not through the outbox) and report the outcome. */
export async function testWebhook(store: SqlStore, id: number, by: Actor, options: { sender?: WebhookSender; timeoutMs?: number } = {}): Promise<DeliveryOutcome & { id: string }> {
  const e = await requireEndpoint(store, id);
  const d = destinationOf(e, options.sender ?? postWebhook, () => by.now, options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS);
  const eventId = `evt_test_${randomUUID()}`;
  const outcome = await d.deliver({ id: eventId, type: "webhook.test.v1", orderNumber: "", sequence: 1, occurredAt: iso(by.now), data: { message: `test from pickpack (${by.actor})` } });
  return { ...outcome, id: eventId };
}

/** The active endpoints as relay destinations (read each round, so new endpoints join at once). */
export async function activeWebhookDestinations(store: SqlStore, options: { now: () => number; sender?: WebhookSender; timeoutMs?: number }): Promise<WebhookDestination[]> {
  const rows = await repo.endpoints(store.kysely, { status: "active" });
  // Signed with the time of sending, from the relay's clock.
  return rows.map((r) => destinationOf(r, options.sender ?? postWebhook, options.now, options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS));
}

const endpointIdOf = (destination: string): number | undefined => (/^webhook:(\d+)$/.exec(destination) ? Number(destination.slice(8)) : undefined);

/** Count an attempt's outcome on its endpoint (a success clears the failure streak). */
export async function noteEndpointOutcome(store: SqlStore, destination: string, error: string | undefined, now: number): Promise<void> {
  const id = endpointIdOf(destination);
  if (id === undefined) return;
  if (error === undefined) await repo.noteSuccess(store.kysely, id, iso(now));
  else await repo.noteFailure(store.kysely, id, error, iso(now));
}

/** 410 Gone: disable the endpoint (audited), park its waiting deliveries so the outbox rows they held settle. */
export async function disableEndpoint(store: SqlStore, destination: string, reason: string, by: Actor): Promise<void> {
  const id = endpointIdOf(destination);
  if (id === undefined) return;
  await inTransaction(store.kysely, async (tx) => {
    await repo.updateEndpoint(tx, id, { status: "disabled", disabled_at: iso(by.now), disabled_reason: reason });
    const touched = await outbox.parkDeliveries(tx, destination);
    await repo.insertAudit(tx, { endpoint_id: id, action: "disabled", detail: JSON.stringify({ reason, parked: touched.length }), actor: by.actor, at: iso(by.now) });
    await outbox.settleOutbox(tx, touched, iso(by.now));
  });
}
