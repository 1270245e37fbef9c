/** Tables of the broker inbox (migration 0013_broker). Times are ISO-8601 UTC strings. */

/** One message taken from the order system, by its message id: a redelivery finds it and changes nothing. */
export interface InboxTable {
  message_id: string;
  /** The queue (or other source) it came from. */
  source: string;
  /** Its type (routing key), e.g. order.created.v1. */
  type: string;
  /** The order it was about, when it named one. */
  order_number: string | null;
  /** "applied" | "refused" (a business rule said no; answered with order.request.refused.v1). */
  outcome: string;
  /** Refusal code, or the summary of what was applied (JSON). */
  detail: string;
  received_at: string;
}
