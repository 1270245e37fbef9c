/**
 * Scanned text is untrusted input: a barcode can carry any byte. Refuse control characters other
 * than GS (0x1D, the GS1 separator), C1 controls, DEL and bidi overrides, and anything over a length
 * cap, so a scan can never inject terminal escape sequences or shell input.
 */
import { InputError, err, ok } from "../shared/errors.js";
import type { Result } from "../shared/errors.js";

export interface SanitizeOptions {
  /** Longest accepted scan in characters (default 1024). */
  readonly maxLength?: number;
  /** Extra control characters to allow, e.g. "\x1e\x04" for ISO/IEC 15434 (MaxiCode) messages. */
  readonly allowControls?: string;
}

export const DEFAULT_MAX_SCAN_LENGTH = 1024;

const NAMES: Readonly<Record<number, string>> = { 0x00: "NUL", 0x04: "EOT", 0x07: "BEL", 0x08: "BS", 0x09: "TAB", 0x0a: "LF", 0x0d: "CR", 0x1b: "ESC", 0x1e: "RS", 0x7f: "DEL", 0x9b: "CSI" };

export function controlName(code: number): string {
  return NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

export function sanitizeScan(text: string, opts: SanitizeOptions = {}): Result<string, InputError> {
  const max = opts.maxLength ?? DEFAULT_MAX_SCAN_LENGTH;
  if (text.length === 0) return err(new InputError("SCAN_EMPTY", "the scan is empty"));
  if (text.length > max) return err(new InputError("SCAN_TOO_LONG", `the scan is ${text.length} characters; the limit is ${max}`, [], { length: text.length, max }));
  let pos = 0;
  for (const ch of text) {
    pos++;
    const c = ch.codePointAt(0) ?? 0;
    const control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    if (!control || c === 0x1d || (opts.allowControls ?? "").includes(ch)) continue;
    return err(
      new InputError("SCAN_CONTROL_CHARACTER", `the scan contains control character ${controlName(c)} (0x${c.toString(16).padStart(2, "0")}) at position ${pos}; only GS (0x1d) is allowed`, [], { position: pos, code: c }),
    );
  }
  return ok(text);
}

/**
 * Command-line escapes for GS: `\x1d`, `\x1D`, `<GS>`, `{GS}`, `\u001d`, and `^]` are turned into 0x1D.
 * Other `\xNN` escapes are decoded too, so the sanitiser can name them.
 */
export function unescapeScanArgument(arg: string): string {
  return arg
    .replace(/<GS>|\{GS\}|\^\]|\\u001[dD]/g, "\x1d")
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Make a scan printable for logs and terminals: GS shown as <GS>, other controls as <U+XXXX>. */
export function showScan(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0x1d) out += "<GS>";
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) out += `<${controlName(c)}>`;
    else out += ch;
  }
  return out;
}
