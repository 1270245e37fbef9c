/** GET /healthz: this node's name, local connections, commands in flight and the protocol version (503 while stopping). */
import { PROTOCOL_VERSION } from "@pickpack/core";
import type { Route } from "./router.js";

export function healthRoute(node: string, status: () => { stopping: boolean; connections: number; inFlight: number }): Route {
  return {
    method: "GET",
    path: "/healthz",
    handle(_req, send) {
      const s = status();
      if (s.stopping) return send(503, { status: "stopping", node });
      send(200, { status: "ok", node, connections: s.connections, inFlight: s.inFlight, protocol: PROTOCOL_VERSION });
    },
  };
}
