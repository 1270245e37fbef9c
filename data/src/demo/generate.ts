/**
 * The demo dataset, generated deterministically (seeded) so every run and every benchmark sees the same
 * data. `npm run demo:generate` writes it to data/demo/ in the documented import formats (JSON and CSV
 * mixed on purpose, so the files double as examples).
 */
import { gs1CheckDigit, seededRandom } from "@pickpack/core";

const CITIES = [
  ["Berlin", "10115", 52.52, 13.405],
  ["Hamburg", "20095", 53.551, 9.993],
  ["Munich", "80331", 48.137, 11.575],
  ["Cologne", "50667", 50.937, 6.96],
  ["Frankfurt", "60311", 50.11, 8.682],
  ["Stuttgart", "70173", 48.775, 9.182],
  ["Düsseldorf", "40213", 51.227, 6.773],
  ["Leipzig", "04109", 51.339, 12.373],
  ["Dresden", "01067", 51.05, 13.737],
  ["Hanover", "30159", 52.375, 9.732],
  ["Nuremberg", "90402", 49.452, 11.076],
  ["Bremen", "28195", 53.079, 8.801],
  ["Freiburg", "79098", 47.999, 7.842],
  ["Rostock", "18055", 54.092, 12.099],
  ["Kiel", "24103", 54.323, 10.122],
] as const;
const FIRST = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Lena", "Milan", "Nora", "Oskar", "Paula", "Rafael", "Sofia", "Theo", "Ute", "Yusuf"];
const LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Yilmaz", "Kowalski", "Nguyen"];
const STREETS = ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Schulstraße", "Marktplatz", "Bergstraße", "Kirchgasse"];
const PRODUCTS = [
  ["T-Shirt", 180, [300, 250, 20]],
  ["Hoodie", 550, [350, 300, 60]],
  ["Sneaker", 900, [330, 210, 120]],
  ["Water Bottle", 320, [80, 80, 260]],
  ["Coffee Mug", 350, [120, 90, 100]],
  ["Notebook A5", 250, [210, 148, 15]],
  ["Desk Lamp", 1200, [400, 200, 200]],
  ["Headphones", 280, [200, 180, 90]],
  ["Phone Case", 60, [170, 90, 20]],
  ["Backpack", 800, [450, 300, 150]],
  ["Yoga Mat", 1500, [610, 150, 150]],
  ["Candle", 400, [100, 100, 120]],
  ["Tea Tin", 220, [90, 90, 140]],
  ["Socks 3-Pack", 150, [200, 120, 40]],
  ["Cutting Board", 950, [400, 250, 20]],
  ["Puzzle 1000", 600, [350, 250, 60]],
  ["Sunglasses", 90, [160, 70, 50]],
  ["USB-C Cable", 80, [150, 100, 20]],
  ["Plant Pot", 700, [180, 180, 160]],
  ["Board Game", 1300, [300, 300, 80]],
] as const;
const VARIANTS = ["Black", "White", "Blue", "Red", "Green", "Grey", "Sand", "Navy", "Olive", "Rose"];

export interface DemoFiles {
  /** file name → contents */
  readonly files: Readonly<Record<string, string>>;
}

const csv = (rows: readonly (readonly (string | number | boolean)[])[]): string =>
  rows.map((r) => r.map((c) => (typeof c === "string" && /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : String(c))).join(",")).join("\n") + "\n";

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The demo files. Dates are relative to `now` (ship-by dates in the coming week); the same seed gives
 * the same records on any day. Every tenth order is marked `payment: "pending"` (the rest use the
 * documented default, paid in the order system).
 */
export function generateDemo(seed = 20261122, options: { readonly now: number } = { now: Date.parse("2026-11-22T08:00:00Z") }): DemoFiles {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

  const warehouses = [
    { code: "WH1", name: "Berlin Nord", city: CITIES[0], priority: 1, cutoff: "16:00", costPerShipment: 4.5, layout: { aisles: 12, aisleLength: 30, aisleSpacing: 3, crossAisles: 2 }, bays: 10 },
    { code: "WH2", name: "Hamburg Hafen", city: CITIES[1], priority: 2, cutoff: "17:00", costPerShipment: 4.0, layout: { aisles: 16, aisleLength: 40, aisleSpacing: 3.5, crossAisles: 3 }, bays: 12 },
    { code: "WH3", name: "München Süd", city: CITIES[2], priority: 3, cutoff: "15:30", costPerShipment: 5.0, layout: { aisles: 30, aisleLength: 50, aisleSpacing: 3, crossAisles: 4 }, bays: 15 },
  ];
  const warehousesJson = warehouses.map((w) => ({
    code: w.code,
    name: w.name,
    address: { name: `pickpack ${w.name}`, street: "Logistikring 1", postalCode: w.city[1], city: w.city[0], country: "DE" },
    latitude: w.city[2],
    longitude: w.city[3],
    priority: w.priority,
    cutoff: w.cutoff,
    costPerShipment: w.costPerShipment,
    timeZone: "Europe/Berlin",
  }));
  const layouts = warehouses.map((w) => ({ warehouse: w.code, ...w.layout, depot: { x: 0, y: 0 } }));

  // Locations: zone-aisle-bay-level, e.g. A-01-03-B. Bays are evenly spaced along the aisle (position = y).
  const locationRows: (string | number)[][] = [["warehouse", "code", "zone", "aisle", "position", "level"]];
  const locationsByWh = new Map<string, string[]>();
  for (const w of warehouses) {
    const codes: string[] = [];
    for (let a = 0; a < w.layout.aisles; a++) {
      const zone = String.fromCharCode(65 + Math.floor(a / 10));
      for (let b = 0; b < w.bays; b++) {
        const position = Math.round(((b + 0.5) * w.layout.aisleLength * 10) / w.bays) / 10;
        for (const level of ["A", "B"]) {
          const code = `${zone}-${String(a + 1).padStart(2, "0")}-${String(b + 1).padStart(2, "0")}-${level}`;
          locationRows.push([w.code, code, zone, a, position, level === "A" ? 1 : 2]);
          codes.push(code);
        }
      }
    }
    locationsByWh.set(w.code, codes);
  }

  // SKUs with valid GTIN-13s (GS1 Germany-style prefix 400 + item reference + check digit).
  const skus = Array.from({ length: 200 }, (_, i) => {
    const [product, grams, dims] = PRODUCTS[i % PRODUCTS.length]!;
    const variant = VARIANTS[Math.floor(i / PRODUCTS.length) % VARIANTS.length]!;
    const body = `4006381${String(100000 + i).slice(1)}`;
    const gtin = body + gs1CheckDigit(body);
    return {
      sku: `SKU-${String(i + 1).padStart(4, "0")}`,
      name: `${product} ${variant}`,
      barcodes: [gtin],
      weightGrams: Math.round(grams * (0.9 + rand() * 0.2)),
      lengthMm: dims[0],
      widthMm: dims[1],
      heightMm: dims[2],
      tracksLot: product === "Tea Tin" || product === "Candle",
      tracksSerial: product === "Headphones" || product === "Desk Lamp",
      tracksExpiry: product === "Tea Tin",
    };
  });

  // Stock: every SKU has a home warehouse and often a second one, so some orders must split.
  const stockRows: (string | number)[][] = [["warehouse", "location", "sku", "onHand"]];
  for (const [i, s] of skus.entries()) {
    const home = warehouses[i % 3]!;
    const places = [home];
    if (rand() < 0.45) places.push(warehouses[(i + 1) % 3]!);
    if (rand() < 0.15) places.push(warehouses[(i + 2) % 3]!);
    for (const w of places) {
      const codes = locationsByWh.get(w.code)!;
      const slots = rand() < 0.2 ? 2 : 1;
      const used = new Set<string>();
      for (let k = 0; k < slots; k++) {
        const loc = pick(codes);
        if (used.has(loc)) continue;
        used.add(loc);
        stockRows.push([w.code, loc, s.sku, w === home ? int(8, 60) : int(2, 20)]);
      }
    }
  }

  const boxes = [
    { code: "BOX-XS", name: "Mailer XS", innerLengthMm: 220, innerWidthMm: 160, innerHeightMm: 50, tareGrams: 60, maxWeightGrams: 2000 },
    { code: "BOX-S", name: "Carton S", innerLengthMm: 300, innerWidthMm: 220, innerHeightMm: 120, tareGrams: 150, maxWeightGrams: 5000 },
    { code: "BOX-M", name: "Carton M", innerLengthMm: 400, innerWidthMm: 300, innerHeightMm: 200, tareGrams: 280, maxWeightGrams: 10000 },
    { code: "BOX-L", name: "Carton L", innerLengthMm: 600, innerWidthMm: 400, innerHeightMm: 300, tareGrams: 520, maxWeightGrams: 20000 },
    { code: "BOX-XL", name: "Carton XL", innerLengthMm: 800, innerWidthMm: 600, innerHeightMm: 400, tareGrams: 900, maxWeightGrams: 30000 },
  ];

  const userRows: string[][] = [["id", "name", "role", "badge"]];
  const roles: [string, number][] = [["picker", 6], ["packer", 4], ["supervisor", 2]];
  let badge = 1;
  for (const [role, n] of roles) {
    for (let k = 0; k < n; k++) {
      const name = `${pick(FIRST)} ${pick(LAST)}`;
      userRows.push([`${role}-${k + 1}`, name, role, `BADGE-${String(badge++).padStart(4, "0")}`]);
    }
  }

  const orders = Array.from({ length: 500 }, (_, i) => {
    const city = pick(CITIES);
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    const nLines = rand() < 0.5 ? 1 : int(2, 5);
    const chosen = new Set<number>();
    while (chosen.size < nLines) chosen.add(int(0, skus.length - 1));
    return {
      number: `SO-${String(100001 + i)}`,
      customer: name,
      shipTo: {
        name,
        street: `${pick(STREETS)} ${int(1, 120)}`,
        postalCode: city[1],
        city: city[0],
        country: "DE",
        latitude: city[2],
        longitude: city[3],
      },
      lines: [...chosen].map((k) => ({ sku: skus[k]!.sku, quantity: rand() < 0.8 ? 1 : int(2, 3), unitPrice: Math.round((5 + rand() * 95) * 100) / 100 })),
      priority: rand() < 0.1 ? 1 : 5,
      carrier: "own-fleet",
      service: rand() < 0.2 ? "express" : "standard",
      shipBy: isoDay(options.now + int(1, 8) * DAY),
      ...(i % 10 === 9 ? { payment: "pending" as const } : {}),
    };
  });

  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  return {
    files: {
      "warehouses.json": json(warehousesJson),
      "layouts.json": json(layouts),
      "locations.csv": csv(locationRows),
      "skus.json": json(skus),
      "stock.csv": csv(stockRows),
      "boxes.json": json(boxes),
      "users.csv": csv(userRows),
      "orders.json": json(orders),
    },
  };
}

/** The import order of the demo files (references first). */
export const DEMO_IMPORT_ORDER = [
  ["warehouses", "warehouses.json"],
  ["layouts", "layouts.json"],
  ["locations", "locations.csv"],
  ["skus", "skus.json"],
  ["stock", "stock.csv"],
  ["boxes", "boxes.json"],
  ["users", "users.csv"],
  ["orders", "orders.json"],
] as const;
