/**
 * The socket transport, loaded after the first screen is drawn: socket.io-client is the largest part
 * of the page's JavaScript and the pairing and login screens do not need it to appear. Handlers
 * registered before it loads are attached when it does; emits before then fail as "disconnected"
 * (the queue keeps the command and resends it once connected).
 */
import { TransportError, type Transport, type TransportStatus } from "@pickpack/client";
import type { SocketTransportOptions } from "@pickpack/client/socket";
import type { AckOf, ClientEventName, PayloadOf, ServerEventName, ServerEvents } from "@pickpack/core";

export class LazyTransport implements Transport {
  #t: Transport | null = null;
  #closed = false;
  readonly #status: ((s: TransportStatus) => void)[] = [];
  readonly #events: [ServerEventName, (d: never) => void][] = [];

  constructor(private readonly options: SocketTransportOptions) {}

  get connected(): boolean {
    return this.#t?.connected ?? false;
  }

  connect(): void {
    if (this.#t) return this.#t.connect();
    void import("@pickpack/client/socket").then(({ SocketTransport }) => {
      if (this.#closed) return;
      const t = new SocketTransport(this.options);
      for (const h of this.#status) t.onStatus(h);
      for (const [e, h] of this.#events) t.on(e, h as never);
      this.#t = t;
      t.connect();
    });
  }

  close(): void {
    this.#closed = true;
    this.#t?.close();
  }

  emit<E extends ClientEventName>(event: E, payload: PayloadOf<E>, timeoutMs: number): Promise<AckOf<E>> {
    if (!this.#t) return Promise.reject(new TransportError("disconnected", "not connected to the gateway yet"));
    return this.#t.emit(event, payload, timeoutMs);
  }

  on<E extends ServerEventName>(event: E, handler: (data: ServerEvents[E]) => void): () => void {
    if (this.#t) return this.#t.on(event, handler);
    this.#events.push([event, handler as (d: never) => void]);
    return () => undefined;
  }

  onStatus(handler: (status: TransportStatus) => void): () => void {
    if (this.#t) return this.#t.onStatus(handler);
    this.#status.push(handler);
    return () => undefined;
  }
}
