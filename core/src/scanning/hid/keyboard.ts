/**
 * Keyboard-wedge scanner decoder: boot keyboard input reports → scans.
 *
 * Report (8 bytes, no report id; 9 bytes when the device numbers its reports, id first):
 *   [modifiers, reserved, key1 … key6]. Modifier bits: 0x01 LCtrl, 0x02 LShift, 0x04 LAlt, 0x08 LGUI,
 *   0x10 RCtrl, 0x20 RShift, 0x40 RAlt (AltGr on German/French layouts), 0x80 RGUI.
 * A key counts only when newly pressed compared to the previous report, so "11" (press, release,
 * press) gives two digits and a held key gives one.
 * GS (0x1D, GS1's FNC1 separator) arrives as Ctrl+] (usage 0x30), as Alt + keypad 0 2 9, or as a
 * configured substitute key (e.g. Hand Held Products map 0x1D to Down arrow, usage 0x51).
 * A scan ends at its terminator (Enter/keypad Enter or Tab, configurable) or after an idle gap.
 * Time is passed in (`at`, milliseconds); the decoder never reads a clock.
 */
import { InputError, err, ok } from "../../shared/errors.js";
import type { Result } from "../../shared/errors.js";
import { byteAt, toHex } from "./bytes.js";
import type { ReportBytes } from "./bytes.js";
import { KEYBOARD_LAYOUTS, KEY_USAGE } from "./keyboard-layouts.js";
import type { KeyboardLayout, LayoutName } from "./keyboard-layouts.js";

export const KEY_MODIFIER = { lctrl: 0x01, lshift: 0x02, lalt: 0x04, lgui: 0x08, rctrl: 0x10, rshift: 0x20, ralt: 0x40, rgui: 0x80 } as const;
const CTRL = KEY_MODIFIER.lctrl | KEY_MODIFIER.rctrl;
const SHIFT = KEY_MODIFIER.lshift | KEY_MODIFIER.rshift;

export type ScanTerminator = "enter" | "tab";

export interface KeyboardDecoderOptions {
  /** The scanner's keyboard-country setting (default "us"). */
  readonly layout?: LayoutName;
  /** Keys that end a scan (default ["enter"]). A Tab that is not a terminator is kept as "\t". */
  readonly terminators?: readonly ScanTerminator[];
  /** End a scan after this many ms without a key (default 100). Only applies when times are given. */
  readonly idleGapMs?: number;
  /** Extra keys that mean GS (usage, with optional exact modifier byte), e.g. `{ usage: 0x51 }` for Down arrow. */
  readonly gsKeys?: readonly { readonly usage: number; readonly modifiers?: number }[];
}

export interface KeyboardScan {
  readonly text: string;
  /** What ended it: a terminator key, the idle gap, or the end of the input (`flush`). */
  readonly endedBy: ScanTerminator | "idle" | "flush";
  /** Time of the last key (when times are given). */
  readonly at: number | undefined;
}

export type KeyboardEvent = { readonly type: "scan"; readonly scan: KeyboardScan } | { readonly type: "error"; readonly error: InputError };

/** Stateful but pure: feed reports in order, get scans out. Never throws. */
export class KeyboardWedgeDecoder {
  readonly #layout: KeyboardLayout;
  readonly #altGr: boolean;
  readonly #terminators: ReadonlySet<ScanTerminator>;
  readonly #idleGapMs: number;
  readonly #gsKeys: readonly { readonly usage: number; readonly modifiers?: number }[];
  #prevKeys: readonly number[] = [];
  #buffer = "";
  #altDigits = "";
  #lastAt: number | undefined;

  constructor(opts: KeyboardDecoderOptions = {}) {
    const layout = opts.layout ?? "us";
    this.#layout = KEYBOARD_LAYOUTS[layout] ?? KEYBOARD_LAYOUTS.us;
    this.#altGr = layout !== "us";
    this.#terminators = new Set(opts.terminators ?? ["enter"]);
    this.#idleGapMs = opts.idleGapMs ?? 100;
    this.#gsKeys = opts.gsKeys ?? [];
  }

  /** Text typed so far in the current (unfinished) scan. */
  get pending(): string {
    return this.#buffer;
  }

  /** Feed one report received at `at` ms (optional). */
  feed(report: ReportBytes, at?: number): KeyboardEvent[] {
    const events: KeyboardEvent[] = [];
    const idle = this.tick(at);
    if (idle) events.push({ type: "scan", scan: idle });
    let offset: number;
    if (report.length === 8) offset = 0;
    else if (report.length === 9) offset = 1;
    else {
      const hex = toHex(report);
      events.push({
        type: "error",
        error: new InputError("KEYBOARD_BAD_LENGTH", `keyboard report is ${report.length} bytes, a boot keyboard report has 8 (or 9 with a report id): ${hex || "(empty)"}`, [], { hex }),
      });
      return events;
    }
    const modifiers = byteAt(report, offset);
    const keys: number[] = [];
    for (let i = offset + 2; i < offset + 8; i++) {
      const k = byteAt(report, i);
      if (k !== 0) keys.push(k);
    }
    // ErrorRollOver / POSTFail / ErrorUndefined: a phantom state, not a key change.
    if (keys.some((k) => k >= 0x01 && k <= 0x03)) return events;
    const alt = this.#altGr ? (modifiers & KEY_MODIFIER.lalt) !== 0 : (modifiers & (KEY_MODIFIER.lalt | KEY_MODIFIER.ralt)) !== 0;
    if (!alt && this.#altDigits !== "") {
      this.#appendChar(altCodeChar(this.#altDigits));
      this.#altDigits = "";
    }
    const fresh = keys.filter((k) => !this.#prevKeys.includes(k));
    this.#prevKeys = keys;
    if (fresh.length > 0 && at !== undefined) this.#lastAt = at;
    for (const usage of fresh) {
      const ended = this.#press(usage, modifiers, alt, at);
      if (ended) events.push({ type: "scan", scan: ended });
    }
    return events;
  }

  /** Check the idle gap at time `now`; returns the scan it ended, if any. */
  tick(now: number | undefined): KeyboardScan | undefined {
    if (now === undefined || this.#lastAt === undefined) return undefined;
    if (now - this.#lastAt < this.#idleGapMs) return undefined;
    if (this.#buffer === "" && this.#altDigits === "") return undefined;
    return this.#end("idle", this.#lastAt);
  }

  /** End the current scan now (end of a recording); undefined when nothing is pending. */
  flush(): KeyboardScan | undefined {
    if (this.#altDigits !== "") {
      this.#appendChar(altCodeChar(this.#altDigits));
      this.#altDigits = "";
    }
    if (this.#buffer === "") return undefined;
    return this.#end("flush", this.#lastAt);
  }

  #end(endedBy: KeyboardScan["endedBy"], at: number | undefined): KeyboardScan {
    if (this.#altDigits !== "") this.#appendChar(altCodeChar(this.#altDigits));
    const scan: KeyboardScan = { text: this.#buffer, endedBy, at };
    this.#buffer = "";
    this.#altDigits = "";
    return scan;
  }

  #appendChar(c: string): void {
    this.#buffer += c;
  }

  #press(usage: number, modifiers: number, alt: boolean, at: number | undefined): KeyboardScan | undefined {
    if (this.#gsKeys.some((g) => g.usage === usage && (g.modifiers === undefined || g.modifiers === modifiers))) {
      this.#appendChar(GS);
      return undefined;
    }
    if (usage === KEY_USAGE.enter || usage === KEY_USAGE.keypadEnter) {
      if (this.#terminators.has("enter")) return this.#end("enter", at);
      this.#appendChar("\r");
      return undefined;
    }
    if (usage === KEY_USAGE.tab) {
      if (this.#terminators.has("tab")) return this.#end("tab", at);
      this.#appendChar("\t");
      return undefined;
    }
    if (alt && usage >= KEY_USAGE.keypad1 && usage <= KEY_USAGE.keypad0) {
      this.#altDigits += usage === KEY_USAGE.keypad0 ? "0" : String(usage - KEY_USAGE.keypad1 + 1);
      return undefined;
    }
    if ((modifiers & CTRL) !== 0) {
      const c = this.#controlChar(usage, modifiers);
      if (c !== undefined) this.#appendChar(c);
      return undefined;
    }
    const chars = this.#layout.get(usage);
    if (chars === undefined) return undefined; // arrows, F-keys, Caps Lock…: not text
    const altGr = this.#altGr && (modifiers & KEY_MODIFIER.ralt) !== 0;
    const c = altGr ? chars[2] : (modifiers & SHIFT) !== 0 ? chars[1] : chars[0];
    if (c !== undefined) this.#appendChar(c);
    return undefined;
  }

  #controlChar(usage: number, modifiers: number): string | undefined {
    if (usage === 0x30) return GS; // Ctrl+] in every layout (GS1 FNC1 over a keyboard)
    if (usage === 0x2f) return "\x1b"; // Ctrl+[
    if (usage === 0x31) return "\x1c"; // Ctrl+\
    if (usage === 0x23 && (modifiers & SHIFT) !== 0) return "\x1e"; // Ctrl+^ (RS, ISO/IEC 15434)
    if (usage === 0x2d && (modifiers & SHIFT) !== 0) return "\x1f"; // Ctrl+_
    const plain = this.#layout.get(usage)?.[0];
    if (plain !== undefined && /^[a-z]$/.test(plain)) return String.fromCharCode(plain.charCodeAt(0) - 0x60);
    return undefined;
  }
}

const GS = "\x1d";

/** Alt + keypad code → character: a leading 0 means the Windows ANSI code page (Latin-1 here), else the value. */
function altCodeChar(digits: string): string {
  const n = Number.parseInt(digits, 10) % 256;
  return String.fromCharCode(Number.isFinite(n) ? n : 0);
}

/** Decode a whole recording: every scan, every report error, and the unfinished tail (flushed). */
export function decodeKeyboardReports(
  reports: readonly ReportBytes[],
  opts: KeyboardDecoderOptions & { readonly times?: readonly number[] } = {},
): { scans: KeyboardScan[]; errors: InputError[] } {
  const decoder = new KeyboardWedgeDecoder(opts);
  const scans: KeyboardScan[] = [];
  const errors: InputError[] = [];
  reports.forEach((r, i) => {
    for (const e of decoder.feed(r, opts.times?.[i])) {
      if (e.type === "scan") scans.push(e.scan);
      else errors.push(e.error);
    }
  });
  const tail = decoder.flush();
  if (tail) scans.push(tail);
  return { scans, errors };
}

export interface KeyboardEncodeOptions {
  readonly layout?: LayoutName;
  /** Appended after the text (default "enter"). */
  readonly terminator?: ScanTerminator | "none";
  /** How GS is typed (default "ctrl": Ctrl+]). */
  readonly gs?: "ctrl" | "alt-keypad";
}

/**
 * The reports a scanner with this layout sends for `text` (press then release per character).
 * Used by the simulator and by round-trip tests; refuses characters the layout cannot type.
 */
export function encodeKeyboardText(text: string, opts: KeyboardEncodeOptions = {}): Result<Uint8Array[], InputError> {
  const layoutName = opts.layout ?? "us";
  const layout = KEYBOARD_LAYOUTS[layoutName];
  const reverse = reverseLayout(layout, layoutName !== "us");
  const out: Uint8Array[] = [];
  const report = (mod: number, key: number) => Uint8Array.from([mod, 0, key, 0, 0, 0, 0, 0]);
  const release = () => report(0, 0);
  let i = 0;
  for (const ch of text) {
    i++;
    if (ch === GS) {
      if (opts.gs === "alt-keypad") {
        for (const d of [KEY_USAGE.keypad0, KEY_USAGE.keypad1 + 1, KEY_USAGE.keypad1 + 8]) out.push(report(KEY_MODIFIER.lalt, d), report(KEY_MODIFIER.lalt, 0));
        out.push(release());
      } else out.push(report(KEY_MODIFIER.lctrl, 0x30), release());
      continue;
    }
    if (ch === "\t") {
      out.push(report(0, KEY_USAGE.tab), release());
      continue;
    }
    const key = reverse.get(ch);
    if (key === undefined) {
      return err(new InputError("KEYBOARD_UNTYPEABLE", `character ${JSON.stringify(ch)} (position ${i}) cannot be typed on the ${layoutName} layout`));
    }
    out.push(report(key.modifiers, key.usage), release());
  }
  if (opts.terminator === "tab") out.push(report(0, KEY_USAGE.tab), release());
  else if (opts.terminator !== "none") out.push(report(0, KEY_USAGE.enter), release());
  return ok(out);
}

function reverseLayout(layout: KeyboardLayout, altGr: boolean): Map<string, { usage: number; modifiers: number }> {
  const rev = new Map<string, { usage: number; modifiers: number }>();
  for (const [usage, [plain, shift, gr]] of layout) {
    if (!rev.has(plain)) rev.set(plain, { usage, modifiers: 0 });
    if (!rev.has(shift)) rev.set(shift, { usage, modifiers: KEY_MODIFIER.lshift });
    if (altGr && gr !== undefined && !rev.has(gr)) rev.set(gr, { usage, modifiers: KEY_MODIFIER.ralt });
  }
  return rev;
}

/** Every character the layout can type (for tests and the simulator). */
export function typeableCharacters(layoutName: LayoutName): string[] {
  return [...reverseLayout(KEYBOARD_LAYOUTS[layoutName], layoutName !== "us").keys()];
}
