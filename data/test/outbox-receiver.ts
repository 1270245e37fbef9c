/**
 * A real HTTP webhook receiver for the delivery tests: verifies every request with the independent
 * `standardwebhooks` package, de-duplicates by webhook-id (processing each id once, as a consumer
 * should), checks that each order's sequence arrives in order, counts concurrent requests per id,
 * and can be told to misbehave (500s, hang past the timeout, drop the connection, 429, 410).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** ok; 500/429/410 answers; hang (never answer); drop (cut the connection); late (process, then answer only after 3 s). */
export type Fault = "ok" | "500" | "hang" | "drop" | "429" | "410" | "late";

export interface Received {
  readonly id: string;
  readonly type: string;
  readonly orderNumber: string;
  readonly sequence: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

export class WebhookReceiver {
  readonly server: Server;
  /** Every request that verified (duplicates included). */
  readonly requests: Received[] = [];
  /** Processed once per webhook-id, in arrival order. */
  readonly processed: Received[] = [];
  readonly rejected: string[] = [];
  /** Sequence gaps or regressions seen per order (must stay empty). */
  readonly outOfOrder: string[] = [];
  /** Highest number of requests in flight at once for one webhook-id. */
  maxInFlightPerId = 0;
  /** How to answer the next requests: a function of the request count, or one fault for all. */
  fault: Fault | ((n: number, r: Received) => Fault) = "ok";
  retryAfter = "1";
  /** Delay before answering, ms (for concurrency tests). */
  delayMs = 0;
  readonly #seen = new Set<string>();
  readonly #lastSeq = new Map<string, number>();
  readonly #inFlight = new Map<string, number>();
  readonly #verifiers: Webhook[];
  readonly #hung = new Set<ServerResponse>();

  constructor(secrets: readonly string[]) {
    this.#verifiers = secrets.map((s) => new Webhook(s));
    this.server = createServer((req, res) => void this.#handle(req, res));
  }

  setSecrets(secrets: readonly string[]): void {
    this.#verifiers.splice(0, this.#verifiers.length, ...secrets.map((s) => new Webhook(s)));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async close(): Promise<void> {
    for (const r of this.#hung) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Verify as a consumer would: signature with any known secret, timestamp within 5 minutes. */
  verify(body: string, headers: Record<string, string>): Record<string, unknown> | undefined {
    for (const v of this.#verifiers) {
      try {
        return v.verify(body, headers) as Record<string, unknown>;
      } catch {
        // try the next secret
      }
    }
    return undefined;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const headers = { "webhook-id": String(req.headers["webhook-id"] ?? ""), "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""), "webhook-signature": String(req.headers["webhook-signature"] ?? "") };
    const payload = this.verify(body, headers);
    if (!payload) {
      this.rejected.push(headers["webhook-id"]);
      res.writeHead(401).end();
      return;
    }
    const data = payload.data as { orderNumber: string; sequence: number };
    const r: Received = { id: headers["webhook-id"], type: String(payload.type), orderNumber: data.orderNumber, sequence: data.sequence, body, headers };
    this.requests.push(r);
    const fault = typeof this.fault === "function" ? this.fault(this.requests.length, r) : this.fault;
    const n = (this.#inFlight.get(r.id) ?? 0) + 1;
    this.#inFlight.set(r.id, n);
    this.maxInFlightPerId = Math.max(this.maxInFlightPerId, n);
    const done = () => this.#inFlight.set(r.id, (this.#inFlight.get(r.id) ?? 1) - 1);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    switch (fault) {
      case "500":
        done();
        res.writeHead(500).end("boom");
        return;
      case "429":
        done();
        res.writeHead(429, { "retry-after": this.retryAfter }).end();
        return;
      case "410":
        done();
        res.writeHead(410).end();
        return;
      case "drop":
        done();
        req.socket.destroy();
        return;
      case "hang":
        this.#hung.add(res);
        res.on("close", done);
        return;
      case "ok":
      case "late":
        break;
    }
    if (!this.#seen.has(r.id)) {
      this.#seen.add(r.id);
      const key = r.orderNumber || String((payload.data as { stream?: string }).stream);
      const last = this.#lastSeq.get(key) ?? 0;
      if (r.sequence <= last) this.outOfOrder.push(`${key}: ${r.sequence} after ${last}`);
      this.#lastSeq.set(key, Math.max(last, r.sequence));
      this.processed.push(r);
    }
    done();
    if (fault === "late") {
      this.#hung.add(res);
      setTimeout(() => void (res.destroyed || res.writeHead(204).end()), 3000);
      return;
    }
    res.writeHead(204).end();
  }
}
