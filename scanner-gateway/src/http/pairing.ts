/**
 * POST /v1/pair: exchange a one-time pairing code for a device token. Attempts are counted per
 * client address in the database (data's PairingAttempts: shared by every node, 20, one more every
 * 30 s), charged before the code is looked at, so concurrent requests cannot race past the limit; a
 * code that pairs is refunded. Over the limit: 429 RATE_LIMITED without evaluating the code. The address
 * is the socket's peer, or X-Forwarded-For behind a trusted proxy (auth/client-address.ts).
 * Refusals of the code itself: 400 PAIRING_CODE_INVALID, 410 _EXPIRED / _USED, 423 _LOCKED.
 */
import { z } from "zod";
import { DomainError, type Clock, type PairResponse } from "@pickpack/core";
import type { GatewayRepo, PairingAttempts } from "@pickpack/data";
import { clientAddress, type ClientAddress } from "../auth/client-address.js";
import type { DeviceTokens } from "../auth/tokens.js";
import { errorBody } from "../shared/errors.js";
import type { GatewayLogger } from "../shared/logger.js";
import { readBody, type Route } from "./router.js";

export const pairRequestSchema = z.strictObject({ code: z.string().min(1).max(32) });

export interface PairingDeps {
  readonly repo: GatewayRepo;
  readonly tokens: () => DeviceTokens;
  readonly clock: Clock;
  readonly log: GatewayLogger;
  readonly attempts: PairingAttempts;
  /** Who is asking (default: the socket's peer address). */
  readonly clientAddress?: ClientAddress;
}

export function pairingRoute(deps: PairingDeps): Route {
  const addressOf = deps.clientAddress ?? clientAddress();
  return {
    method: "POST",
    path: "/v1/pair",
    async handle(req, send) {
      const remote = addressOf(req);
      const now = deps.clock.now();
      if (!(await deps.attempts.charge(remote, now))) {
        return send(429, { error: { code: "RATE_LIMITED", message: `too many wrong pairing codes from this address: wait a minute and try again (it clears fully in ${Math.round(deps.attempts.limit.windowMs / 60_000)} minutes)` } });
      }
      const raw = await readBody(req, 1024);
      if (raw === undefined) return send(413, { error: { code: "INVALID_PAYLOAD", message: "request body too large" } });
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return send(400, { error: { code: "INVALID_PAYLOAD", message: 'body must be JSON: {"code": "ABC-DEFGH"}' } });
      }
      const parsed = pairRequestSchema.safeParse(json);
      if (!parsed.success) return send(400, { error: { code: "INVALID_PAYLOAD", message: 'body must be {"code": "ABC-DEFGH"}' } });
      try {
        const device = await deps.repo.redeemPairingCode(parsed.data.code, now);
        await deps.attempts.refund(remote);
        const { token, expiresAt } = await deps.tokens().issue(device, now);
        deps.log.info({ device: device.id, role: device.role, station: device.station }, "device paired");
        send(200, { token, device, expiresAt } satisfies PairResponse);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        deps.log.warn({ remote, code: e.code }, "pairing refused");
        const status = e.code === "PAIRING_CODE_LOCKED" ? 423 : e.code === "PAIRING_CODE_EXPIRED" || e.code === "PAIRING_CODE_USED" ? 410 : 400;
        send(status, { error: errorBody(e) });
      }
    },
  };
}
