/** Device tokens: HS256 JWTs (jose) signed with the site secret; the device row stays authoritative. */
import { SignJWT, errors, jwtVerify } from "jose";
import { DEVICE_ROLES, type DeviceInfo, type DeviceRole, type ErrorBody } from "@pickpack/core";

export const DEFAULT_TOKEN_TTL_S = 180 * 24 * 3600;
const ISSUER = "pickpack-gateway";
const AUDIENCE = "pickpack-device";

export interface TokenClaims {
  readonly deviceId: string;
  readonly role: DeviceRole;
}

export class DeviceTokens {
  readonly #key: Uint8Array;
  readonly #ttlS: number;
  constructor(secret: string, ttlSeconds = DEFAULT_TOKEN_TTL_S) {
    if (secret.length < 32) throw new Error("the gateway token secret must be at least 32 characters");
    this.#key = new TextEncoder().encode(secret);
    this.#ttlS = ttlSeconds;
  }

  async issue(device: DeviceInfo, nowMs: number): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.#ttlS;
    const token = await new SignJWT({ role: device.role })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(device.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.#key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Verify a token; refusals are ErrorBody values (UNAUTHORIZED or TOKEN_EXPIRED). */
  async verify(token: unknown, nowMs: number): Promise<{ ok: true; claims: TokenClaims } | { ok: false; error: ErrorBody }> {
    if (typeof token !== "string" || token.length === 0) return { ok: false, error: { code: "UNAUTHORIZED", message: "no device token: pair the device first (POST /v1/pair) and connect with auth: { token }" } };
    if (token.length > 4096) return { ok: false, error: { code: "UNAUTHORIZED", message: "the device token is not valid" } };
    try {
      // exp is required: a token without an expiry would be valid for ever.
      const { payload } = await jwtVerify(token, this.#key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"], currentDate: new Date(nowMs), requiredClaims: ["exp", "sub"] });
      const role = payload.role;
      if (typeof payload.sub !== "string" || typeof role !== "string" || !DEVICE_ROLES.includes(role as DeviceRole)) {
        return { ok: false, error: { code: "UNAUTHORIZED", message: "the device token is not valid" } };
      }
      return { ok: true, claims: { deviceId: payload.sub, role: role as DeviceRole } };
    } catch (e) {
      if (e instanceof errors.JWTExpired) return { ok: false, error: { code: "TOKEN_EXPIRED", message: "the device token has expired: pair the device again" } };
      return { ok: false, error: { code: "UNAUTHORIZED", message: "the device token is not valid" } };
    }
  }
}
