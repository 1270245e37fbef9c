import { describe, expect, it } from "vitest";
import { ManualClock } from "../shared/clock.js";
import { DomainError, InputError } from "../shared/errors.js";
import { InMemorySerialSequence, SsccAllocator } from "../labels/sscc.js";
import { InMemoryCarrierShipmentLog } from "./port.js";
import { LocalCourier, formatLocalCourierTracking, isValidLocalCourierTracking, luhnCheckDigit } from "./local-courier.js";

const addr = { name: "A", street: "1 Main St", postalCode: "1000", city: "Town", country: "BE" };

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
      shipmentNumber: "SH-1", orderNumber: "SO-1", service: "SAMEDAY", shipFrom: addr, shipTo: { ...addr, name: "B" },
      parcels: [{ weightKg: 1.2, sscc: await sscc.next() }, { weightKg: 2.5, sscc: await sscc.next() }],
    });
    expect(s.shipDate).toBe("2026-11-22");
    expect(s.parcels.map((p) => p.trackingNumber)).toEqual(["LC00000000018", "LC00000000026"]);
    expect(s.labels.map((l) => l.carton)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    expect(s.labels[1]?.service).toBe("Same day");
    clock.advance(3_600_000);
    await courier.createShipment({ shipmentNumber: "SH-2", orderNumber: "SO-2", service: "NEXTDAY", shipFrom: addr, shipTo: addr, parcels: [{ weightKg: 3, sscc: await sscc.next() }] });
    const m = await courier.closeOut("2026-11-22");
    expect(m.totals).toEqual({ shipments: 2, parcels: 3, weightKg: 6.7 });
    expect(m.manifestNumber).toBe("LC-20261122");
    expect(await courier.closeOut("2026-11-22")).toBe(m);
    await expect(courier.closeOut("2026-11-23")).rejects.toMatchObject({ code: "MANIFEST_EMPTY" });
  });

  it("refuses bad requests clearly", async () => {
    const { courier, sscc } = setup();
    const base = { shipmentNumber: "S", orderNumber: "O", service: "SAMEDAY", shipFrom: addr, shipTo: addr };
    await expect(courier.createShipment({ ...base, service: "ROCKET", parcels: [{ weightKg: 1, sscc: await sscc.next() }] })).rejects.toBeInstanceOf(DomainError);
    await expect(courier.createShipment({ ...base, parcels: [{ weightKg: 40, sscc: await sscc.next() }] })).rejects.toMatchObject({ code: "CARRIER_PARCEL_TOO_HEAVY" });
    const e = await courier.createShipment({ ...base, parcels: [{ weightKg: -1, sscc: "123" }] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).issues.map((i) => i.field)).toEqual(["parcels[0].weightKg", "parcels[0].sscc"]);
  });
});
