/**
 * The offline queue: every command that changes state gets a client scan id and is stored here before
 * it is sent, and leaves only when the gateway acked it (accepted or refused). A crash of the terminal
 * loses nothing when the store is persisted: the terminal keeps a JSONL journal (journal.ts) in a file,
 * a browser page may keep the same journal in its own storage; memory-queue.ts holds it in memory.
 */
import type { ClientEventName } from "@pickpack/core";

export type QueuedEvent = Extract<
  ClientEventName,
  | "session.login"
  | "session.logout"
  | "station.open"
  | "station.close"
  | "pack.scan"
  | "pack.weight"
  | "pack.override"
  | "pack.close"
  // the picker's commands (the handheld page queues them the same way)
  | "pick.scan"
  | "pick.confirm"
  | "pick.short"
  | "pick.skip"
  | "trip.complete"
>;

export interface QueuedCommand {
  readonly scanId: string;
  readonly event: QueuedEvent;
  /** The payload, including scanId. */
  readonly payload: Readonly<Record<string, unknown>> & { readonly scanId: string };
  /** Client time (ms) the command was made. */
  readonly at: number;
}

/** Durable storage of the queue. Implementations must make `add` durable before returning. */
export interface QueueStore {
  /** Commands not yet acked, oldest first. */
  load(): QueuedCommand[];
  add(command: QueuedCommand): void;
  /** The gateway acked this scan id: forget it. */
  remove(scanId: string): void;
}
