/**
 * POST /v1/pair: exchange a one-time pairing code for a device token. Wrong codes are counted per
 * remote address in a RateLimiter bucket (20, refilled over 10 minutes): an address that spent it is
 * refused 429 RATE_LIMITED before its code is even looked at. Refusals of the code itself:
 * 400 PAIRING_CODE_INVALID, 410 _EXPIRED / _USED, 423 _LOCKED.
 */
import { z } from "zod";
import { DomainError, type Clock, type PairResponse } from "@pickpack/core";
import type { GatewayRepo } from "@pickpack/data";
import type { DeviceTokens } from "../auth/tokens.js";
import { errorBody } from "../shared/errors.js";
import type { GatewayLogger } from "../shared/logger.js";
import { RateLimiter, type RateLimitOptions } from "../shared/rate-limit.js";
import { readBody, type Route } from "./router.js";

export const pairRequestSchema = z.strictObject({ code: z.string().min(1).max(32) });

/** Wrong pairing codes per remote address: 20, one more every 30 s (20 per 10 minutes). */
export const PAIRING_FAILURE_LIMIT: RateLimitOptions = { burst: 20, perSecond: 20 / 600 };

export interface PairingDeps {
  readonly repo: GatewayRepo;
  readonly tokens: () => DeviceTokens;
  readonly clock: Clock;
  readonly log: GatewayLogger;
  readonly failures?: RateLimiter;
}

export function pairingRoute(deps: PairingDeps): Route {
  const failures = deps.failures ?? new RateLimiter(PAIRING_FAILURE_LIMIT);
  return {
    method: "POST",
    path: "/v1/pair",
    async handle(req, send) {
      const remote = req.socket.remoteAddress ?? "?";
      const now = deps.clock.now();
      if (!failures.allows(remote, now)) {
        return send(429, { error: { code: "RATE_LIMITED", message: "too many wrong pairing codes from this address: wait 10 minutes" } });
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
        const { token, expiresAt } = await deps.tokens().issue(device, now);
        deps.log.info({ device: device.id, role: device.role, station: device.station }, "device paired");
        send(200, { token, device, expiresAt } satisfies PairResponse);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        failures.take(remote, now);
        deps.log.warn({ remote, code: e.code }, "pairing refused");
        const status = e.code === "PAIRING_CODE_LOCKED" ? 423 : e.code === "PAIRING_CODE_EXPIRED" || e.code === "PAIRING_CODE_USED" ? 410 : 400;
        send(status, { error: errorBody(e) });
      }
    },
  };
}
