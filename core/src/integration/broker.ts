/**
 * The message-broker port: what pickpack needs from a broker (RabbitMQ today; NATS JetStream or Kafka
 * would be other adapters of this same interface, see docs/broker.md). Publishing resolves only once
 * the broker has taken the message for good (a publisher confirm); consuming hands each message to a
 * handler that settles it explicitly (ack after the effect committed, or dead-letter it with a reason).
 */
import { toEnvelope, type DeliveryOutcome, type EventDestination, type OutboundEvent } from "./delivery.js";

export interface PublishOptions {
  /** Stable id of the message (the event id): consumers de-duplicate by it. */
  readonly messageId: string;
  readonly headers?: Readonly<Record<string, string | number | boolean>>;
  /** Defaults to application/json. */
  readonly contentType?: string;
}

/** Why a publish did not go through. `retryable: false` means the same message can never succeed. */
export class BrokerUnavailableError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable = true) {
    super(message);
    this.name = "BrokerUnavailableError";
    this.retryable = retryable;
  }
}

/** One message as a consumer receives it. */
export interface BrokerMessage {
  readonly messageId: string | undefined;
  /** The routing key it was published with (for pickpack's topics: the event type). */
  readonly routingKey: string;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly body: Uint8Array;
  /** True when the broker delivered it before (the consumer went away before settling it). */
  readonly redelivered: boolean;
}

/** How the handler settles a message. */
export type Settlement =
  /** Done (its effect is committed, or it was a duplicate): remove it from the queue. */
  | { readonly kind: "ack" }
  /** Never retry: move it to the dead-letter queue with this reason. */
  | { readonly kind: "dead-letter"; readonly reason: string }
  /** A passing problem (the database is down): give it back to be delivered again later. */
  | { readonly kind: "requeue"; readonly reason: string };

export type MessageHandler = (message: BrokerMessage) => Promise<Settlement>;

export interface SubscribeOptions {
  /** Messages handed out before any is settled (the broker's prefetch / QoS). Default 10. */
  readonly prefetch?: number;
  /** The exchange the queue is bound to (default: the adapter's exchange). */
  readonly exchange?: string;
  /** Where dead-lettered messages go (default `<queue>.dlq`). */
  readonly deadLetterQueue?: string;
}

export interface Subscription {
  /** Stop taking new messages; messages in the handler finish and are settled. */
  cancel(): Promise<void>;
}

export interface MessageBroker {
  /** Publish one message (a string is sent as UTF-8) on the adapter's exchange; resolves after the broker confirmed it, rejects with BrokerUnavailableError otherwise. */
  publish(routingKey: string, body: string | Uint8Array, options: PublishOptions): Promise<void>;
  /** Consume a queue bound to the exchange with these routing-key patterns (`order.*`, `#`); manual settlement. */
  subscribe(queue: string, bindings: readonly string[], handler: MessageHandler, options?: SubscribeOptions): Promise<Subscription>;
  close(): Promise<void>;
}

export interface BrokerDestinationOptions {
  /** Event types to publish (`*` one word, `#` any rest, as topic bindings); default every type. */
  readonly events?: readonly string[];
  /** Recorded as the destination's name (default `broker`). */
  readonly name?: string;
}

/** AMQP topic match: `*` is exactly one dot-separated word, `#` zero or more (`order.#` matches `order.shipped.v1`, `order.*` does not). */
export function topicMatches(pattern: string, routingKey: string): boolean {
  const p = pattern.split(".");
  const k = routingKey.split(".");
  const go = (i: number, j: number): boolean => {
    if (i === p.length) return j === k.length;
    if (p[i] === "#") return go(i + 1, j) || (j < k.length && go(i, j + 1));
    if (j === k.length) return false;
    return (p[i] === "*" || p[i] === k[j]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

/**
 * The broker as an outbox destination: the body is `toEnvelope(event)` as JSON, the routing key the
 * event type, the message id the event id (the same on every retry), headers `type` and `sequence`
 * (and `order-number`). A broker that is away answers a retryable failure, so the event waits in the outbox.
 */
export function createBrokerDestination(broker: MessageBroker, options: BrokerDestinationOptions = {}): EventDestination {
  const patterns = options.events ?? ["#"];
  return {
    name: options.name ?? "broker",
    accepts: (type) => patterns.some((p) => topicMatches(p, type)),
    async deliver(event: OutboundEvent): Promise<DeliveryOutcome> {
      const body = JSON.stringify(toEnvelope(event));
      try {
        await broker.publish(event.type, body, {
          messageId: event.id,
          headers: { type: event.type, sequence: event.sequence, "order-number": event.orderNumber },
        });
        return { ok: true };
      } catch (e) {
        const retryable = e instanceof BrokerUnavailableError ? e.retryable : true;
        return { ok: false, retryable, error: `broker: ${(e as Error).message}` };
      }
    },
    close: () => broker.close(),
  };
}
