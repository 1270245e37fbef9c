/**
 * Consuming the order system's topics: each message goes to the data inbox (applied exactly once,
 * by message id, in the effect's transaction) and is settled only after that commit: applied,
 * duplicate or refused → ack; a poison message (invalid payload, unknown type or order) → the
 * dead-letter queue with its reason, never redelivered; a fault of ours (the database is away) →
 * given back to be delivered again later. Used by `pickpack consume` and `pickpack gateway --consume`.
 */
import type { Clock, MessageBroker, MessageHandler, Subscription } from "@pickpack/core";
import { INBOX_MESSAGE_TYPES, receiveInboxMessage, type InboxOutcome, type SqlStore } from "@pickpack/data";
import type { GatewayLogger } from "../shared/logger.js";

import { DEFAULT_ORDERS_EXCHANGE, DEFAULT_ORDERS_QUEUE } from "./names.js";

export { DEFAULT_ORDERS_EXCHANGE, DEFAULT_ORDERS_QUEUE } from "./names.js";

export interface OrderConsumerOptions {
  readonly clock: Clock;
  readonly logger: GatewayLogger;
  /** The order system's topic exchange (default `orders.events`). */
  readonly exchange?: string;
  /** pickpack's durable queue on it (default `pickpack.orders`); dead letters go to `<queue>.dlq`. */
  readonly queue?: string;
  readonly prefetch?: number;
  /** Routing-key patterns bound to the queue (default: exactly the four types pickpack applies; a wider pattern such as `order.#` dead-letters the types it does not know). */
  readonly bindings?: readonly string[];
  /** Recorded as the actor of every change (default `order-system`). */
  readonly actor?: string;
  /** Called after each message is settled (tests, metrics). */
  readonly onOutcome?: (outcome: InboxOutcome) => void;
}

/** The handler: one message → the inbox → how to settle it. */
export function orderMessageHandler(store: SqlStore, options: OrderConsumerOptions): MessageHandler {
  const queue = options.queue ?? DEFAULT_ORDERS_QUEUE;
  const actor = options.actor ?? "order-system";
  return async (message) => {
    const outcome = await receiveInboxMessage(store, { messageId: message.messageId, type: message.routingKey, body: message.body, source: queue }, { now: options.clock.now(), actor });
    options.onOutcome?.(outcome);
    const log = { type: message.routingKey, messageId: outcome.messageId ?? message.messageId, redelivered: message.redelivered, outcome: outcome.kind };
    switch (outcome.kind) {
      case "applied":
        options.logger.info({ ...log, order: outcome.orderNumber, ...outcome.summary }, `${outcome.type} ${outcome.orderNumber}: applied`);
        return { kind: "ack" };
      case "duplicate":
        options.logger.info(log, `${outcome.type}: already applied (message ${outcome.messageId}), acknowledged`);
        return { kind: "ack" };
      case "refused":
        options.logger.warn({ ...log, order: outcome.orderNumber, code: outcome.code }, `${outcome.type} ${outcome.orderNumber} refused: ${outcome.message}`);
        return { kind: "ack" };
      case "rejected":
        options.logger.warn({ ...log, reason: outcome.reason }, `poison message dead-lettered: ${outcome.reason}`);
        return { kind: "dead-letter", reason: outcome.reason };
    }
  };
}

/** Subscribe pickpack's queue to the order system's message types. */
export function startOrderConsumer(broker: MessageBroker, store: SqlStore, options: OrderConsumerOptions): Promise<Subscription> {
  const queue = options.queue ?? DEFAULT_ORDERS_QUEUE;
  return broker.subscribe(queue, options.bindings ?? INBOX_MESSAGE_TYPES, orderMessageHandler(store, options), {
    exchange: options.exchange ?? DEFAULT_ORDERS_EXCHANGE,
    prefetch: options.prefetch ?? 10,
  });
}
