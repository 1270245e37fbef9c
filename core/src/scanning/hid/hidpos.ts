/**
 * HID POS barcode scanner decoder (usage page 0x8C, Bar Code Scanner; scanned data report).
 *
 * Report layout (64 bytes; Access-IS LSR116 manual; NielsLeenheer/WebHidBarcodeScanner):
 *   [0] report id, [1] data length (data bytes only, ≤ 56), [2–4] AIM symbology identifier
 *   (`]` + code letter + modifier), [5–60] data, [61] vendor symbology id, [62] reserved,
 *   [63] bit 0 = more reports follow.
 * Zebra/Datalogic put one extra byte before the AIM id (it starts at [3]): tolerated.
 * Vendor byte and continuation flag are read from the END of the report (len−3 and len−1), so a
 * shorter recording of the same layout decodes too. Reports are concatenated until the flag clears;
 * a trailing CR (or CR LF) is stripped.
 */
import { InputError, err, ok } from "../../shared/errors.js";
import type { Result } from "../../shared/errors.js";
import { byteAt, bytesToText, toHex } from "./bytes.js";
import type { ReportBytes } from "./bytes.js";

export interface HidPosReport {
  readonly reportId: number;
  /** The AIM identifier, e.g. "]C1", when the scanner sent one. */
  readonly aim: string | undefined;
  readonly data: Uint8Array;
  readonly vendorSymbology: number;
  /** True when more reports of the same scan follow. */
  readonly more: boolean;
  /** 1 when the AIM id started one byte late (Zebra/Datalogic), else 0. */
  readonly vendorOffset: 0 | 1;
}

export interface HidPosScan {
  readonly aim: string | undefined;
  readonly text: string;
  readonly vendorSymbology: number;
  readonly reports: number;
}

const BRACKET = 0x5d; // "]"

export function decodeHidPosReport(bytes: ReportBytes): Result<HidPosReport, InputError> {
  const hex = toHex(bytes);
  if (bytes.length < 8) {
    return err(new InputError("HIDPOS_SHORT_REPORT", `HID POS report is ${bytes.length} bytes; it needs at least 8 (report id, length, AIM id, data, vendor byte, reserved, flags): ${hex || "(empty)"}`, [], { hex }));
  }
  const reportId = byteAt(bytes, 0);
  const length = byteAt(bytes, 1);
  const vendorOffset: 0 | 1 = byteAt(bytes, 2) !== BRACKET && byteAt(bytes, 3) === BRACKET ? 1 : 0;
  const aimStart = 2 + vendorOffset;
  const aim = byteAt(bytes, aimStart) === BRACKET ? String.fromCharCode(BRACKET, byteAt(bytes, aimStart + 1), byteAt(bytes, aimStart + 2)) : undefined;
  if (aim !== undefined && !/^\][\x21-\x7e][\x21-\x7e]$/.test(aim)) {
    return err(new InputError("HIDPOS_BAD_AIM", `HID POS report has a malformed AIM identifier ${JSON.stringify(aim)}: ${hex}`, [], { hex }));
  }
  const dataStart = aimStart + 3;
  const dataEnd = bytes.length - 3;
  const room = dataEnd - dataStart;
  if (length > room) {
    return err(new InputError("HIDPOS_BAD_LENGTH", `HID POS report says ${length} data bytes but has room for ${Math.max(0, room)}: ${hex}`, [], { hex, length }));
  }
  const data = new Uint8Array(length);
  for (let i = 0; i < length; i++) data[i] = byteAt(bytes, dataStart + i);
  return ok({ reportId, aim, data, vendorSymbology: byteAt(bytes, bytes.length - 3), more: (byteAt(bytes, bytes.length - 1) & 0x01) !== 0, vendorOffset });
}

/** Joins continued reports into scans. Pure and total. */
export class HidPosAssembler {
  #parts: Uint8Array[] = [];
  #first: HidPosReport | undefined;

  /** Feed one report: a finished scan, nothing yet (more to come), or the report's error (the partial scan is dropped). */
  push(bytes: ReportBytes): Result<HidPosScan | undefined, InputError> {
    const r = decodeHidPosReport(bytes);
    if (!r.ok) {
      this.reset();
      return r;
    }
    this.#first ??= r.value;
    this.#parts.push(r.value.data);
    if (r.value.more) return ok(undefined);
    const total = this.#parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of this.#parts) {
      all.set(p, at);
      at += p.length;
    }
    const first = this.#first;
    const scan: HidPosScan = {
      aim: first.aim,
      text: bytesToText(all).replace(/\r\n?$/, ""),
      vendorSymbology: first.vendorSymbology,
      reports: this.#parts.length,
    };
    this.reset();
    return ok(scan);
  }

  /** True while a continued scan is waiting for its next report. */
  get pending(): boolean {
    return this.#parts.length > 0;
  }

  reset(): void {
    this.#parts = [];
    this.#first = undefined;
  }
}

export function decodeHidPosReports(reports: readonly ReportBytes[]): { scans: HidPosScan[]; errors: InputError[] } {
  const a = new HidPosAssembler();
  const scans: HidPosScan[] = [];
  const errors: InputError[] = [];
  reports.forEach((r, i) => {
    const res = a.push(r);
    if (!res.ok) errors.push(new InputError(res.error.code, `report ${i + 1}: ${res.error.message}`, [], res.error.details ?? {}));
    else if (res.value) scans.push(res.value);
  });
  if (a.pending) errors.push(new InputError("HIDPOS_UNFINISHED", `the last report says more follow, but the recording ends (${reports.length} reports)`));
  return { scans, errors };
}

/**
 * Build HID POS reports for `text` (64 bytes each, 56 data bytes per report, continuation flags set).
 * For the simulator and tests.
 */
export function encodeHidPosReports(text: string, opts: { aim?: string; reportId?: number; vendorSymbology?: number; vendorOffset?: boolean } = {}): Uint8Array[] {
  const bytes = Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  const off = opts.vendorOffset ? 1 : 0;
  const per = 56 - off;
  const out: Uint8Array[] = [];
  for (let start = 0; start === 0 || start < bytes.length; start += per) {
    const chunk = bytes.slice(start, start + per);
    const r = new Uint8Array(64);
    r[0] = opts.reportId ?? 0x02;
    r[1] = chunk.length;
    const aim = opts.aim ?? "]C0";
    for (let i = 0; i < 3; i++) r[2 + off + i] = aim.charCodeAt(i) & 0xff;
    r.set(chunk, 5 + off);
    r[61] = opts.vendorSymbology ?? 0;
    r[63] = start + per < bytes.length ? 1 : 0;
    out.push(r);
  }
  return out;
}
