/**
 * Who is on the other end of a socket: the handshake checks the device token (auth/tokens.ts) and the
 * device row (authoritative: a revoked device is refused even with a valid token).
 */
import { type Clock, type DeviceRole } from "@pickpack/core";
import type { GatewayRepo } from "@pickpack/data";
import type { DeviceTokens } from "../auth/tokens.js";
import type { GatewayLogger } from "../shared/logger.js";
import { HandshakeRefused } from "./transport.js";

export interface Session {
  readonly deviceId: string;
  readonly role: DeviceRole;
  readonly station: string | null;
}

export function handshake(deps: { readonly tokens: DeviceTokens; readonly repo: GatewayRepo; readonly clock: Clock; readonly log: GatewayLogger }) {
  return async (auth: Readonly<Record<string, unknown>>, remote: string): Promise<Session> => {
    const v = await deps.tokens.verify(auth.token, deps.clock.now());
    if (!v.ok) {
      deps.log.warn({ remote, code: v.error.code }, "handshake refused");
      throw new HandshakeRefused(v.error);
    }
    const d = await deps.repo.getDevice(v.claims.deviceId);
    if (!d) throw new HandshakeRefused({ code: "UNAUTHORIZED", message: "this device is not paired with this site" });
    if (d.revoked_at) {
      deps.log.warn({ remote, device: d.id }, "revoked device refused");
      throw new HandshakeRefused({ code: "DEVICE_REVOKED", message: `this device was revoked at ${d.revoked_at}: ask a supervisor to pair it again` });
    }
    return { deviceId: d.id, role: d.role as DeviceRole, station: d.station };
  };
}
