/**
 * API keys of client systems: `ppk_<id>_<secret>`, shown once at creation; the id finds the row, the
 * secret is stored as its SHA-256 (a long random secret needs no slow hash) and compared in constant
 * time. Keys carry scopes that the API checks per route, and are revoked, never deleted.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { InputError, type InputIssue } from "@pickpack/core";
import { iso, ms, type Actor } from "../db/unit-of-work.js";
import type { SqlStore } from "../store.js";
import { findApiKey, insertApiKey, listApiKeyRows, revokeApiKeyRow } from "./repository.js";

export const API_SCOPES = ["orders:write", "orders:read", "stock:read", "carrier:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const isApiScope = (s: string): s is ApiScope => (API_SCOPES as readonly string[]).includes(s);

export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly ApiScope[];
  readonly createdAt: number;
  readonly createdBy: string;
  readonly revokedAt?: number;
}

export interface NewApiKey extends ApiKeyInfo {
  /** The key to give the client system: shown once, never stored. */
  readonly key: string;
}

const KEY_PATTERN = /^ppk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function info(row: { id: string; name: string; scopes: string; created_at: string; created_by: string; revoked_at: string | null }): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: (JSON.parse(row.scopes) as string[]).filter(isApiScope),
    createdAt: ms(row.created_at),
    createdBy: row.created_by,
    ...(row.revoked_at ? { revokedAt: ms(row.revoked_at) } : {}),
  };
}

/** Check a key's name and scopes; InputError naming each problem. */
export function checkApiKeyRequest(name: string, scopes: readonly string[]): ApiScope[] {
  const issues: InputIssue[] = [];
  if (!NAME_PATTERN.test(name)) issues.push({ field: "--name", message: "must be 1-64 letters, digits or . _ - (the client system, e.g. shop)" });
  if (scopes.length === 0) issues.push({ field: "--scopes", message: `is required: one or more of ${API_SCOPES.join(", ")}` });
  for (const s of scopes) if (!isApiScope(s)) issues.push({ field: "--scopes", message: `unknown scope ${JSON.stringify(s)}: use ${API_SCOPES.join(", ")}` });
  if (issues.length > 0) throw new InputError("API_KEY_REQUEST_INVALID", issues.map((i) => `${i.field} ${i.message}`).join("; "), issues);
  return [...new Set(scopes.filter(isApiScope))];
}

export async function createApiKey(store: SqlStore, request: { readonly name: string; readonly scopes: readonly string[] }, by: Actor): Promise<NewApiKey> {
  const scopes = checkApiKeyRequest(request.name, request.scopes);
  for (;;) {
    const id = randomBytes(6).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    const row = { id, name: request.name, secret_hash: sha256(secret), scopes: JSON.stringify(scopes), created_at: iso(by.now), created_by: by.actor, revoked_at: null, revoked_by: null };
    if (await insertApiKey(store.kysely, row)) return { ...info(row), key: `ppk_${id}_${secret}` };
  }
}

export async function listApiKeys(store: SqlStore): Promise<ApiKeyInfo[]> {
  return (await listApiKeyRows(store.kysely)).map(info);
}

/** Revoke a key by its id (or the whole `ppk_…` key); InputError when no such active key. */
export async function revokeApiKey(store: SqlStore, ref: string, by: Actor): Promise<ApiKeyInfo> {
  const id = KEY_PATTERN.exec(ref)?.[1] ?? ref;
  const row = await findApiKey(store.kysely, id);
  if (!row) throw new InputError("API_KEY_NOT_FOUND", `no API key ${JSON.stringify(id)} (see \`pickpack api-keys list\`)`);
  if (row.revoked_at !== null) return info(row);
  await revokeApiKeyRow(store.kysely, id, iso(by.now), by.actor);
  return info((await findApiKey(store.kysely, id)) ?? row);
}

/** The active key a presented `ppk_…` string is, or undefined (unknown, wrong secret, revoked). */
export async function verifyApiKey(store: SqlStore, presented: string): Promise<ApiKeyInfo | undefined> {
  const m = KEY_PATTERN.exec(presented);
  if (!m) return undefined;
  const row = await findApiKey(store.kysely, m[1]!);
  if (!row || row.revoked_at !== null) return undefined;
  const a = Buffer.from(sha256(m[2]!), "hex");
  const b = Buffer.from(row.secret_hash, "hex");
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  return info(row);
}
