/**
 * GET /metrics: the Prometheus exposition. Optionally guarded by a bearer token (401 without it) or
 * restricted to loopback clients (403 from elsewhere), for a gateway listening on the network.
 * When the database cannot be read the scrape still answers (process and in-memory metrics) and
 * `pickpack_metrics_database_up` says 0.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Route } from "../http/router.js";
import type { GatewayLogger } from "../shared/logger.js";
import type { DbSampler } from "./db-sampler.js";
import type { GatewayMetrics } from "./metrics.js";

export interface MetricsRouteOptions {
  readonly metrics: GatewayMetrics;
  readonly sampler?: DbSampler;
  /** Require `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Answer only clients on the loopback interface. */
  readonly loopbackOnly?: boolean;
  readonly log?: GatewayLogger;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

function tokenOk(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? "";
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m?.[1]) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function metricsRoute(o: MetricsRouteOptions): Route {
  return {
    method: ["GET", "HEAD"],
    path: "/metrics",
    async handle(req, send, res) {
      if (o.loopbackOnly && !LOOPBACK.test(req.socket.remoteAddress ?? "")) return send(403, { error: { code: "METRICS_LOOPBACK_ONLY", message: "/metrics answers loopback clients only (the gateway runs with --metrics-local-only)" } });
      if (o.token !== undefined && !tokenOk(req, o.token)) {
        res.setHeader("www-authenticate", 'Bearer realm="pickpack metrics"');
        return send(401, { error: { code: "UNAUTHORIZED", message: "/metrics needs Authorization: Bearer <token>" } });
      }
      try {
        await o.sampler?.refresh();
      } catch (e) {
        o.metrics.database(undefined);
        o.log?.warn({ err: e }, "metrics: database sample failed");
      }
      const { contentType, body } = await o.metrics.render();
      res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    },
  };
}
