/**
 * USB HID scale data report decoder (usage page 0x8D, Weighing Devices).
 *
 * Data report, 6 bytes as hidraw delivers it (report id included):
 *   [0] report id = 3, [1] status, [2] unit, [3] exponent (signed int8), [4] weight LSB, [5] weight MSB.
 * weight = raw × 10^exponent in the reported unit (raw: unsigned little-endian 16-bit).
 * Sources: USB HID Point of Sale Usage Tables (page 0x8D); erjiang/usbscale `usbscale.c`;
 * sanmai/usb-scale-reader `Reader.php`; kduma-OSS/CS-usb-scale-counter `ScaleReport`.
 */
import { InputError, err, ok } from "../../shared/errors.js";
import type { Result } from "../../shared/errors.js";
import { byteAt, toHex } from "./bytes.js";
import type { ReportBytes } from "./bytes.js";

export const SCALE_DATA_REPORT_ID = 3;
export const SCALE_CONTROL_REPORT_ID = 2;

export type ScaleStatus =
  | "fault"
  | "stable-zero"
  | "in-motion"
  | "stable"
  | "under-zero"
  | "overweight"
  | "needs-calibration"
  | "needs-rezero";

/** Status byte n = usage 0x70 + n on page 0x8D. */
export const SCALE_STATUSES: Readonly<Record<number, ScaleStatus>> = {
  1: "fault",
  2: "stable-zero",
  3: "in-motion",
  4: "stable",
  5: "under-zero",
  6: "overweight",
  7: "needs-calibration",
  8: "needs-rezero",
};

export type ScaleUnit =
  | "mg"
  | "g"
  | "kg"
  | "carat"
  | "tael"
  | "grain"
  | "pennyweight"
  | "metric-ton"
  | "avoir-ton"
  | "troy-ounce"
  | "ounce"
  | "pound";

/** Unit byte n = usage 0x50 + n on page 0x8D, with grams per unit. */
export const SCALE_UNITS: Readonly<Record<number, { readonly unit: ScaleUnit; readonly grams: number }>> = {
  1: { unit: "mg", grams: 0.001 },
  2: { unit: "g", grams: 1 },
  3: { unit: "kg", grams: 1000 },
  4: { unit: "carat", grams: 0.2 }, // metric carat
  5: { unit: "tael", grams: 37.799364167 }, // Hong Kong tael (the HID tables do not say which tael)
  6: { unit: "grain", grams: 0.06479891 },
  7: { unit: "pennyweight", grams: 1.55517384 },
  8: { unit: "metric-ton", grams: 1_000_000 },
  9: { unit: "avoir-ton", grams: 907_184.74 }, // short ton, 2000 lb
  10: { unit: "troy-ounce", grams: 31.1034768 },
  11: { unit: "ounce", grams: 28.349523125 },
  12: { unit: "pound", grams: 453.59237 },
};

export interface ScaleReading {
  readonly status: ScaleStatus;
  /** True for "stable" and "stable-zero": the weight can be used. */
  readonly stable: boolean;
  readonly unit: ScaleUnit;
  readonly exponent: number;
  /** The raw 16-bit weight count. */
  readonly raw: number;
  /** raw × 10^exponent, in `unit`. */
  readonly value: number;
  /** The weight converted to grams (0 when stable at zero; the scale's reading otherwise). */
  readonly grams: number;
  readonly hex: string;
}

export type ScaleErrorCode = "SCALE_SHORT_REPORT" | "SCALE_WRONG_REPORT_ID" | "SCALE_UNKNOWN_UNIT" | "SCALE_UNKNOWN_STATUS";

const STABLE: ReadonlySet<ScaleStatus> = new Set(["stable", "stable-zero"]);

/** Round away binary noise (7.8 oz must not print as 7.800000000000001). */
function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

/** Decode one scale data report. Total: every byte sequence gives a reading or a typed InputError. */
export function decodeScaleReport(bytes: ReportBytes): Result<ScaleReading, InputError> {
  const hex = toHex(bytes);
  if (bytes.length < 6) {
    return err(new InputError("SCALE_SHORT_REPORT", `scale report is ${bytes.length} bytes, needs 6 (report id 3, status, unit, exponent, weight LSB, weight MSB): ${hex || "(empty)"}`, [], { hex }));
  }
  const id = byteAt(bytes, 0);
  if (id !== SCALE_DATA_REPORT_ID) {
    return err(new InputError("SCALE_WRONG_REPORT_ID", `report id is 0x${id.toString(16).padStart(2, "0")}, a scale data report has id 0x03: ${hex}`, [], { hex, reportId: id }));
  }
  const statusByte = byteAt(bytes, 1);
  const status = SCALE_STATUSES[statusByte];
  if (status === undefined) {
    return err(new InputError("SCALE_UNKNOWN_STATUS", `unknown scale status ${statusByte} (known: 1–8): ${hex}`, [], { hex, status: statusByte }));
  }
  const unitByte = byteAt(bytes, 2);
  const unit = SCALE_UNITS[unitByte];
  if (unit === undefined) {
    return err(new InputError("SCALE_UNKNOWN_UNIT", `unknown weight unit ${unitByte} (known: 1 mg … 12 lb): ${hex}`, [], { hex, unit: unitByte }));
  }
  const expByte = byteAt(bytes, 3);
  const exponent = expByte > 127 ? expByte - 256 : expByte;
  const raw = byteAt(bytes, 4) | (byteAt(bytes, 5) << 8);
  const value = tidy(raw * 10 ** exponent);
  const grams = status === "stable-zero" ? 0 : tidy(raw * 10 ** exponent * unit.grams);
  return ok({ status, stable: STABLE.has(status), unit: unit.unit, exponent, raw, value, grams, hex });
}

/**
 * The control output report (report id 2): bit 0 = enforced zero return, bit 1 = zero scale.
 * `scaleZeroReport()` is `[0x02, 0x02]` (erjiang/usbscale sends this to zero/tare a Dymo).
 */
export function scaleZeroReport(opts: { enforcedZeroReturn?: boolean } = {}): Uint8Array {
  return Uint8Array.from([SCALE_CONTROL_REPORT_ID, 0x02 | (opts.enforcedZeroReturn ? 0x01 : 0)]);
}

export type StableWeightEvent =
  | { readonly type: "stable"; readonly reading: ScaleReading }
  /** The scale stopped being stable (moving, fault, …): the last stable weight no longer applies. */
  | { readonly type: "unsettled"; readonly status: ScaleStatus };

/**
 * Turns a stream of scale reports into stable weights. The first report after opening is discarded
 * (scales replay a stale reading; erjiang/usbscale does the same). A stable weight is emitted once
 * when it settles and again only when it changes; in-motion readings are never emitted as weights.
 */
export class StableWeightFilter {
  #seen = 0;
  #last: ScaleReading | undefined;
  #unsettledSent = true;
  readonly #discardFirst: number;

  constructor(opts: { discardFirst?: number } = {}) {
    this.#discardFirst = opts.discardFirst ?? 1;
  }

  /** The current stable weight, or undefined while unsettled. */
  get current(): ScaleReading | undefined {
    return this.#last;
  }

  push(report: Result<ScaleReading, InputError> | ScaleReading): StableWeightEvent[] {
    this.#seen++;
    if (this.#seen <= this.#discardFirst) return [];
    const reading = "ok" in report ? (report.ok ? report.value : undefined) : report;
    if (reading === undefined) return [];
    if (!reading.stable) {
      this.#last = undefined;
      if (this.#unsettledSent) return [];
      this.#unsettledSent = true;
      return [{ type: "unsettled", status: reading.status }];
    }
    if (this.#last && this.#last.grams === reading.grams) return [];
    this.#last = reading;
    this.#unsettledSent = false;
    return [{ type: "stable", reading }];
  }

  reset(): void {
    this.#seen = 0;
    this.#last = undefined;
    this.#unsettledSent = true;
  }
}

/** Build a scale data report (for simulators and tests). `raw` is clamped to 0–65535. */
export function encodeScaleReport(status: ScaleStatus, unit: ScaleUnit, exponent: number, raw: number): Uint8Array {
  const s = Number(Object.entries(SCALE_STATUSES).find(([, v]) => v === status)?.[0] ?? 1);
  const u = Number(Object.entries(SCALE_UNITS).find(([, v]) => v.unit === unit)?.[0] ?? 2);
  const r = Math.max(0, Math.min(0xffff, Math.round(raw)));
  return Uint8Array.from([SCALE_DATA_REPORT_ID, s, u, exponent & 0xff, r & 0xff, r >> 8]);
}
