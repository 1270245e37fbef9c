/**
 * The only file that imports socket.io-client: the real Transport (websocket by default, auto-reconnect),
 * published as the entry `@pickpack/client/socket`. socket.io-client runs in browsers and in Node.
 */
import { io } from "socket.io-client";
import type { Socket } from "socket.io-client";
import type { AckOf, ClientEventName, ErrorBody, PayloadOf, ServerEventName, ServerEvents } from "@pickpack/core";
import { FATAL_HANDSHAKE_CODES, TransportError } from "./transport.js";
import type { Transport, TransportStatus } from "./transport.js";

export interface SocketTransportOptions {
  readonly url: string;
  readonly token: string;
  /** Max wait between reconnection attempts (ms, default 3000). */
  readonly reconnectionDelayMax?: number;
  /** Socket.IO transports (default websocket only; a browser page may start with long-polling and upgrade). */
  readonly transports?: readonly ("polling" | "websocket")[];
}

export class SocketTransport implements Transport {
  readonly #socket: Socket;
  readonly #status = new Set<(s: TransportStatus) => void>();

  constructor(o: SocketTransportOptions) {
    this.#socket = io(o.url, {
      autoConnect: false,
      transports: o.transports ? [...o.transports] : ["websocket"],
      auth: { token: o.token },
      reconnection: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: o.reconnectionDelayMax ?? 3000,
    });
    this.#socket.on("connect", () => this.#emitStatus({ type: "connected" }));
    this.#socket.on("disconnect", (reason) => {
      this.#emitStatus({ type: "disconnected", reason });
      // A server-side disconnect is not retried by socket.io; we keep trying (the station must come back).
      if (reason === "io server disconnect") this.#socket.connect();
    });
    this.#socket.on("connect_error", (e: Error & { data?: unknown }) => {
      const body = e.data && typeof e.data === "object" && "code" in e.data ? (e.data as ErrorBody) : undefined;
      const fatal = body !== undefined && FATAL_HANDSHAKE_CODES.includes(body.code);
      this.#emitStatus({ type: "error", message: body?.message ?? e.message, ...(body ? { error: body } : {}), fatal });
      // Middleware refusals stop socket.io's own retries; retry ourselves unless retrying cannot help.
      if (!fatal && !this.#socket.active) setTimeout(() => this.#socket.connect(), 1000);
    });
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  connect(): void {
    this.#socket.connect();
  }

  close(): void {
    this.#socket.disconnect();
  }

  async emit<E extends ClientEventName>(event: E, payload: PayloadOf<E>, timeoutMs: number): Promise<AckOf<E>> {
    if (!this.#socket.connected) throw new TransportError("disconnected", "not connected to the gateway");
    try {
      return (await this.#socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckOf<E>;
    } catch (e) {
      throw new TransportError(this.#socket.connected ? "timeout" : "disconnected", e instanceof Error ? e.message : String(e));
    }
  }

  on<E extends ServerEventName>(event: E, handler: (data: ServerEvents[E]) => void): () => void {
    const h = handler as (d: unknown) => void;
    this.#socket.on(event as string, h);
    return () => void this.#socket.off(event as string, h);
  }

  onStatus(handler: (status: TransportStatus) => void): () => void {
    this.#status.add(handler);
    return () => this.#status.delete(handler);
  }

  #emitStatus(s: TransportStatus): void {
    for (const h of this.#status) h(s);
  }
}
