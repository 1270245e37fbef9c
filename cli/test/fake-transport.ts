/** Test doubles for the pack client: a scriptable transport and manual timers. */
import type { AckOf, ClientEventName, PayloadOf, ServerEventName, ServerEvents, StationState } from "@pickpack/core";
import { TransportError } from "@pickpack/client";
import type { Timers, Transport, TransportStatus } from "@pickpack/client";

export type Reply = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } } | "timeout" | "hang";
export type Responder = (event: ClientEventName, payload: Record<string, unknown>) => Reply | Promise<Reply>;

export interface Sent {
  readonly event: ClientEventName;
  readonly payload: Record<string, unknown>;
}

export class FakeTransport implements Transport {
  connected = false;
  readonly sent: Sent[] = [];
  readonly #handlers = new Map<string, Set<(d: unknown) => void>>();
  readonly #status = new Set<(s: TransportStatus) => void>();
  readonly #hanging: ((e: TransportError) => void)[] = [];
  connectCalls = 0;

  constructor(public responder: Responder) {}

  connect(): void {
    this.connectCalls++;
  }
  close(): void {
    this.connected = false;
  }
  /** Test: the socket is up. */
  up(): void {
    this.connected = true;
    for (const h of this.#status) h({ type: "connected" });
  }
  /** Test: the socket dropped; hanging emits fail with "disconnected". */
  down(reason = "transport close"): void {
    this.connected = false;
    for (const reject of this.#hanging.splice(0)) reject(new TransportError("disconnected", reason));
    for (const h of this.#status) h({ type: "disconnected", reason });
  }
  fail(message: string, code?: string, fatal = false): void {
    for (const h of this.#status) h({ type: "error", message, fatal, ...(code ? { error: { code, message } } : {}) });
  }
  async emit<E extends ClientEventName>(event: E, payload: PayloadOf<E>, _timeoutMs: number): Promise<AckOf<E>> {
    if (!this.connected) throw new TransportError("disconnected", "not connected");
    const p = payload as unknown as Record<string, unknown>;
    this.sent.push({ event, payload: p });
    const reply = await this.responder(event, p);
    if (reply === "timeout") throw new TransportError("timeout", "ack timeout");
    if (reply === "hang") return new Promise<AckOf<E>>((_, reject) => this.#hanging.push(reject));
    return reply as AckOf<E>;
  }
  on<E extends ServerEventName>(event: E, handler: (data: ServerEvents[E]) => void): () => void {
    const set = this.#handlers.get(event) ?? new Set();
    set.add(handler as (d: unknown) => void);
    this.#handlers.set(event, set);
    return () => set.delete(handler as (d: unknown) => void);
  }
  onStatus(handler: (status: TransportStatus) => void): () => void {
    this.#status.add(handler);
    return () => this.#status.delete(handler);
  }
  /** Test: the server pushes an event. */
  push<E extends ServerEventName>(event: E, data: ServerEvents[E]): void {
    for (const h of this.#handlers.get(event) ?? []) h(data);
  }
  sentOf(event: ClientEventName): Sent[] {
    return this.sent.filter((s) => s.event === event);
  }
}

export class ManualTimers implements Timers {
  now = 1_000_000;
  #seq = 0;
  readonly #due = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#due.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = [...this.#due.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.#due.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
    }
    this.now = end;
  }
  get size(): number {
    return this.#due.size;
  }
}

/** Let promise callbacks run. */
export const flush = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
};

export function station(over: Partial<StationState> = {}): StationState {
  return {
    station: "P1",
    orderNumber: "ORD-1001",
    lines: [
      { sku: "MUG-BLUE", description: "Blue mug 350 ml", expected: 2, packed: 0 },
      { sku: "TEA-GREEN", description: "Green tea 100 g", expected: 1, packed: 0 },
    ],
    suggestedBox: "BOX-S",
    box: null,
    expectedGrams: null,
    toleranceGrams: null,
    measuredGrams: null,
    trackingNumber: null,
    label: null,
    next: "Scan item",
    phase: "scanning",
    ...over,
  };
}

export const idle: StationState = { ...station({ orderNumber: null, lines: [], suggestedBox: null, phase: "idle", next: "Scan a tote or an order" }) };

export const hello = (latestSeq = 0, user: { id: string; name: string; role: string } | null = null) => ({
  ok: true as const,
  data: { protocol: 1, device: { id: "dev-1", name: "Pack 1", role: "packer", station: "P1" }, user, latestSeq, serverTime: "2026-11-22T08:00:00Z", node: "n1" },
});
