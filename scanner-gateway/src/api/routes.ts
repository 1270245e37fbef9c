/**
 * The order-system HTTP API on `/v1/…` (one prefix route that dispatches itself, so every answer under
 * /v1 — unknown paths and methods too — is JSON and every error a problem document). Each request:
 * API key and scope, rate limit, body (size, depth, JSON), validation with the import's schemas, then
 * for a POST the idempotency record (claimed in the database, so several gateway nodes agree), the
 * store's own service, and the stored answer. Nothing is written before the key, scope and body pass.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock, NewOrder } from "@pickpack/core";
import {
  abandonIdempotent,
  beginIdempotent,
  cancelByNumber,
  cancelRequestSchema,
  carrierEventsSchema,
  changedOrders,
  completeIdempotent,
  createOrders,
  decodeCursor,
  encodeCursor,
  orderByNumber,
  orderPatchSchema,
  patchOrder,
  purgeIdempotentAnswers,
  paymentRequestSchema,
  receiveCarrierEvents,
  recordPayment,
  stockOfSku,
  validate,
  validateOrders,
  type ApiKeyInfo,
  type ApiScope,
  type SqlStore,
  type Validated,
} from "@pickpack/data";
import type { HttpMethod, Route } from "../http/router.js";
import type { GatewayLogger } from "../shared/logger.js";
import { RateLimiter, type RateLimitOptions } from "../shared/rate-limit.js";
import { DEFAULT_API_RATE_LIMIT, authenticate } from "./auth.js";
import { readJson } from "./body.js";
import { openApiDocument } from "./openapi.js";
import { ApiProblem, fieldsOf, problemCatalogue, problemFromError, sendProblem } from "./problem.js";
import { changedResource, orderResource, stockResource, transitionResource } from "./resources.js";

export interface ApiOptions {
  readonly store: SqlStore;
  readonly clock: Clock;
  readonly log: GatewayLogger;
  /** Requests per second per API key (default DEFAULT_API_RATE_LIMIT). */
  readonly rateLimit?: RateLimitOptions;
  /** Largest body accepted, in bytes (default 2 MiB). */
  readonly maxBodyBytes?: number;
  /**
   * The catch-up listing leaves out changes of the last this many ms (default 2000): a transaction stamped
   * earlier may commit later, and a cursor must not pass it.
   */
  readonly settleMs?: number;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Ctx {
  readonly req: IncomingMessage;
  readonly url: URL;
  /** Decoded path segments after /v1. */
  readonly segments: readonly string[];
}

const METHODS: readonly HttpMethod[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const DEFAULT_SETTLE_MS = 2000;
/** Answers older than the retention period are deleted at most this often (by whichever request comes). */
const PURGE_EVERY_MS = 60_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** What makes two requests with one Idempotency-Key the same request: method, path and the parsed body. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method} ${path}\n${JSON.stringify(body)}`).digest("hex");
}

export function apiRoutes(options: ApiOptions): Route[] {
  const rate = options.rateLimit ?? DEFAULT_API_RATE_LIMIT;
  const auth = { store: options.store, clock: options.clock, limiter: new RateLimiter(rate), rate };
  const store = options.store;
  const now = () => options.clock.now();
  const actor = (key: ApiKeyInfo) => ({ now: now(), actor: `api:${key.name}` });
  const body = (req: IncomingMessage) => readJson(req, options.maxBodyBytes !== undefined ? { maxBytes: options.maxBodyBytes } : {});
  let openapi: string | undefined;
  let purgedAt = -Infinity;

  const valid = <T>(v: Validated<T>): T => {
    if (v.ok) return v.value;
    throw new ApiProblem("API_REQUEST_INVALID", `${v.issues.length} problem${v.issues.length === 1 ? "" : "s"} in the request; nothing was written`, { errors: fieldsOf(v.issues) });
  };

  /** A POST: key, body, validation, then run once per (client, Idempotency-Key). */
  const idempotent = async <T>(c: Ctx, scope: ApiScope, check: (body: unknown) => T, run: (value: T, key: ApiKeyInfo) => Promise<Answer>): Promise<Answer> => {
    const key = await authenticate(c.req, scope, auth);
    const idem = c.req.headers["idempotency-key"];
    if (typeof idem !== "string" || !IDEMPOTENCY_KEY.test(idem)) {
      c.req.resume();
      throw new ApiProblem("API_IDEMPOTENCY_KEY_MISSING", "send an Idempotency-Key header (1-255 printable characters, e.g. a UUID) with every POST");
    }
    const parsed = await body(c.req);
    const value = check(parsed);
    const hash = requestHash(c.req.method ?? "POST", c.url.pathname, parsed);
    const ref = { client: key.name, key: idem };
    if (now() - purgedAt > PURGE_EVERY_MS) {
      purgedAt = now();
      await purgeIdempotentAnswers(store, purgedAt);
    }
    const start = await beginIdempotent(store, ref, hash, now());
    if (start.kind === "replay") return { status: start.status, body: start.body, headers: { "idempotent-replayed": "true" } };
    if (start.kind === "mismatch") throw new ApiProblem("API_IDEMPOTENCY_KEY_REUSED", `the Idempotency-Key ${JSON.stringify(idem)} was used with a different request; use a new key for a new request`);
    if (start.kind === "running") throw new ApiProblem("API_IDEMPOTENCY_IN_PROGRESS", `the first request with Idempotency-Key ${JSON.stringify(idem)} is still running; retry shortly`, { headers: { "retry-after": "1" } });
    let answer: Answer;
    try {
      answer = await run(value, key);
    } catch (e) {
      const p = problemFromError(e);
      if (!p || p.status >= 500) {
        await abandonIdempotent(store, ref).catch(() => undefined);
        throw e;
      }
      await completeIdempotent(store, ref, p.status, p.document());
      throw p;
    }
    await completeIdempotent(store, ref, answer.status, answer.body);
    return answer;
  };

  const orderOr404 = async (number: string) => {
    const d = await orderByNumber(store, number);
    if (!d) throw new ApiProblem("ORDER_NOT_FOUND", `no order ${JSON.stringify(number)}`);
    return orderResource(d);
  };

  const dispatch = async (c: Ctx, method: string): Promise<Answer> => {
    const s = c.segments;
    const allow = (allowed: readonly string[]) => {
      if (!allowed.includes(method)) throw new ApiProblem("API_METHOD_NOT_ALLOWED", `${method} is not allowed on ${c.url.pathname} (allowed: ${allowed.join(", ")})`, { headers: { allow: allowed.join(", ") } });
    };
    if (s.length === 1 && s[0] === "openapi.json") {
      allow(["GET"]);
      openapi ??= JSON.stringify(openApiDocument());
      return { status: 200, body: JSON.parse(openapi) as unknown };
    }
    if (s.length === 1 && s[0] === "problems") {
      allow(["GET"]);
      return { status: 200, body: problemCatalogue() };
    }
    if (s[0] === "orders" && s.length === 1) {
      allow(["GET", "POST"]);
      if (method === "POST") {
        return idempotent(c, "orders:write", (b) => valid(validateOrders(b)), async (v: { orders: readonly NewOrder[]; batch: boolean }, key) => {
          const created = await createOrders(store, v.orders, v.batch, actor(key));
          if (!v.batch) return { status: 201, body: await orderOr404(v.orders[0]!.number) };
          const { reserved, reservationFailed, confirmed } = created.summary;
          return { status: 201, body: { created: created.summary.created, reserved, reservationFailed, confirmed, orders: created.orders } };
        });
      }
      await authenticate(c.req, "orders:read", auth);
      return { status: 200, body: await changes(c.url) };
    }
    if (s[0] === "orders" && s.length === 2) {
      allow(["GET", "PATCH"]);
      const number = s[1]!;
      if (method === "GET") {
        await authenticate(c.req, "orders:read", auth);
        return { status: 200, body: await orderOr404(number) };
      }
      const key = await authenticate(c.req, "orders:write", auth);
      const patch = valid(validate(orderPatchSchema, await body(c.req)));
      await patchOrder(store, number, patch, actor(key));
      return { status: 200, body: await orderOr404(number) };
    }
    if (s[0] === "orders" && s.length === 3 && (s[2] === "payment" || s[2] === "cancel")) {
      allow(["POST"]);
      const number = s[1]!;
      if (s[2] === "payment") {
        return idempotent(c, "orders:write", (b) => valid(validate(paymentRequestSchema, b)), async (p, key) => ({ status: 200, body: transitionResource(await recordPayment(store, number, p, actor(key))) }));
      }
      return idempotent(c, "orders:write", (b) => valid(validate(cancelRequestSchema, b)), async (p, key) => ({ status: 200, body: transitionResource(await cancelByNumber(store, number, p.reason, actor(key))) }));
    }
    if (s.length === 1 && s[0] === "carrier-events") {
      // A carrier that pushes its tracking scans (instead of `pickpack carrier poll`); each event is applied once by its id.
      allow(["POST"]);
      return idempotent(c, "carrier:write", (b) => valid(validate(carrierEventsSchema, b)), async (events, key) => ({ status: 200, body: await receiveCarrierEvents(store, events, now(), actor(key).actor) }));
    }
    if (s.length === 1 && s[0] === "stock") {
      allow(["GET"]);
      await authenticate(c.req, "stock:read", auth);
      const sku = c.url.searchParams.get("sku");
      if (!sku) throw new ApiProblem("API_QUERY_INVALID", "give the SKU: GET /v1/stock?sku=…", { errors: [{ pointer: "sku", detail: "is required" }] });
      return { status: 200, body: stockResource(sku, await stockOfSku(store, sku, now())) };
    }
    throw new ApiProblem("NOT_FOUND", `no API route ${method} ${c.url.pathname} (see /v1/openapi.json)`);
  };

  const changes = async (url: URL) => {
    const q = url.searchParams;
    const errors: { pointer: string; detail: string }[] = [];
    const limitText = q.get("limit");
    const limit = limitText === null ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) errors.push({ pointer: "limit", detail: "must be a whole number 1-500" });
    const cursorText = q.get("cursor");
    const cursor = cursorText === null ? undefined : decodeCursor(cursorText);
    if (cursorText !== null && !cursor) errors.push({ pointer: "cursor", detail: "is not a cursor this API gave out (pass nextCursor as it is)" });
    const sinceText = q.get("updatedSince");
    const since = sinceText === null ? undefined : Date.parse(sinceText);
    if (sinceText !== null && !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(sinceText)) errors.push({ pointer: "updatedSince", detail: "must be an ISO-8601 time such as 2025-01-01T00:00:00Z" });
    else if (since !== undefined && !Number.isFinite(since)) errors.push({ pointer: "updatedSince", detail: "is not a valid time" });
    if (errors.length > 0) throw new ApiProblem("API_QUERY_INVALID", "invalid query parameters", { errors });
    const page = await changedOrders(store, { limit, settledBefore: now() - (options.settleMs ?? DEFAULT_SETTLE_MS), ...(cursor ? { after: cursor } : since !== undefined ? { since } : {}) });
    return { orders: page.orders.map(changedResource), nextCursor: page.next ? encodeCursor(page.next) : null, hasMore: page.hasMore };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    try {
      const url = new URL(req.url ?? "/", "http://gateway");
      let segments: string[];
      try {
        segments = url.pathname.split("/").slice(2).filter((p, i, all) => p !== "" || i < all.length - 1).map(decodeURIComponent);
      } catch {
        throw new ApiProblem("NOT_FOUND", `no API route ${method} ${url.pathname} (a path segment is not valid URL encoding)`);
      }
      const answer = await dispatch({ req, url, segments }, method === "HEAD" ? "GET" : method);
      const text = JSON.stringify(answer.body);
      // a replayed refusal is the problem document it was
      res.writeHead(answer.status, { "content-type": answer.status >= 400 ? "application/problem+json" : "application/json", "cache-control": "no-store", ...answer.headers });
      res.end(method === "HEAD" ? undefined : text);
    } catch (e) {
      const p = problemFromError(e);
      if (p && p.status < 500) return sendProblem(res, p);
      options.log.error({ err: e, method, url: req.url }, "API request failed");
      if (!res.headersSent) sendProblem(res, new ApiProblem("INTERNAL", "internal error: the request was not completed; retry with the same Idempotency-Key", { status: 500 }));
    }
  };

  return [{ method: METHODS, path: "/v1/*", handle: (req, _send, res) => handle(req, res) }];
}
