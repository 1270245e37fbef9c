/**
 * Who is calling: an API key of a client system (`Authorization: Bearer ppk_…`), checked on every
 * request against the database (a revoked key stops at once, on every gateway node), its scopes per
 * route, and a token bucket per key (the gateway's RateLimiter) with 429 and Retry-After.
 */
import type { IncomingMessage } from "node:http";
import type { Clock } from "@pickpack/core";
import { verifyApiKey, type ApiKeyInfo, type ApiScope, type SqlStore } from "@pickpack/data";
import type { RateLimiter, RateLimitOptions } from "../shared/rate-limit.js";
import { ApiProblem } from "./problem.js";

/** Requests per second per API key, sustained and burst. */
export const DEFAULT_API_RATE_LIMIT: RateLimitOptions = { perSecond: 50, burst: 200 };

export interface ApiAuthDeps {
  readonly store: SqlStore;
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  readonly rate: RateLimitOptions;
}

export async function authenticate(req: IncomingMessage, scope: ApiScope, deps: ApiAuthDeps): Promise<ApiKeyInfo> {
  const header = req.headers.authorization ?? "";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const challenge = { "www-authenticate": 'Bearer realm="pickpack"' };
  if (!m) throw new ApiProblem("API_KEY_INVALID", "send an API key: Authorization: Bearer ppk_… (pickpack api-keys create)", { headers: challenge });
  const key = await verifyApiKey(deps.store, m[1]!);
  if (!key) throw new ApiProblem("API_KEY_INVALID", "the API key is unknown or revoked", { headers: challenge });
  if (!key.scopes.includes(scope)) throw new ApiProblem("API_SCOPE_MISSING", `the API key ${key.id} (${key.name}) lacks the scope ${scope}`);
  if (!deps.limiter.take(key.id, deps.clock.now())) {
    const retry = Math.max(1, Math.ceil(1 / deps.rate.perSecond));
    throw new ApiProblem("API_RATE_LIMITED", `more than ${deps.rate.perSecond} requests per second with API key ${key.id}; retry in ${retry} s`, { headers: { "retry-after": String(retry) } });
  }
  return key;
}
