import { expect } from "vitest";
import { DomainError, InputError, type ImportBatch, type NewOrder, type Sourced } from "@pickpack/core";

const src = <T>(value: T, line: number, file = "fixture.json"): Sourced<T> => ({ value, file, line });

export const address = (city: string) => ({ name: `Dock ${city}`, street: "1 Main St", postalCode: "10115", city, country: "DE" });

/** The seed example of the planning issue: WH1 holds A:1, B:5; WH2 holds A:10, C:3. */
export function seedBatch(): ImportBatch {
  return {
    warehouses: [
      src({ code: "WH1", name: "Berlin", address: address("Berlin"), latitude: 52.52, longitude: 13.405, priority: 1, cutoff: "16:00", costPerShipment: 5, timeZone: "Europe/Berlin" }, 1),
      src({ code: "WH2", name: "Hamburg", address: address("Hamburg"), latitude: 53.55, longitude: 9.99, priority: 2, cutoff: "17:00", costPerShipment: 5, timeZone: "Europe/Berlin" }, 2),
    ],
    locations: [
      src({ warehouse: "WH1", code: "A-01-01-A", zone: "A", aisle: 0, position: 2, level: 1 }, 1),
      src({ warehouse: "WH1", code: "A-02-01-A", zone: "A", aisle: 1, position: 5, level: 1 }, 2),
      src({ warehouse: "WH2", code: "B-01-01-A", zone: "B", aisle: 0, position: 3, level: 1 }, 3),
      src({ warehouse: "WH2", code: "B-03-01-A", zone: "B", aisle: 2, position: 8, level: 1 }, 4),
    ],
    skus: ["A", "B", "C"].map((sku, i) =>
      src(
        {
          sku,
          name: `Item ${sku}`,
          barcodes: [["4006381333931", "036000291452", "96385074"][i]!],
          weightGrams: 100 * (i + 1),
          lengthMm: 100,
          widthMm: 80,
          heightMm: 50,
          tracksLot: false,
          tracksSerial: false,
          tracksExpiry: false,
        },
        i + 1,
      ),
    ),
    stock: [
      src({ warehouse: "WH1", location: "A-01-01-A", sku: "A", onHand: 1 }, 1),
      src({ warehouse: "WH1", location: "A-02-01-A", sku: "B", onHand: 5 }, 2),
      src({ warehouse: "WH2", location: "B-01-01-A", sku: "A", onHand: 10 }, 3),
      src({ warehouse: "WH2", location: "B-03-01-A", sku: "C", onHand: 3 }, 4),
    ],
    boxes: [src({ code: "S", name: "Small", innerLengthMm: 200, innerWidthMm: 150, innerHeightMm: 100, tareGrams: 80, maxWeightGrams: 5000 }, 1)],
    users: [
      src({ id: "u-ana", name: "Ana Picker", role: "picker", badge: "BADGE-0001" }, 1),
      src({ id: "u-ben", name: "Ben Packer", role: "packer", badge: "BADGE-0002" }, 2),
      src({ id: "u-sue", name: "Sue Supervisor", role: "supervisor", badge: "BADGE-0003" }, 3),
    ],
  };
}

export function order(number: string, lines: [string, number][], extra: Partial<NewOrder> = {}): NewOrder {
  return {
    number,
    customer: `Customer ${number}`,
    shipTo: { ...address("Munich"), latitude: 48.137, longitude: 11.575 },
    lines: lines.map(([sku, quantity]) => ({ sku, quantity, unitPrice: 9.99 })),
    priority: 5,
    carrier: "own-fleet",
    service: "standard",
    ...extra,
  };
}

export const ordersBatch = (...orders: NewOrder[]): ImportBatch => ({ orders: orders.map((o, i) => src(o, i + 1, "orders.json")) });

/** The DomainError a promise is refused with (fails the test when it resolves or throws something else). */
export async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

/** The code of the DomainError a promise is refused with. */
export async function refusalCode(p: Promise<unknown>): Promise<string> {
  return (await refusal(p)).code;
}

/** The InputError a promise is rejected with: malformed input or a name that does not exist. */
export async function inputRejection(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}
