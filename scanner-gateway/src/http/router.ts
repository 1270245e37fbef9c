/**
 * The gateway's HTTP routes (everything but /socket.io/): a small table of method + path → handler
 * answering JSON. Health and pairing plug in today; metrics and static pages plug in the same way.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

import type { GatewayLogger } from "../shared/logger.js";

export type Send = (status: number, body: unknown) => void;

export interface Route {
  readonly method: "GET" | "POST";
  readonly path: string;
  handle(req: IncomingMessage, send: Send): void | Promise<void>;
}

export function httpRouter(routes: readonly Route[], log: GatewayLogger): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const send: Send = (status, body) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    try {
      const path = (req.url ?? "/").split("?")[0];
      const route = routes.find((r) => r.method === req.method && r.path === path);
      if (route) return await route.handle(req, send);
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
