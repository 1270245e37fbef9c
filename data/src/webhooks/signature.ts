/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-signature` is
 * `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` keyed with the secret's bytes (the base64
 * after `whsec_`); during a secret rotation one signature per valid secret, space-separated.
 */
import { createHmac, randomBytes } from "node:crypto";
import { InputError } from "@pickpack/core";

const PREFIX = "whsec_";

/** A new secret: `whsec_` + 32 random bytes in base64. */
export function newSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

/** Check a secret given by a person (`--secret`): whsec_ + base64 of 24..64 bytes. */
export function checkSecret(secret: string): string {
  const body = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : undefined;
  const bytes = body !== undefined && /^[A-Za-z0-9+/]+={0,2}$/.test(body) ? Buffer.from(body, "base64") : undefined;
  if (!bytes || bytes.length < 24 || bytes.length > 64) {
    throw new InputError("WEBHOOK_SECRET_INVALID", "--secret must be whsec_ followed by base64 of 24 to 64 random bytes (leave it out to have one generated)", [{ field: "secret", message: "not a whsec_ secret" }]);
  }
  return secret;
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}

/** The three Standard Webhooks headers of a delivery, signed with every secret given. */
export function webhookHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": secrets.map((s) => sign(s, id, timestampSeconds, body)).join(" "),
  };
}
