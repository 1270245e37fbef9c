import { describe, expect, it } from "vitest";
import { ManualClock } from "../shared/clock.js";
import { DomainError, InputError } from "../shared/errors.js";
import { InMemorySerialSequence, SsccAllocator } from "../labels/sscc.js";
import { InMemoryCarrierShipmentLog } from "./port.js";
import { LocalCourier, formatLocalCourierTracking, isValidLocalCourierTracking, luhnCheckDigit } from "./local-courier.js";

const addr = { name: "A", street: "1 Main St", postalCode: "1000", city: "Town", country: "BE" };
const WH1 = { warehouse: "WH1", timeZone: "UTC" };

function setup() {
  const seq = new InMemorySerialSequence();
  const clock = new ManualClock("2026-11-22T08:00:00Z");
  const courier = new LocalCourier({ sequence: seq, log: new InMemoryCarrierShipmentLog(), clock });
  const sscc = new SsccAllocator({ extensionDigit: 0, companyPrefix: "5412345" }, seq);
  return { courier, clock, sscc };
}

describe("local courier", () => {
  it("uses the Luhn check digit (ISO/IEC 7812 example 7992739871 -> 3)", () => {
    expect(luhnCheckDigit("7992739871")).toBe(3);
    expect(formatLocalCourierTracking(1)).toBe("LC00000000018");
    expect(isValidLocalCourierTracking("LC00000000018")).toBe(true);
    // every single-digit error is caught
    for (let pos = 2; pos < 13; pos++) {
      for (let d = 0; d <= 9; d++) {
        const t = "LC00000000018";
        if (t[pos] === String(d)) continue;
        expect(isValidLocalCourierTracking(t.slice(0, pos) + d + t.slice(pos + 1))).toBe(false);
      }
    }
  });

  it("creates a shipment with one tracking number and label per parcel, then closes the day", async () => {
    const { courier, sscc, clock } = setup();
    const s = await courier.createShipment({
      shipmentNumber: "SH-1", orderNumber: "SO-1", origin: WH1, service: "SAMEDAY", shipFrom: addr, shipTo: { ...addr, name: "B" },
      parcels: [{ weightKg: 1.2, sscc: await sscc.next() }, { weightKg: 2.5, sscc: await sscc.next() }],
    });
    expect(s.shipDate).toBe("2026-11-22");
    expect(s.parcels.map((p) => p.trackingNumber)).toEqual(["LC00000000018", "LC00000000026"]);
    expect(s.labels.map((l) => l.carton)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    expect(s.labels[1]?.service).toBe("Same day");
    clock.advance(3_600_000);
    await courier.createShipment({ shipmentNumber: "SH-2", orderNumber: "SO-2", origin: WH1, service: "NEXTDAY", shipFrom: addr, shipTo: addr, parcels: [{ weightKg: 3, sscc: await sscc.next() }] });
    const m = await courier.closeOut({ date: "2026-11-22", warehouse: "WH1", shipFrom: addr });
    expect(m.totals).toEqual({ shipments: 2, parcels: 3, weightKg: 6.7 });
    expect(m.manifestNumber).toBe("LC-WH1-20261122-1");
    const again = await courier.closeOut({ date: "2026-11-22", warehouse: "WH1", shipFrom: addr }).catch((x: unknown) => x);
    expect(again).toMatchObject({ code: "MANIFEST_EMPTY" });
    expect((again as Error).message).toMatch(/already on a manifest \(1 so far, last LC-WH1-20261122-1\)/);
    await expect(courier.closeOut({ date: "2026-11-23", warehouse: "WH1", shipFrom: addr })).rejects.toMatchObject({ code: "MANIFEST_EMPTY" });
  });

  it("refuses bad requests clearly", async () => {
    const { courier, sscc } = setup();
    const base = { shipmentNumber: "S", orderNumber: "O", origin: WH1, service: "SAMEDAY", shipFrom: addr, shipTo: addr };
    await expect(courier.createShipment({ ...base, service: "ROCKET", parcels: [{ weightKg: 1, sscc: await sscc.next() }] })).rejects.toBeInstanceOf(DomainError);
    await expect(courier.createShipment({ ...base, parcels: [{ weightKg: 40, sscc: await sscc.next() }] })).rejects.toMatchObject({ code: "CARRIER_PARCEL_TOO_HEAVY" });
    const e = await courier.createShipment({ ...base, parcels: [{ weightKg: -1, sscc: "123" }] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).issues.map((i) => i.field)).toEqual(["parcels[0].weightKg", "parcels[0].sscc"]);
  });

  it("keeps manifests per warehouse and numbers the day's close-outs: a late shipment goes on the next one", async () => {
    const { courier, sscc, clock } = setup();
    const ship = async (n: string, warehouse: string) =>
      courier.createShipment({ shipmentNumber: n, orderNumber: n, origin: { warehouse, timeZone: "Europe/Berlin" }, service: "NEXTDAY", shipFrom: { ...addr, city: warehouse }, shipTo: addr, parcels: [{ weightKg: 1, sscc: await sscc.next() }] });
    await ship("B1", "WH1");
    await ship("H1", "WH2");
    const berlin = await courier.closeOut({ date: "2026-11-22", warehouse: "WH1", shipFrom: { ...addr, city: "Berlin" } });
    expect(berlin.shipments.map((s) => s.shipmentNumber)).toEqual(["B1"]);
    expect(berlin.shipFrom.city).toBe("Berlin");
    clock.advance(3_600_000);
    await ship("B2", "WH1");
    const late = await courier.closeOut({ date: "2026-11-22", warehouse: "WH1", shipFrom: addr });
    expect(late).toMatchObject({ manifestNumber: "LC-WH1-20261122-2", shipments: [{ shipmentNumber: "B2" }] });
    const hamburg = await courier.closeOut({ date: "2026-11-22", warehouse: "WH2", shipFrom: addr });
    expect(hamburg).toMatchObject({ manifestNumber: "LC-WH2-20261122-1", shipments: [{ shipmentNumber: "H1" }] });
  });

  it("dates a shipment in the warehouse's time zone: around midnight and across DST changes", async () => {
    const at = async (instant: string, timeZone: string) => {
      const seq = new InMemorySerialSequence();
      const courier = new LocalCourier({ sequence: seq, log: new InMemoryCarrierShipmentLog(), clock: new ManualClock(instant) });
      const sscc = await new SsccAllocator({ extensionDigit: 0, companyPrefix: "5412345" }, seq).next();
      const s = await courier.createShipment({ shipmentNumber: "S", orderNumber: "O", origin: { warehouse: "W", timeZone }, service: "NEXTDAY", shipFrom: addr, shipTo: addr, parcels: [{ weightKg: 1, sscc }] });
      return s.shipDate;
    };
    // 00:30 in Berlin (CET, UTC+1) on 23 Nov is 23:30 UTC on 22 Nov
    expect(await at("2026-11-22T23:30:00Z", "Europe/Berlin")).toBe("2026-11-23");
    expect(await at("2026-11-22T23:30:00Z", "UTC")).toBe("2026-11-22");
    expect(await at("2026-11-22T22:59:00Z", "Europe/Berlin")).toBe("2026-11-22");
    // summer time (CEST, UTC+2): 00:30 local on 1 July is 22:30 UTC on 30 June
    expect(await at("2026-06-30T22:30:00Z", "Europe/Berlin")).toBe("2026-07-01");
    expect(await at("2026-06-30T21:59:00Z", "Europe/Berlin")).toBe("2026-06-30");
    // the night clocks go forward (29 March 2026, 02:00 → 03:00) and back (25 October 2026, 03:00 → 02:00)
    expect(await at("2026-03-28T23:00:00Z", "Europe/Berlin")).toBe("2026-03-29");
    expect(await at("2026-03-29T21:59:00Z", "Europe/Berlin")).toBe("2026-03-29");
    expect(await at("2026-03-29T22:00:00Z", "Europe/Berlin")).toBe("2026-03-30");
    expect(await at("2026-10-24T22:00:00Z", "Europe/Berlin")).toBe("2026-10-25");
    expect(await at("2026-10-25T22:59:00Z", "Europe/Berlin")).toBe("2026-10-25");
    expect(await at("2026-10-25T23:00:00Z", "Europe/Berlin")).toBe("2026-10-26");
    // west of UTC: 20:00 in New York (EST) on 22 Nov is 01:00 UTC on 23 Nov
    expect(await at("2026-11-23T01:00:00Z", "America/New_York")).toBe("2026-11-22");
    await expect(at("2026-11-22T12:00:00Z", "Mars/Olympus")).rejects.toMatchObject({ code: "TIME_ZONE_INVALID" });
  });
});
