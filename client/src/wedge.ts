/**
 * Keyboard-wedge scanners type a barcode into the terminal as a burst of keystrokes ending with Enter.
 * This reader tells such a burst from a person typing: characters that arrive within `maxGapMs` of
 * each other and end with Enter, at least `minLength` long, are a scan. Anything else is handed on as
 * keys — a lone key only after `maxGapMs` of quiet, so the first character of a scan never fires a
 * shortcut. Input may come one key per chunk or a whole burst in one chunk (a fast scanner, a pty).
 */
import type { Timers } from "./timers.js";

export interface WedgeOptions {
  /** Longest pause between two characters of one scan (ms, default 30). */
  readonly maxGapMs?: number;
  /** Shortest scan (default 4 characters); shorter Enter-terminated bursts are typed keys. */
  readonly minLength?: number;
}

export type SpecialKey = "return" | "escape" | "backspace" | "up" | "down" | "left" | "right" | "tab";

export interface WedgeHandlers {
  onScan(code: string): void;
  /** A typed character (`text`) or a special key. */
  onKey(text: string, special?: SpecialKey): void;
}

export class WedgeReader {
  readonly #gap: number;
  readonly #min: number;
  #buf = "";
  #last = 0;
  #timer: unknown = null;

  constructor(
    readonly handlers: WedgeHandlers,
    readonly timers: Timers,
    readonly now: () => number,
    o: WedgeOptions = {},
  ) {
    this.#gap = o.maxGapMs ?? 30;
    this.#min = o.minLength ?? 4;
  }

  /** Feed one input chunk: printable text (which may contain CR/LF), or a special key. */
  push(text: string, special?: SpecialKey): void {
    const at = this.now();
    if (this.#buf !== "" && at - this.#last > this.#gap) this.#flushKeys();
    if (special !== undefined && special !== "return") {
      this.#flushKeys();
      this.handlers.onKey("", special);
      return;
    }
    if (special === "return") return this.#enter(at);
    const parts = text.split(/\r\n|\r|\n/);
    parts.forEach((part, i) => {
      if (part !== "") {
        this.#buf += part;
        this.#last = at;
      }
      if (i < parts.length - 1) this.#enter(at);
    });
    if (this.#buf !== "") this.#arm();
  }

  #enter(at: number): void {
    this.#disarm();
    const burst = this.#buf;
    this.#buf = "";
    if (burst.length >= this.#min && at - this.#last <= this.#gap) {
      this.handlers.onScan(burst);
      return;
    }
    for (const ch of burst) this.handlers.onKey(ch);
    this.handlers.onKey("", "return");
  }

  #arm(): void {
    this.#disarm();
    this.#timer = this.timers.setTimeout(() => {
      this.#timer = null;
      this.#flushKeys();
    }, this.#gap + 1);
  }

  #disarm(): void {
    if (this.#timer !== null) this.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #flushKeys(): void {
    this.#disarm();
    const typed = this.#buf;
    this.#buf = "";
    for (const ch of typed) this.handlers.onKey(ch);
  }

  dispose(): void {
    this.#disarm();
  }
}
