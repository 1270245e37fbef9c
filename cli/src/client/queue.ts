/**
 * The offline queue: every command that changes state gets a client scan id and is stored here before
 * it is sent, and leaves only when the gateway acked it (accepted or refused). A crash of the terminal
 * loses nothing: the store is persisted (queue-file.ts: a JSONL journal under the user's state dir).
 */
import type { ClientEventName } from "@pickpack/core";

export type QueuedEvent = Extract<
  ClientEventName,
  "session.login" | "session.logout" | "station.open" | "station.close" | "pack.scan" | "pack.weight" | "pack.override" | "pack.close"
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

export class MemoryQueueStore implements QueueStore {
  readonly #items: QueuedCommand[] = [];
  constructor(initial: readonly QueuedCommand[] = []) {
    this.#items.push(...initial);
  }
  load(): QueuedCommand[] {
    return [...this.#items];
  }
  add(command: QueuedCommand): void {
    this.#items.push(command);
  }
  remove(scanId: string): void {
    const i = this.#items.findIndex((c) => c.scanId === scanId);
    if (i >= 0) this.#items.splice(i, 1);
  }
}

/**
 * Replay a journal: lines `{"op":"add","cmd":{…}}` and `{"op":"ack","scanId":"…"}`. A torn last line
 * (crash in the middle of a write) or any unreadable line is skipped, never fatal.
 */
export function replayJournal(text: string): QueuedCommand[] {
  const pending = new Map<string, QueuedCommand>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof entry !== "object" || entry === null) continue;
    const e = entry as { op?: unknown; cmd?: unknown; scanId?: unknown };
    if (e.op === "add" && isQueuedCommand(e.cmd)) pending.set(e.cmd.scanId, e.cmd);
    else if (e.op === "ack" && typeof e.scanId === "string") pending.delete(e.scanId);
  }
  return [...pending.values()];
}

export function journalLine(entry: { op: "add"; cmd: QueuedCommand } | { op: "ack"; scanId: string }): string {
  return `${JSON.stringify(entry)}\n`;
}

function isQueuedCommand(v: unknown): v is QueuedCommand {
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  const p = c.payload as Record<string, unknown> | undefined;
  return typeof c.scanId === "string" && typeof c.event === "string" && typeof c.at === "number" && typeof p === "object" && p !== null && p.scanId === c.scanId;
}
