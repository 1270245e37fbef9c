/** Tables of the order-system API (migration 0011_api): API keys and stored idempotent answers. Times are ISO-8601 UTC strings. */

export interface ApiKeysTable {
  /** The public part of a key (`ppk_<id>_<secret>`): finds the row. */
  id: string;
  /** The client system the key belongs to (e.g. "shop"); idempotency keys are scoped by it. */
  name: string;
  /** SHA-256 of the secret part (hex); the key itself is shown once and never stored. */
  secret_hash: string;
  /** JSON string[] of scopes such as "orders:write". */
  scopes: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface ApiIdempotencyTable {
  /** The API key's client name. */
  client: string;
  /** The request's Idempotency-Key header. */
  key: string;
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  request_hash: string;
  /** "running" until the first answer is stored, then "done". */
  state: string;
  status: number | null;
  /** JSON of the stored answer's body. */
  response: string | null;
  created_at: string;
  /** While running: after this, a crashed first request's key may be taken over. */
  lease_until: string;
}
