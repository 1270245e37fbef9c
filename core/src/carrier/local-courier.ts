/**
 * The built-in carrier: the warehouse's own fleet / a local courier. Tracking numbers are
 * `LC` + 10-digit serial + 1 Luhn check digit (13 characters, e.g. LC00000000018), one per parcel,
 * from the store sequence "tracking:LC" so they are never reused.
 */
import type { Clock } from "../shared/clock.js";
import { DomainError, InputError, type InputIssue } from "../shared/errors.js";
import type { ManifestData, ManifestShipment } from "../labels/types.js";
import { isValidSscc, type SerialSequence } from "../labels/sscc.js";
import { manifestNumber, type CarrierParcel, type CarrierPort, type CarrierService, type CarrierShipment, type CarrierShipmentLog, type CloseOutRequest, type ShipmentRequest } from "./port.js";
import { zonedDateTime } from "./local-time.js";
import { LocalCourierTracking, type CarrierTrackingEvent, type TrackedParcel } from "./tracking.js";

export const LOCAL_COURIER_CODE = "LC";

/** Luhn (ISO/IEC 7812-1) check digit of a digit string. */
export function luhnCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError(`luhnCheckDigit: body must be digits, got ${JSON.stringify(body)}`);
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatLocalCourierTracking(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 0 || serial >= 1e10) {
    throw new DomainError("TRACKING_SERIAL_EXHAUSTED", `local courier tracking serial ${serial} does not fit in 10 digits`);
  }
  const body = String(serial).padStart(10, "0");
  return `${LOCAL_COURIER_CODE}${body}${luhnCheckDigit(body)}`;
}

export function isValidLocalCourierTracking(tracking: string): boolean {
  const m = /^LC(\d{10})(\d)$/.exec(tracking);
  return m !== null && luhnCheckDigit(m[1] ?? "") === Number(m[2]);
}

export const LOCAL_COURIER_SERVICES: readonly CarrierService[] = [
  { code: "SAMEDAY", name: "Same day" },
  { code: "NEXTDAY", name: "Next day" },
];

export interface LocalCourierOptions {
  readonly sequence: SerialSequence;
  readonly log: CarrierShipmentLog;
  readonly clock: Clock;
  /** Heaviest parcel the fleet takes, kg; default 31.5. */
  readonly maxParcelKg?: number;
  readonly name?: string;
  /** Seed of the simulated tracking stream (`trackingEvents`); default 0. */
  readonly trackingSeed?: number;
}

export class LocalCourier implements CarrierPort {
  readonly code = LOCAL_COURIER_CODE;
  readonly name: string;
  readonly #opts: LocalCourierOptions;
  constructor(opts: LocalCourierOptions) {
    this.#opts = opts;
    this.name = opts.name ?? "Local courier";
  }

  services(): readonly CarrierService[] {
    return LOCAL_COURIER_SERVICES;
  }

  async createShipment(req: ShipmentRequest): Promise<CarrierShipment> {
    const issues: InputIssue[] = [];
    if (req.parcels.length === 0) issues.push({ field: "parcels", message: "a shipment needs at least one parcel" });
    req.parcels.forEach((p, i) => {
      if (!(Number.isFinite(p.weightKg) && p.weightKg > 0)) issues.push({ field: `parcels[${i}].weightKg`, message: "must be a positive number" });
      if (!isValidSscc(p.sscc)) issues.push({ field: `parcels[${i}].sscc`, message: `${JSON.stringify(p.sscc)} is not a valid 18-digit SSCC` });
    });
    if (!req.origin || typeof req.origin.warehouse !== "string" || req.origin.warehouse === "") issues.push({ field: "origin.warehouse", message: "the shipping warehouse is required" });
    if (issues.length > 0) throw new InputError("SHIPMENT_REQUEST_INVALID", "invalid shipment request", issues);
    const service = this.services().find((s) => s.code === req.service);
    if (!service) {
      throw new DomainError("CARRIER_SERVICE_UNKNOWN", `${this.name} has no service ${JSON.stringify(req.service)} (known: ${this.services().map((s) => s.code).join(", ")})`);
    }
    const maxKg = this.#opts.maxParcelKg ?? 31.5;
    const heavy = req.parcels.findIndex((p) => p.weightKg > maxKg);
    if (heavy >= 0) throw new DomainError("CARRIER_PARCEL_TOO_HEAVY", `parcel ${heavy + 1} weighs ${req.parcels[heavy]?.weightKg} kg; ${this.name} takes at most ${maxKg} kg`);

    // the warehouse's local day (InputError TIME_ZONE_INVALID for an unknown zone)
    const shipDate = zonedDateTime(this.#opts.clock.now(), req.origin.timeZone || "UTC").date;
    const parcels: CarrierParcel[] = [];
    for (const [i, p] of req.parcels.entries()) {
      const trackingNumber = formatLocalCourierTracking(await this.#opts.sequence.next(`tracking:${this.code}`));
      parcels.push({ index: i + 1, trackingNumber, sscc: p.sscc, weightKg: p.weightKg, ...(p.dimensions ? { dimensions: p.dimensions } : {}) });
    }
    const carrier = { code: this.code, name: this.name };
    const shipment: CarrierShipment = {
      carrier,
      service,
      shipmentNumber: req.shipmentNumber,
      orderNumber: req.orderNumber,
      warehouse: req.origin.warehouse,
      trackingNumber: parcels[0]?.trackingNumber ?? "",
      shipDate,
      shipFrom: req.shipFrom,
      shipTo: req.shipTo,
      parcels,
      labels: parcels.map((p) => ({
        shipFrom: req.shipFrom,
        shipTo: req.shipTo,
        carrier,
        service: service.name,
        weightKg: p.weightKg,
        ...(p.dimensions ? { dimensions: p.dimensions } : {}),
        orderNumber: req.orderNumber,
        shipmentNumber: req.shipmentNumber,
        carton: { index: p.index, count: parcels.length },
        trackingNumber: p.trackingNumber,
        sscc: p.sscc,
        shipDate,
        ...(req.reference !== undefined ? { reference: req.reference } : {}),
      })),
    };
    await this.#opts.log.record(shipment);
    return shipment;
  }

  /** Tracking events of these parcels up to `until`: the simulated stream (see tracking.ts), the same for the same seed. */
  trackingEvents(parcels: readonly TrackedParcel[], until: number): Promise<readonly CarrierTrackingEvent[]> {
    return new LocalCourierTracking({ seed: this.#opts.trackingSeed ?? 0, code: this.code }).trackingEvents(parcels, until);
  }

  async closeOut(request: CloseOutRequest): Promise<ManifestData> {
    const { date, warehouse } = request;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new InputError("DATE_INVALID", `close-out date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
    const shipments = await this.#opts.log.listUnmanifested(this.code, warehouse, date);
    const before = await this.#opts.log.countManifests(this.code, warehouse, date);
    if (shipments.length === 0) {
      throw new DomainError(
        "MANIFEST_EMPTY",
        before > 0
          ? `every ${this.name} shipment of ${warehouse} on ${date} is already on a manifest (${before} so far, last ${manifestNumber(this.code, warehouse, date, before)}); nothing new to close out`
          : `no ${this.name} shipments from ${warehouse} on ${date} to close out`,
        { warehouse, date, manifests: before },
      );
    }
    const rows: ManifestShipment[] = shipments.map((s) => ({
      shipmentNumber: s.shipmentNumber,
      orderNumber: s.orderNumber,
      trackingNumber: s.trackingNumber,
      service: s.service.name,
      parcels: s.parcels.length,
      weightKg: round3(s.parcels.reduce((a, p) => a + p.weightKg, 0)),
      shipTo: { name: s.shipTo.name, postalCode: s.shipTo.postalCode, city: s.shipTo.city, country: s.shipTo.country },
    }));
    const sequence = before + 1;
    const manifest: ManifestData = {
      carrier: { code: this.code, name: this.name },
      date,
      manifestNumber: manifestNumber(this.code, warehouse, date, sequence),
      shipFrom: request.shipFrom,
      shipments: rows,
      totals: {
        shipments: rows.length,
        parcels: rows.reduce((a, r) => a + r.parcels, 0),
        weightKg: round3(rows.reduce((a, r) => a + r.weightKg, 0)),
      },
    };
    await this.#opts.log.saveManifest(manifest, { warehouse, sequence });
    return manifest;
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
