/** Default exchange and queue names of the broker integration (a light module: no amqplib). */

/** The topic exchange pickpack publishes its events on (routing key = event type). */
export const DEFAULT_EXCHANGE = "pickpack.events";
/** The order system's topic exchange pickpack consumes from. */
export const DEFAULT_ORDERS_EXCHANGE = "orders.events";
/** pickpack's durable queue on the order system's exchange; dead letters go to `<queue>.dlq`. */
export const DEFAULT_ORDERS_QUEUE = "pickpack.orders";
