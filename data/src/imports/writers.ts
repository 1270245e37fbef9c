/**
 * One writer per import record kind: each checks its records' references, reports problems as input
 * issues (file and line) and writes the good ones through the repositories. Orders are written by the
 * import service (they are checked all together first, then created and reserved).
 */
import { isValidGtin, type ImportBatch, type InputIssue } from "@pickpack/core";
import type { Tx } from "../db/unit-of-work.js";
import { locationExists, setStockLevel } from "../stock/repository.js";
import { badgeOwner, barcodeOwner, exists, saveSku, upsert } from "./repository.js";

/** What the writers share: the transaction, the issues found, the counts, the progress tick. */
export interface ImportRun {
  readonly tx: Tx;
  readonly issues: InputIssue[];
  readonly count: (done: "created" | "updated") => void;
  readonly progress: () => void;
}

type Records<K extends keyof ImportBatch> = NonNullable<ImportBatch[K]>;

const unknownWarehouse = (file: string, line: number, code: string): InputIssue => ({ file, line, field: "warehouse", message: `unknown warehouse ${JSON.stringify(code)}` });

export async function writeWarehouses(run: ImportRun, records: Records<"warehouses">): Promise<void> {
  for (const { value: w } of records) {
    run.progress();
    const row = {
      code: w.code,
      name: w.name,
      address: JSON.stringify(w.address),
      latitude: w.latitude,
      longitude: w.longitude,
      priority: w.priority,
      cutoff: w.cutoff,
      cost_per_shipment: w.costPerShipment,
      time_zone: w.timeZone,
    };
    run.count(await upsert(run.tx, "warehouses", { code: w.code }, row));
  }
}

export async function writeLayouts(run: ImportRun, records: Records<"layouts">): Promise<void> {
  for (const { value: l, file, line } of records) {
    run.progress();
    if (!(await exists(run.tx, "warehouses", "code", l.warehouse))) {
      run.issues.push(unknownWarehouse(file, line, l.warehouse));
      continue;
    }
    run.count(await upsert(run.tx, "layouts", { warehouse: l.warehouse }, { layout: JSON.stringify(l) }));
  }
}

export async function writeLocations(run: ImportRun, records: Records<"locations">): Promise<void> {
  for (const { value: loc, file, line } of records) {
    run.progress();
    if (!(await exists(run.tx, "warehouses", "code", loc.warehouse))) {
      run.issues.push(unknownWarehouse(file, line, loc.warehouse));
      continue;
    }
    run.count(await upsert(run.tx, "locations", { warehouse: loc.warehouse, code: loc.code }, { zone: loc.zone, aisle: loc.aisle, position: loc.position, level: loc.level }));
  }
}

export async function writeSkus(run: ImportRun, records: Records<"skus">): Promise<void> {
  for (const { value: s, file, line } of records) {
    run.progress();
    let bad = false;
    for (const code of s.barcodes) {
      const owner = await barcodeOwner(run.tx, code);
      if (owner !== undefined && owner !== s.sku) {
        run.issues.push({ file, line, field: "barcodes", message: `barcode ${code} already belongs to SKU ${owner}` });
        bad = true;
      }
      if (/^\d{8}$|^\d{12,14}$/.test(code) && !isValidGtin(code)) {
        run.issues.push({ file, line, field: "barcodes", message: `${code} looks like a GTIN but its check digit is wrong` });
        bad = true;
      }
    }
    if (bad) continue;
    const row = {
      sku: s.sku,
      name: s.name,
      weight_grams: s.weightGrams,
      length_mm: s.lengthMm,
      width_mm: s.widthMm,
      height_mm: s.heightMm,
      tracks_lot: s.tracksLot ? 1 : 0,
      tracks_serial: s.tracksSerial ? 1 : 0,
      tracks_expiry: s.tracksExpiry ? 1 : 0,
    };
    run.count(await saveSku(run.tx, row, s.barcodes));
  }
}

export async function writeStock(run: ImportRun, records: Records<"stock">): Promise<void> {
  for (const { value: st, file, line } of records) {
    run.progress();
    let bad = false;
    if (!(await exists(run.tx, "warehouses", "code", st.warehouse))) {
      run.issues.push(unknownWarehouse(file, line, st.warehouse));
      bad = true;
    } else if (!(await locationExists(run.tx, st.warehouse, st.location))) {
      run.issues.push({ file, line, field: "location", message: `unknown location ${st.location} in warehouse ${st.warehouse}` });
      bad = true;
    }
    if (!(await exists(run.tx, "skus", "sku", st.sku))) {
      run.issues.push({ file, line, field: "sku", message: `unknown SKU ${JSON.stringify(st.sku)}` });
      bad = true;
    }
    if (bad) continue;
    run.count(await setStockLevel(run.tx, st.warehouse, st.location, st.sku, st.onHand));
  }
}

export async function writeBoxes(run: ImportRun, records: Records<"boxes">): Promise<void> {
  for (const { value: b } of records) {
    run.progress();
    const row = {
      code: b.code,
      name: b.name,
      inner_length_mm: b.innerLengthMm,
      inner_width_mm: b.innerWidthMm,
      inner_height_mm: b.innerHeightMm,
      tare_grams: b.tareGrams,
      max_weight_grams: b.maxWeightGrams,
    };
    run.count(await upsert(run.tx, "box_types", { code: b.code }, row));
  }
}

export async function writeUsers(run: ImportRun, records: Records<"users">): Promise<void> {
  for (const { value: u, file, line } of records) {
    run.progress();
    const owner = await badgeOwner(run.tx, u.badge);
    if (owner !== undefined && owner !== u.id) {
      run.issues.push({ file, line, field: "badge", message: `badge ${u.badge} already belongs to user ${owner}` });
      continue;
    }
    run.count(await upsert(run.tx, "users", { id: u.id }, { name: u.name, role: u.role, badge: u.badge }));
  }
}
