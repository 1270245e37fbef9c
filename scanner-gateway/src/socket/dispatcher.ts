/**
 * Every client event goes through here. Events of one device run one after the other (in order),
 * devices in parallel. Checks, in order, before any domain code (nothing is written by a refusal):
 * per-device rate limit (RATE_LIMITED) first, so every event a device sends counts, also the ones
 * refused cheaply; then known event (UNKNOWN_EVENT), role (FORBIDDEN), payload schema
 * (INVALID_PAYLOAD). Refusals are logged sampled: one line per device per REFUSAL_LOG_INTERVAL_MS
 * with the count left out, so a flooding device cannot grow the log. Then a command goes to the
 * idempotent executor; a query reads the device (refused DEVICE_REVOKED if revoked) and answers.
 */
import { PickpackError, type Clock, type ClientEventName } from "@pickpack/core";
import type { GatewayRepo } from "@pickpack/data";
import type { AckFn, CommandExecutor, CommandHandler } from "../commands/idempotent.js";
import { errorBody, fail } from "../shared/errors.js";
import type { GatewayMetrics } from "../metrics/metrics.js";
import type { GatewayLogger } from "../shared/logger.js";
import type { RateLimiter } from "../shared/rate-limit.js";
import { entryOf, type CommandContext, type EventEntry, type EventTable, type GatewayServices, type QueryContext } from "./events.js";
import { parsePayload } from "./payload.js";
import type { Session } from "./session.js";
import type { Connection } from "./transport.js";

/** At most one refusal log line per device in this period. */
export const REFUSAL_LOG_INTERVAL_MS = 10_000;

export interface DispatcherDeps {
  readonly table: EventTable;
  readonly repo: GatewayRepo;
  readonly clock: Clock;
  readonly log: GatewayLogger;
  readonly limiter: RateLimiter;
  readonly commands: Pick<CommandExecutor, "execute">;
  readonly app: GatewayServices;
  /** Ack latency and results (metrics/); optional. */
  readonly metrics?: GatewayMetrics;
}

/** "ok" or the error code of an ack. */
function ackResult(r: unknown): string {
  const a = r as { ok?: unknown; error?: { code?: unknown } } | undefined;
  if (a?.ok === true) return "ok";
  return typeof a?.error?.code === "string" ? a.error.code : "INTERNAL";
}

export class EventDispatcher {
  readonly #d: DispatcherDeps;
  readonly #queues = new Map<string, Promise<void>>();
  /** Per device: when its last refusal was logged, and how many were left out since. */
  readonly #refusalLog = new Map<string, { at: number; suppressed: number }>();
  #inFlight = 0;
  #idle: (() => void) | undefined;
  #stopping = false;
  constructor(deps: DispatcherDeps) {
    this.#d = deps;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Refuse new events (UNAVAILABLE) and wait for the ones in flight. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
  }

  /** A client event from a socket; `ack` is undefined when the client sent none. */
  enqueue(conn: Connection<Session>, event: string, payload: unknown, ack: AckFn | undefined): void {
    const known = entryOf(this.#d.table, event);
    const reply = this.#observed(known ? event : "unknown", conn.session.role, known?.kind === "command", (r) => {
      try {
        ack?.(r);
      } catch {
        /* socket gone */
      }
    });
    if (this.#stopping) return reply(fail("UNAVAILABLE", "the gateway is shutting down; retry shortly"));
    const id = conn.session.deviceId;
    this.#inFlight++;
    const prev = this.#queues.get(id) ?? Promise.resolve();
    const next = prev
      .then(() => this.#handle(conn, event, payload, reply))
      .catch((e: unknown) => {
        this.#d.log.error({ err: e, device: id, event }, "event failed");
        reply(fail("INTERNAL", "internal error: the command was not applied; retry"));
      })
      .finally(() => {
        if (this.#queues.get(id) === next) this.#queues.delete(id);
        if (--this.#inFlight === 0 && this.#idle) this.#idle();
      });
    this.#queues.set(id, next);
  }

  /**
   * A command on behalf of a device without its socket (a scanner attached to this host at its
   * station): validated by the same schema, recorded like a client command. Resolves to the ack.
   */
  async local(deviceId: string, event: ClientEventName, payload: Record<string, unknown>): Promise<unknown> {
    const entry = entryOf(this.#d.table, event);
    if (!entry || entry.kind !== "command") return fail("UNKNOWN_EVENT", `unknown command ${event}`);
    const parsed = parsePayload(entry.schema, payload);
    if (!parsed.ok) return fail("INVALID_PAYLOAD", `invalid ${event} payload`, { issues: parsed.issues });
    let ack: unknown;
    const reply = this.#observed(event, "packer", true, (r) => (ack = r));
    await this.#d.commands.execute({ deviceId, event, payload: parsed.value as { scanId: string }, now: this.#d.clock.now(), handler: this.#commandHandler(entry), reply });
    return ack;
  }

  /** The reply, recording its latency and result once (metrics). */
  #observed(event: string, role: string, command: boolean, reply: AckFn): AckFn {
    const m = this.#d.metrics;
    if (!m) return reply;
    const elapsed = m.timer();
    let done = false;
    return (r) => {
      if (!done) {
        done = true;
        m.eventAck(event, role, ackResult(r), elapsed(), command ? this.#d.clock.now() : undefined);
      }
      reply(r);
    };
  }

  async #handle(conn: Connection<Session>, event: string, payload: unknown, reply: AckFn): Promise<void> {
    const s = conn.session;
    const { limiter, clock } = this.#d;
    if (!limiter.take(s.deviceId, clock.now())) return this.#refuse(s, event, reply, "RATE_LIMITED", "too many events from this device: slow down");
    const entry = entryOf(this.#d.table, event);
    if (!entry) return this.#refuse(s, event, reply, "UNKNOWN_EVENT", `unknown event ${JSON.stringify(event.slice(0, 64))}`);
    if (!entry.roles.includes(s.role)) return this.#refuse(s, event, reply, "FORBIDDEN", `a ${s.role} device may not send ${event}`);
    const parsed = parsePayload(entry.schema, payload);
    if (!parsed.ok) return reply(fail("INVALID_PAYLOAD", `invalid ${event} payload: ${parsed.issues.map((i) => `${i.path || "(payload)"}: ${i.message}`).join("; ")}`, { issues: parsed.issues }));
    const now = clock.now();
    const name = event as ClientEventName;
    // Commands read the device inside their transaction; queries read it here.
    if (entry.kind === "command") {
      return this.#d.commands.execute({ deviceId: s.deviceId, event: name, payload: parsed.value as { scanId: string }, now, handler: this.#commandHandler(entry), reply, onRevoked: () => conn.disconnect() });
    }
    const device = await this.#d.repo.getDevice(s.deviceId);
    if (!device || device.revoked_at) {
      reply(fail("DEVICE_REVOKED", "this device was revoked"));
      conn.disconnect();
      return;
    }
    const q: QueryContext = { store: this.#d.app.store, repo: this.#d.repo, device, now, conn, app: this.#d.app };
    try {
      reply({ ok: true, data: await (entry.handle as (q: QueryContext, p: unknown) => Promise<unknown>)(q, parsed.value) });
    } catch (e) {
      if (!(e instanceof PickpackError)) throw e;
      reply({ ok: false, error: errorBody(e) });
    }
  }

  /** Answer a cheap refusal; log it sampled (one line per device per REFUSAL_LOG_INTERVAL_MS). */
  #refuse(s: Session, event: string, reply: AckFn, code: "RATE_LIMITED" | "UNKNOWN_EVENT" | "FORBIDDEN", message: string): void {
    reply(fail(code, message));
    const now = this.#d.clock.now();
    const last = this.#refusalLog.get(s.deviceId);
    if (last && now - last.at < REFUSAL_LOG_INTERVAL_MS) {
      last.suppressed++;
      return;
    }
    this.#refusalLog.set(s.deviceId, { at: now, suppressed: 0 });
    this.#d.log.warn({ device: s.deviceId, role: s.role, event: event.slice(0, 64), code, ...(last ? { suppressedSinceLast: last.suppressed } : {}) }, "event refused");
  }

  /** Forget a device's refusal sampling (it disconnected). */
  forget(deviceId: string): void {
    this.#refusalLog.delete(deviceId);
  }

  #commandHandler(entry: EventEntry & { kind: "command" }): CommandHandler {
    const app = this.#d.app;
    const handle = entry.handle as (c: CommandContext, p: unknown) => Promise<unknown>;
    return (scope, payload) => handle({ ...scope, app }, payload);
  }
}
