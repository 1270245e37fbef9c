/** Test harness of the order-system API: a real gateway (or two on one PostgreSQL schema) with the API routes, keys, and a small HTTP client. */
import { sql } from "kysely";
import { openStore, createApiKey, type SqlStore } from "@pickpack/data";
import type { RateLimitOptions } from "../src/shared/rate-limit.js";
import { backends, type Backend } from "../../data/test/backends.js";
import { seedBatch } from "../../data/test/fixtures.js";
import { apiRoutes } from "../src/api/routes.js";
import { Gateway } from "../src/gateway.js";
import { silentLogger } from "../src/shared/logger.js";
import { SECRET, systemClock } from "./helpers.js";

export { backends };

export interface ApiNode {
  readonly gateway: Gateway;
  readonly store: SqlStore;
  readonly url: string;
}

export interface ApiHarness {
  readonly nodes: readonly ApiNode[];
  readonly store: SqlStore;
  readonly url: string;
  key(scopes?: readonly string[], name?: string): Promise<string>;
  cleanup(): Promise<void>;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown> & { code?: string; errors?: { pointer?: string; field?: string; detail: string }[] };
  readonly text: string;
}

export const ORDER = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  customer: "Ada Lovelace",
  shipTo: { name: "Ada Lovelace", street: "1 Main St", postalCode: "10115", city: "Berlin", country: "DE" },
  lines: [{ sku: "B", quantity: 1 }],
  payment: "pending",
  ...extra,
});

async function startNode(store: SqlStore, rateLimit?: RateLimitOptions, settleMs = 0): Promise<ApiNode> {
  const routes = apiRoutes({ store, clock: systemClock, log: silentLogger, settleMs, ...(rateLimit ? { rateLimit } : {}) });
  const gateway = await Gateway.start({ store, clock: systemClock, secret: SECRET, revocationPollMs: 1000, sweepIntervalMs: 0, routes }, { port: 0 });
  return { gateway, store, url: `http://127.0.0.1:${gateway.port}` };
}

/** A gateway with the API over a fresh store (seeded unless told not to); `nodes: 2` on PostgreSQL adds a second gateway on the same schema. */
export async function startApi(options: { backend?: Backend; seed?: boolean; nodes?: 1 | 2; rateLimit?: RateLimitOptions; settleMs?: number } = {}): Promise<ApiHarness> {
  const backend = options.backend ?? backends[0]!;
  const opened = await backend.open();
  const store = opened.store;
  if (options.seed !== false) await store.importData(seedBatch(), { now: Date.parse("2025-01-01T00:00:00Z"), actor: "test" });
  const nodes: ApiNode[] = [await startNode(store, options.rateLimit, options.settleMs)];
  const extraStores: SqlStore[] = [];
  if ((options.nodes ?? 1) === 2) {
    if (backend.name !== "postgres") throw new Error("two nodes share a PostgreSQL schema");
    const second = await openStore({ target: opened.target, ...(opened.schema ? { schema: opened.schema } : {}) });
    extraStores.push(second);
    nodes.push(await startNode(second, options.rateLimit, options.settleMs));
  }
  return {
    nodes,
    store,
    url: nodes[0]!.url,
    async key(scopes = ["orders:write", "orders:read", "stock:read"], name = "shop") {
      return (await createApiKey(store, { name, scopes }, { now: Date.now(), actor: "test" })).key;
    },
    async cleanup() {
      for (const n of nodes) await n.gateway.stop();
      for (const s of extraStores) await s.close();
      await opened.cleanup();
    },
  };
}

export async function call(url: string, method: string, path: string, options: { key?: string; body?: unknown; raw?: string; idem?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(options.key ? { authorization: `Bearer ${options.key}` } : {}), ...(options.idem ? { "idempotency-key": options.idem } : {}) };
  let body: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = options.raw ?? JSON.stringify(options.body);
  }
  const res = await fetch(`${url}${path}`, { method, headers: { ...headers, ...options.headers }, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: ApiResponse["json"] = {};
  try {
    json = text ? (JSON.parse(text) as ApiResponse["json"]) : {};
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Row counts of every table a request could write: orders and what follows from them, API records. */
export async function rowCounts(store: SqlStore): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ["orders", "order_lines", "reservations", "order_transitions", "outbox", "api_idempotency", "api_keys"] as const) {
    const r = await store.kysely.selectFrom(t).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
