/**
 * One webhook endpoint as an `EventDestination`: filters types by its patterns, sends the envelope
 * signed the Standard Webhooks way, and maps the answer to a delivery outcome (2xx delivered; 410
 * disables the endpoint; 429 and others retry, honouring Retry-After; no answer retries).
 */
import { toEnvelope, type DeliveryOutcome, type EventDestination, type OutboundEvent } from "@pickpack/core";
import { webhookHeaders } from "./signature.js";
import type { WebhookRequest, WebhookResponse } from "./http-sender.js";

export type WebhookSender = (req: WebhookRequest) => Promise<WebhookResponse>;

export interface WebhookEndpoint {
  readonly id: number;
  readonly url: string;
  readonly events: readonly string[];
  /** Secrets to sign with now (current first, then those still in their rotation grace period). */
  readonly secrets: readonly string[];
  readonly allowPrivate: boolean;
}

/** `order.*` matches `order.shipped.v1`; `*` matches everything; otherwise the exact type. */
export function typeMatches(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return pattern === type;
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(type);
}

/** Retry-After as seconds or an HTTP date, in ms from `now`. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function destinationName(endpointId: number): string {
  return `webhook:${endpointId}`;
}

export class WebhookDestination implements EventDestination {
  readonly name: string;
  readonly #e: WebhookEndpoint;
  readonly #send: WebhookSender;
  readonly #now: () => number;
  readonly #timeoutMs: number;

  constructor(endpoint: WebhookEndpoint, send: WebhookSender, now: () => number, timeoutMs: number) {
    this.name = destinationName(endpoint.id);
    this.#e = endpoint;
    this.#send = send;
    this.#now = now;
    this.#timeoutMs = timeoutMs;
  }

  accepts(type: string): boolean {
    return this.#e.events.some((p) => typeMatches(p, type));
  }

  async deliver(event: OutboundEvent): Promise<DeliveryOutcome> {
    const body = JSON.stringify(toEnvelope(event));
    const now = this.#now();
    const headers = webhookHeaders(this.#e.secrets, event.id, Math.floor(now / 1000), body);
    const res = await this.#send({ url: this.#e.url, headers, body, allowPrivate: this.#e.allowPrivate, timeoutMs: this.#timeoutMs });
    if (res.kind === "error") return { ok: false, retryable: true, error: res.error };
    if (res.status >= 200 && res.status < 300) return { ok: true };
    if (res.status === 410) return { ok: false, retryable: false, disable: true, error: "HTTP 410 Gone: the endpoint asked to be disabled" };
    const wait = retryAfterMs(res.retryAfter, now);
    return { ok: false, retryable: true, error: `HTTP ${res.status}${res.status === 429 ? " Too Many Requests" : ""}`, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
}
