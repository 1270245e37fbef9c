/**
 * The one adapter that sends webhooks over the network (Node's built-in http/https and DNS). It
 * resolves the host itself and connects only to an address the address policy allows, so the check
 * and the connection use the same answer (no DNS rebinding). Requests time out after 15 s.
 */
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { addressRefusal, hostRefusal } from "./address-policy.js";

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly allowPrivate: boolean;
  readonly timeoutMs: number;
}

export type WebhookResponse =
  | { readonly kind: "response"; readonly status: number; readonly retryAfter?: string }
  /** The request never got an answer: refused address, DNS failure, connection dropped, timed out. */
  | { readonly kind: "error"; readonly error: string; readonly refused?: boolean };

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 15_000;

/** Resolve a host to its addresses (an IP literal is its own). */
export async function resolveHost(host: string): Promise<string[]> {
  const h = host.replace(/^\[|\]$/g, "");
  if (isIP(h)) return [h];
  return (await lookup(h, { all: true, verbatim: true })).map((a) => a.address);
}

/** Send one webhook POST; never throws. */
export function postWebhook(req: WebhookRequest): Promise<WebhookResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return Promise.resolve({ kind: "error", error: "invalid URL", refused: true });
  }
  const named = hostRefusal(url.hostname);
  if (named) return Promise.resolve({ kind: "error", error: named, refused: true });
  let refusal: string | undefined;
  const guardedLookup: LookupFunction = (hostname, _options, callback) => {
    resolveHost(hostname).then(
      (addresses) => {
        const bad = addresses.map((a) => addressRefusal(a, req.allowPrivate)).find((r) => r !== undefined);
        if (bad) {
          refusal = bad;
          return callback(Object.assign(new Error(bad), { code: "EADDRREFUSED" }), "", 0);
        }
        const address = addresses[0]!;
        callback(null, address, isIP(address));
      },
      (e: Error) => callback(e as NodeJS.ErrnoException, "", 0),
    );
  };
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal)) {
    const bad = addressRefusal(literal, req.allowPrivate);
    if (bad) return Promise.resolve({ kind: "error", error: bad, refused: true });
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const r = client.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "pickpack-webhooks/1", "content-length": Buffer.byteLength(req.body).toString(), ...req.headers },
        lookup: guardedLookup,
        timeout: req.timeoutMs,
        signal: AbortSignal.timeout(req.timeoutMs),
        agent: false,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ kind: "response", status: res.statusCode ?? 0, ...(typeof res.headers["retry-after"] === "string" ? { retryAfter: res.headers["retry-after"] } : {}) }));
        res.on("error", (e) => resolve({ kind: "error", error: `response broken off: ${e.message}` }));
      },
    );
    r.on("timeout", () => r.destroy(new Error(`no answer within ${req.timeoutMs / 1000} s`)));
    r.on("error", (e) => {
      const timedOut = e.name === "AbortError" || e.name === "TimeoutError";
      resolve(refusal ? { kind: "error", error: refusal, refused: true } : { kind: "error", error: timedOut ? `no answer within ${req.timeoutMs / 1000} s` : e.message });
    });
    r.end(req.body);
  });
}
