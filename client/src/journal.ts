/**
 * The offline queue's journal format, one JSON line per change: what a durable QueueStore appends and
 * replays (the terminal's file store; a browser page's storage may use the same lines).
 */
import type { QueuedCommand } from "./queue.js";

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
