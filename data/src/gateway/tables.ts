/** The gateway's tables (migration 0003_gateway). Times are ISO-8601 UTC strings. */
import type { Generated } from "kysely";

/** A paired handheld or pack station. */
export interface GatewayDevicesTable {
  id: string;
  name: string;
  role: string;
  station: string | null;
  paired_at: string;
  revoked_at: string | null;
  revoke_reason: string | null;
  /** The person logged in by badge (kept across reconnects and restarts). */
  user_id: string | null;
  /** Last feed sequence handed out (the feed's counter; row lock serialises writers). */
  feed_seq: number;
  /** Opaque JSON state of the device's current flow (packer station state, …). */
  state: string | null;
}

/** One-time pairing codes. `lookup` is the public part of the code, `secret_hash` the SHA-256 of the rest. */
export interface GatewayPairingCodesTable {
  lookup: string;
  secret_hash: string;
  role: string;
  name: string;
  station: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
  failed_attempts: number;
  locked_at: string | null;
}

/** Every command a device sent, with its first ack (returned byte-identical on resend). */
export interface GatewayScansTable {
  id: Generated<number>;
  device_id: string;
  scan_id: string;
  event: string;
  user_id: string | null;
  /** SHA-256 of the canonical payload: a reused scanId with a different payload is refused. */
  payload_hash: string;
  /** The ack exactly as first sent (JSON text). */
  ack: string;
  ok: number;
  code: string | null;
  created_at: string;
}

/** The per-device sequenced server→client feed. */
export interface GatewayFeedTable {
  device_id: string;
  seq: number;
  type: string;
  payload: string;
  created_at: string;
}

/** Site-wide gateway settings (e.g. the generated token signing secret when none is configured). */
export interface GatewaySettingsTable {
  name: string;
  value: string;
}
