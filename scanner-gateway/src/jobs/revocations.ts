/**
 * Revocation polling: devices revoked elsewhere (the CLI, another node) are found in the database
 * and their sockets on this node get `revoked` and are disconnected. Looks back 5 s on every poll so
 * that a revocation committed late is not missed; each (device, time) is acted on once.
 */
import type { Clock } from "@pickpack/core";
import type { GatewayRepo } from "@pickpack/data";
import type { GatewayLogger } from "../shared/logger.js";
import type { Job } from "./runner.js";

export interface RevocationDeps {
  readonly repo: GatewayRepo;
  readonly clock: Clock;
  readonly log: GatewayLogger;
  /** This node's sockets of a device. */
  connectionsOf(deviceId: string): readonly { emit(event: string, data: unknown): void; disconnect(): void }[];
  stopping(): boolean;
}

export function revocationPoll(deps: RevocationDeps, everyMs: number): Job {
  let since = new Date(deps.clock.now()).toISOString();
  let seen = new Set<string>();
  return {
    name: "revocation-poll",
    everyMs,
    run: async () => {
      if (deps.stopping()) return;
      const from = since;
      since = new Date(deps.clock.now() - 5000).toISOString();
      for (const r of await deps.repo.revokedSince(from)) {
        const key = `${r.id}@${r.revokedAt}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const conns = deps.connectionsOf(r.id);
        for (const c of conns) {
          c.emit("revoked", { deviceId: r.id, reason: r.reason });
          c.disconnect();
        }
        if (conns.length > 0) deps.log.warn({ device: r.id, reason: r.reason }, "device revoked: disconnected");
      }
      if (seen.size > 10_000) seen = new Set();
    },
  };
}
