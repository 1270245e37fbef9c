import { InputError, err, ok } from "../../shared/errors.js";
import type { Result } from "../../shared/errors.js";

/** A report as raw bytes. node-hid hands out Buffers (a Uint8Array) or number[]; both are accepted. */
export type ReportBytes = Uint8Array | readonly number[];

/**
 * Parse one hex string (`030402006e03`, `03 04 02 00 6e 03`, `03:04:…`, `0x03,0x04,…`) into bytes.
 * Total: returns a typed error for odd length or non-hex characters.
 */
export function parseHex(text: string): Result<Uint8Array, InputError> {
  const cleaned = text.trim().replace(/0x/gi, "").replace(/[\s:,_-]/g, "");
  if (cleaned.length === 0) return err(new InputError("HEX_EMPTY", "empty hex string: give one report as hex digits, e.g. 030402006e03"));
  const bad = /[^0-9a-fA-F]/.exec(cleaned);
  if (bad) {
    return err(new InputError("HEX_BAD_CHAR", `not a hex string: character ${JSON.stringify(bad[0])} at position ${bad.index + 1} of ${JSON.stringify(text)}`));
  }
  if (cleaned.length % 2 !== 0) return err(new InputError("HEX_ODD_LENGTH", `hex string has an odd number of digits (${cleaned.length}): ${JSON.stringify(text)}`));
  const out = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(cleaned.slice(i * 2, i * 2 + 2), 16);
  return ok(out);
}

export function toHex(bytes: ReportBytes): string {
  let s = "";
  for (const b of bytes) s += (b & 0xff).toString(16).padStart(2, "0");
  return s;
}

/** Read byte `i` as 0–255 (0 when out of range or not a byte: decoders stay total on odd inputs). */
export function byteAt(bytes: ReportBytes, i: number): number {
  const v = bytes[i];
  return typeof v === "number" && Number.isFinite(v) ? v & 0xff : 0;
}

/**
 * Bytes → text: UTF-8 when the bytes are valid UTF-8 (2D codes often carry it), else Latin-1, so every
 * byte survives and no sequence can throw.
 */
export function bytesToText(bytes: ReportBytes): string {
  let latin1 = "";
  let ascii = true;
  for (const b of bytes) {
    const v = b & 0xff;
    if (v > 0x7f) ascii = false;
    latin1 += String.fromCharCode(v);
  }
  if (ascii) return latin1;
  const utf8 = decodeUtf8(bytes);
  return utf8 ?? latin1;
}

function decodeUtf8(bytes: ReportBytes): string | undefined {
  let out = "";
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const b0 = byteAt(bytes, i);
    let cp: number;
    let len: number;
    if (b0 < 0x80) [cp, len] = [b0, 1];
    else if (b0 >= 0xc2 && b0 < 0xe0) [cp, len] = [b0 & 0x1f, 2];
    else if (b0 >= 0xe0 && b0 < 0xf0) [cp, len] = [b0 & 0x0f, 3];
    else if (b0 >= 0xf0 && b0 < 0xf5) [cp, len] = [b0 & 0x07, 4];
    else return undefined;
    if (i + len > n) return undefined;
    for (let k = 1; k < len; k++) {
      const bk = byteAt(bytes, i + k);
      if ((bk & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (bk & 0x3f);
    }
    if ((len === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff))) return undefined;
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}
