/**
 * The gateway's HTTP routes (everything but /socket.io/): a small table of method + path → handler.
 * Health and pairing plug in here; more route sets (the order-system API, metrics, the handheld's
 * static files) come in through `GatewayOptions.routes`, composed in the binary's main. A path
 * ending in `/*` matches that prefix (e.g. `/v1/orders/*`); a handler that streams or sets its own
 * headers writes to the raw response (third argument) instead of calling `send`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

import type { GatewayLogger } from "../shared/logger.js";

export type Send = (status: number, body: unknown) => void;

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Route {
  /** One method, or several (e.g. a prefix route that dispatches itself). */
  readonly method: HttpMethod | readonly HttpMethod[];
  /** An exact path, or a prefix ending in `/*`. Exact paths win over prefixes; longer prefixes over shorter. */
  readonly path: string;
  handle(req: IncomingMessage, send: Send, res: ServerResponse): void | Promise<void>;
}

/** The route for a method and path: exact paths first, then the longest matching prefix. */
export function matchRoute(routes: readonly Route[], method: string, path: string): Route | undefined {
  const methodOk = (r: Route) => (typeof r.method === "string" ? r.method === method : (r.method as readonly string[]).includes(method));
  const exact = routes.find((r) => methodOk(r) && !r.path.endsWith("/*") && r.path === path);
  if (exact) return exact;
  let best: Route | undefined;
  for (const r of routes) {
    if (!methodOk(r) || !r.path.endsWith("/*")) continue;
    const prefix = r.path.slice(0, -1); // keep the slash: "/v1/orders/"
    if ((path.startsWith(prefix) || path === prefix.slice(0, -1)) && (!best || r.path.length > best.path.length)) best = r;
  }
  return best;
}

export function httpRouter(routes: readonly Route[], log: GatewayLogger): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const send: Send = (status, body) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    try {
      const path = (req.url ?? "/").split("?")[0];
      const route = matchRoute(routes, req.method ?? "GET", path ?? "/");
      if (route) return await route.handle(req, send, res);
      send(404, { error: { code: "NOT_FOUND", message: `no route ${req.method ?? ""} ${path ?? ""}` } });
    } catch (e) {
      log.error({ err: e }, "http handler failed");
      if (!res.headersSent) send(500, { error: { code: "INTERNAL", message: "internal error" } });
    }
  };
}

/** Read a request body of at most `max` characters; undefined when it is longer. */
export async function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  let raw = "";
  for await (const chunk of req) {
    raw += (chunk as Buffer).toString("utf8");
    if (raw.length > max) return undefined;
  }
  return raw;
}
