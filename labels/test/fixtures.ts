/** Demo documents used by the tests, the examples and the bench. */
import { buildSscc, type LabelAddress, type LogisticLabelData, type ManifestData, type PackingSlipData, type PickListData, type ShippingLabelData } from "@pickpack/core";

export const SHIP_FROM: LabelAddress = {
  name: "Pickpack Demo Warehouse",
  company: "Pickpack Logistics BV",
  street: "Havenstraat 12",
  postalCode: "3011 AA",
  city: "Rotterdam",
  country: "NL",
  phone: "+31 10 555 0101",
};

export const SHIP_TO: LabelAddress = {
  name: "Zoë Müller-Lüdenscheidt",
  company: "Café Élan GmbH",
  street: "Friedrichstraße 123",
  street2: "Hinterhaus, 3. OG",
  postalCode: "10117",
  city: "Berlin",
  country: "DE",
  phone: "+49 30 1234567",
};

/** (00) 0 8712345 000000042 check -> built with the GS1 mod-10 check digit. */
export const DEMO_SSCC = buildSscc({ extensionDigit: 0, companyPrefix: "8712345" }, 42);

export const DEMO_LABEL: ShippingLabelData = {
  shipFrom: SHIP_FROM,
  shipTo: SHIP_TO,
  carrier: { code: "LC", name: "Local courier" },
  service: "Same day",
  weightKg: 2.35,
  dimensions: { lengthCm: 40, widthCm: 30, heightCm: 20 },
  orderNumber: "SO-1001",
  shipmentNumber: "SH-2026-000123",
  carton: { index: 1, count: 2 },
  trackingNumber: "LC00000000018",
  sscc: DEMO_SSCC,
  shipDate: "2026-11-22",
  reference: "PO 4711",
};

export const DEMO_LOGISTIC: LogisticLabelData = {
  sscc: DEMO_SSCC,
  shipFrom: SHIP_FROM,
  shipTo: SHIP_TO,
  content: { gtin: "08712345000011", count: 24, description: "Espresso beans 1 kg, carton of 24" },
  batch: "L2026-47A",
  expiry: "2027-05-31",
  grossWeightKg: 25.4,
};

export const DEMO_SLIP: PackingSlipData = {
  paper: "A4",
  orderNumber: "SO-1001",
  orderDate: "2026-11-21",
  shipmentNumber: "SH-2026-000123",
  shipFrom: SHIP_FROM,
  shipTo: SHIP_TO,
  note: "Leave at reception if nobody answers.",
  cartons: [
    {
      index: 1,
      sscc: DEMO_SSCC,
      trackingNumber: "LC00000000018",
      items: [
        { sku: "ESP-1KG", description: "Espresso beans 1 kg", quantity: 6, lots: ["L2026-47A"] },
        { sku: "GRD-200", description: "Burr grinder 200 W", quantity: 1, serials: ["GR-99812"] },
      ],
    },
    { index: 2, trackingNumber: "LC00000000026", items: [{ sku: "MUG-CER", description: "Ceramic mug, white, 300 ml", quantity: 12 }] },
  ],
};

export const DEMO_PICKLIST: PickListData = {
  paper: "A4",
  pickListId: "PL-0007",
  waveId: "W-2026-11-22-01",
  picker: "amira",
  createdAt: "2026-11-22 08:05",
  totalDistanceM: 184.5,
  stops: [
    { sequence: 1, location: "A-01-02-1", sku: "ESP-1KG", description: "Espresso beans 1 kg", quantity: 6, tote: "T-12" },
    { sequence: 2, location: "A-04-01-3", sku: "GRD-200", description: "Burr grinder 200 W", quantity: 1, tote: "T-12" },
    { sequence: 3, location: "B-02-05-2", sku: "MUG-CER", description: "Ceramic mug, white, 300 ml", quantity: 12, tote: "T-13" },
    { sequence: 4, location: "C-11-01-1", sku: "FLT-100", description: "Paper filters size 4, pack of 100", quantity: 3, tote: "T-13" },
  ],
};

export const DEMO_MANIFEST: ManifestData = {
  paper: "A4",
  carrier: { code: "LC", name: "Local courier" },
  date: "2026-11-22",
  manifestNumber: "LC-20261122",
  shipFrom: SHIP_FROM,
  shipments: [
    { shipmentNumber: "SH-2026-000123", orderNumber: "SO-1001", trackingNumber: "LC00000000018", service: "Same day", parcels: 2, weightKg: 4.1, shipTo: { name: "Zoë Müller", postalCode: "10117", city: "Berlin", country: "DE" } },
    { shipmentNumber: "SH-2026-000124", orderNumber: "SO-1002", trackingNumber: "LC00000000034", service: "Next day", parcels: 1, weightKg: 0.8, shipTo: { name: "J. Jansen", postalCode: "1012 AB", city: "Amsterdam", country: "NL" } },
  ],
  totals: { shipments: 2, parcels: 3, weightKg: 4.9 },
};

/** Ship-to addresses in the recipient's own script, one per script the labels must print. */
export const SCRIPT_ADDRESSES = {
  cyrillic: { name: "Иван Петров", street: "ул. Тверская, д. 7", postalCode: "125009", city: "Москва", country: "RU" },
  greek: { name: "Γιώργος Παπαδόπουλος", street: "Οδός Ερμού 25", postalCode: "105 63", city: "Αθήνα", country: "GR" },
  arabic: { name: "محمد علي", street: "شارع التحرير 15", postalCode: "11511", city: "القاهرة", country: "EG" },
  hebrew: { name: "דוד כהן", street: "רחוב הרצל 10", postalCode: "6100000", city: "תל אביב", country: "IL" },
  chinese: { name: "王小明", street: "朝阳区建国路88号", postalCode: "100022", city: "北京市", country: "CN" },
  japanese: { name: "山田太郎", street: "千代田区丸の内1-9-1", postalCode: "100-0005", city: "東京都", country: "JP" },
  korean: { name: "김민수", street: "강남구 테헤란로 152", postalCode: "06236", city: "서울특별시", country: "KR" },
} as const satisfies Record<string, LabelAddress>;

export type Script = keyof typeof SCRIPT_ADDRESSES;
