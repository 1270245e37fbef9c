/**
 * The Node adapter of the client's offline queue: the QueueStore of @pickpack/client persisted as an
 * fsync'ed JSONL journal under the user's state dir (a browser page keeps its queue in its own storage).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { journalLine, replayJournal } from "@pickpack/client";
import type { QueueStore, QueuedCommand } from "@pickpack/client";

/** `$XDG_STATE_HOME/pickpack` or `~/.local/state/pickpack`. */
export function defaultStateDir(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME !== "" ? env.XDG_STATE_HOME : join(env.HOME ?? homedir(), ".local", "state");
  return join(base, "pickpack");
}

/** The journal file of one station (station names are made file-safe). */
export function queueFilePath(stateDir: string, station: string): string {
  return join(stateDir, `pack-queue-${station.replace(/[^A-Za-z0-9._-]/g, "_")}.jsonl`);
}

export class FileQueueStore implements QueueStore {
  #pending = new Map<string, QueuedCommand>();
  #acked = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) for (const c of replayJournal(readFileSync(path, "utf8"))) this.#pending.set(c.scanId, c);
    this.#compact();
  }

  load(): QueuedCommand[] {
    return [...this.#pending.values()];
  }

  add(command: QueuedCommand): void {
    this.#append(journalLine({ op: "add", cmd: command }));
    this.#pending.set(command.scanId, command);
  }

  remove(scanId: string): void {
    if (!this.#pending.delete(scanId)) return;
    this.#append(journalLine({ op: "ack", scanId }));
    if (++this.#acked >= 500 && this.#pending.size === 0) this.#compact();
  }

  #append(line: string): void {
    const fd = openSync(this.path, "a");
    try {
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Rewrite the journal with only the pending commands (atomic rename). */
  #compact(): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      for (const c of this.#pending.values()) writeSync(fd, journalLine({ op: "add", cmd: c }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    this.#acked = 0;
  }
}
