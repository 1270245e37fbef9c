/**
 * Cancelling an order: the lifecycle's Cancel (Processing → Cancelled only while nothing is packed;
 * picked items get a put-back task), with its open pick-list lines leaving their trips in the same
 * transaction. This is no special path: every transition into Cancelled, whether through
 * `applyOrderEvent`, the reservation sweeper or here, is saved by the orders service, whose effects
 * take the order off picking; this function only reports what that did.
 */
import type { TransitionOutput } from "@pickpack/core";
import type { Actor, UnitOfWork } from "../db/unit-of-work.js";
import type { SqlStore } from "../store.js";
import type { WithdrawnLine } from "./pick-withdrawal.js";
import { applyEventInTx } from "./service.js";

export interface PlanningCancellation {
  readonly transition: TransitionOutput;
  /** Pick-list lines taken off their trips (they were still to be picked). */
  readonly removedLines: readonly WithdrawnLine[];
  /** Units already picked into totes: a put-back task was created for them. */
  readonly putBack: readonly { readonly lineNo: number; readonly sku: string; readonly quantity: number }[];
}

export async function cancelOrderInTx(tx: UnitOfWork, ref: string, reason: string, by: Actor): Promise<PlanningCancellation> {
  const applied = await applyEventInTx(tx, ref, { type: "Cancel", reason }, by);
  const putBack = (applied.transition.metadata.putBack as PlanningCancellation["putBack"] | undefined) ?? [];
  return { transition: applied.transition, removedLines: applied.withdrawn, putBack };
}

/** Cancel an order in its own transaction. */
export function cancelOrder(store: SqlStore, ref: string, reason: string, by: Actor): Promise<PlanningCancellation> {
  return store.transaction((tx) => cancelOrderInTx(tx, ref, reason, by));
}
