/**
 * The connection to the gateway, behind an interface we own. The real one (socket-transport.ts) wraps
 * socket.io-client; tests use their own. No UI code ever sees a socket.
 */
import type { AckOf, ClientEventName, ErrorBody, PayloadOf, ServerEventName, ServerEvents } from "@pickpack/core";

export type TransportStatus =
  | { readonly type: "connected" }
  | { readonly type: "disconnected"; readonly reason: string }
  /** The handshake failed. `fatal` when retrying cannot help (bad token, revoked device). */
  | { readonly type: "error"; readonly message: string; readonly error?: ErrorBody; readonly fatal: boolean };

/** Why an emit did not get an ack: nothing is known about whether the gateway applied it, so resend. */
export class TransportError extends Error {
  constructor(
    readonly kind: "timeout" | "disconnected",
    message: string,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

export interface Transport {
  connect(): void;
  close(): void;
  readonly connected: boolean;
  /** Send an event and wait for its ack; rejects with TransportError on timeout or when not connected. */
  emit<E extends ClientEventName>(event: E, payload: PayloadOf<E>, timeoutMs: number): Promise<AckOf<E>>;
  on<E extends ServerEventName>(event: E, handler: (data: ServerEvents[E]) => void): () => void;
  onStatus(handler: (status: TransportStatus) => void): () => void;
}

/** Error codes after which a handshake is not retried. */
export const FATAL_HANDSHAKE_CODES: readonly string[] = ["UNAUTHORIZED", "TOKEN_EXPIRED", "DEVICE_REVOKED"];
