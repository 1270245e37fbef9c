/**
 * PackingService: the pack station's domain steps over the store. Every step that the gateway calls
 * takes a StoreTransaction first (so a scan's idempotency row and its effect commit together) and
 * has a self-transacting twin for the CLI and tests (`service.own.*`). Rules live in core/packing;
 * this file loads state, applies a rule and saves the difference. Refusals throw DomainError with a
 * stable code and change nothing (the caller's transaction rolls back).
 */
import {
  DomainError,
  InputError,
  LocalCourier,
  PackErrorCode,
  SsccAllocator,
  cartonize,
  checkPackSource,
  checkWeight,
  classifyScan,
  closePackCarton,
  expectedCartonWeightGrams,
  openCartonOf,
  packProgress,
  scanPackItem,
  smallestFittingBox,
  validateSsccConfig,
  validateWeightTolerance,
  type Address,
  type BoxType,
  type CarrierPort,
  type CarrierShipmentLog,
  type Cartonization,
  type Clock,
  type LabelAddress,
  type LabelDpi,
  type LabelFormat,
  type LabelPrinter,
  type ManifestData,
  type Order,
  type PackCarton,
  type PackItem,
  type PackState,
  type PackingSlipData,
  type PaperSize,
  type ScanRulesConfig,
  type SerialSequence,
  type ShippingLabelData,
  type ShippingLabelRenderer,
  type SsccConfig,
  type TransitionOutput,
  type WeightCheck,
  type WeightTolerance,
} from "@pickpack/core";
import { withStoredSkuLookup } from "../sku-lookup.js";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { SqlStore, StoreTransaction } from "../store.js";
import { StoreSerialSequence } from "./sequence.js";
import { TxShipmentLog } from "./carrier-log.js";

export interface ActorContext {
  /** ms epoch */
  readonly now: number;
  /** Who did it (user id, "device:…", "cli:…"): recorded on cartons and in the audit trail. */
  readonly actor: string;
}

export interface CarrierDeps {
  readonly sequence: SerialSequence;
  readonly log: CarrierShipmentLog;
  readonly clock: Clock;
}

export interface PackingConfig {
  /** GS1 SSCC: extension digit + company prefix. Default: extension 0, GS1's example prefix 0614141. */
  readonly sscc?: SsccConfig;
  /** Weight check tolerance (default ±50 g or ±5 %, whichever is larger). */
  readonly tolerance?: WeightTolerance;
  /** Cartonization fill factor (default 0.85). */
  readonly fillFactor?: number;
  /** Order service → carrier service code (default express→SAMEDAY, standard→NEXTDAY; codes pass through). */
  readonly serviceMap?: Readonly<Record<string, string>>;
  /** Carrier service when the order's service maps to nothing (default NEXTDAY). */
  readonly defaultService?: string;
  /** Build the carrier for one transaction. Default: the built-in local courier. */
  readonly carrier?: (deps: CarrierDeps) => CarrierPort;
  /** Renders labels when a carton closes (pass an adapter over @pickpack/labels). Without it, closeCarton returns label data only. */
  readonly labels?: ShippingLabelRenderer;
  /** Sends labels to printers (used by `own.closeCarton` with a printer, and by reprints). */
  readonly printer?: LabelPrinter;
  readonly labelFormat?: LabelFormat;
  readonly labelDpi?: LabelDpi;
  /** Scan classification rules (default core's DEFAULT_SCAN_RULES). */
  readonly scanRules?: ScanRulesConfig;
  /** Map a scanned tote id to an order number (the gateway wires it to planning's pick lists). */
  readonly resolveTote?: (tx: StoreTransaction, tote: string) => Promise<string | undefined>;
}

export const DEFAULT_SSCC_CONFIG: SsccConfig = { extensionDigit: 0, companyPrefix: "0614141" };
export const DEFAULT_SERVICE_MAP: Readonly<Record<string, string>> = { express: "SAMEDAY", standard: "NEXTDAY", sameday: "SAMEDAY", nextday: "NEXTDAY" };

export interface PackLineView {
  readonly lineNo: number;
  readonly sku: string;
  readonly name: string;
  readonly ordered: number;
  readonly packed: number;
}

export interface CartonView {
  readonly cartonNo: number;
  readonly status: "open" | "closed";
  readonly warehouse: string;
  readonly box: string | undefined;
  readonly boxReason: string | undefined;
  readonly items: readonly { readonly lineNo: number; readonly sku: string; readonly quantity: number }[];
  readonly expectedWeightGrams: number | undefined;
  readonly measuredWeightGrams: number | undefined;
  readonly weightVerdict: string | undefined;
  readonly weightOverrideBy: string | undefined;
  readonly sscc: string | undefined;
  readonly shipmentNumber: string | undefined;
  readonly trackingNumber: string | undefined;
}

export interface PackView {
  readonly orderNumber: string;
  readonly status: Order["status"];
  readonly lines: readonly PackLineView[];
  readonly cartons: readonly CartonView[];
  readonly openCarton: number | undefined;
  /** Box for the open carton (its contents) or, with none open, for the next carton. */
  readonly suggestedBox: string | undefined;
  /** Cartonization of everything not yet packed. */
  readonly plan: Cartonization;
  readonly progress: { readonly ordered: number; readonly packed: number; readonly complete: boolean };
}

export interface ScanItemInput {
  readonly order: string;
  /** The raw scanned barcode (classified with the scan rules and SKU barcodes)… */
  readonly barcode?: string;
  /** …or the SKU itself. */
  readonly sku?: string;
  /** Packing warehouse for a new carton (default: where the order's stock is allocated). */
  readonly warehouse?: string;
}

export interface ScanItemOutcome {
  readonly orderNumber: string;
  readonly sku: string;
  readonly name: string;
  readonly lineNo: number;
  readonly cartonNo: number;
  readonly openedCarton: boolean;
  /** Of this SKU on the order, after the scan. */
  readonly packed: number;
  readonly ordered: number;
  /** Units of the whole order still to pack. */
  readonly remaining: number;
}

export interface WeightOutcome {
  readonly cartonNo: number;
  readonly box: string;
  readonly check: WeightCheck;
  readonly overriddenBy?: string;
}

export interface WeightOverride {
  /** Supervisor's user id or badge. */
  readonly supervisor: string;
  readonly reason: string;
}

export interface CloseCartonOutcome {
  readonly orderNumber: string;
  readonly cartonNo: number;
  readonly sscc: string;
  readonly shipmentId: number;
  readonly shipmentNumber: string;
  readonly trackingNumber: string;
  readonly carrier: string;
  readonly label: { readonly data: ShippingLabelData; readonly format: LabelFormat; readonly dpi: LabelDpi; readonly bytes?: Uint8Array };
  /** True when this carton completed the order (now Packed). */
  readonly orderPacked: boolean;
  readonly cartons: number;
}

export interface PrintOutcome {
  readonly printed: boolean;
  readonly target: string;
  readonly jobId?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface ShipmentRecord {
  readonly id: number;
  readonly shipmentNumber: string;
  readonly orderNumber: string;
  readonly cartonNo: number;
  readonly warehouse: string;
  readonly carrier: string;
  readonly service: string;
  readonly trackingNumber: string;
  readonly sscc: string;
  readonly weightGrams: number;
  readonly shipDate: string;
  readonly createdAt: string;
  readonly manifestNumber: string | undefined;
  readonly label: ShippingLabelData;
}

export interface ManifestOutcome {
  readonly manifest: ManifestData;
  /** The warehouse closed out, and the manifest's number within its carrier and day (1, 2, …). */
  readonly warehouse: string;
  readonly sequence: number;
  /** Orders moved Packed → Shipped by this close-out. */
  readonly shipped: readonly string[];
  /** Orders on the manifest that stay as they are, with why. */
  readonly notShipped: readonly { readonly order: string; readonly status: string; readonly reason: string }[];
}

export interface ManifestRecord {
  readonly manifestNumber: string;
  readonly carrier: string;
  readonly warehouse: string;
  readonly date: string;
  readonly sequence: number;
  readonly createdAt: string;
  readonly shipments: number;
  readonly manifest: ManifestData;
}

/** A warehouse with shipments of a day not on a manifest yet. */
export interface PendingCloseOut {
  readonly warehouse: string;
  readonly carrier: string;
  readonly shipments: number;
}

type Q = Kysely<Database>;
const iso = (ms: number) => new Date(ms).toISOString();

function labelAddress(a: Address): LabelAddress {
  const out: { -readonly [K in keyof LabelAddress]: LabelAddress[K] } = { name: a.name, street: a.street, postalCode: a.postalCode, city: a.city, country: a.country };
  if (a.company) out.company = a.company;
  if (a.street2) out.street2 = a.street2;
  if (a.region) out.region = a.region;
  if (a.phone) out.phone = a.phone;
  return out;
}

export class PackingService {
  readonly #store: SqlStore;
  readonly #config: PackingConfig;
  readonly #sscc: SsccConfig;

  constructor(store: SqlStore, config: PackingConfig = {}) {
    this.#store = store;
    this.#config = config;
    this.#sscc = config.sscc ?? DEFAULT_SSCC_CONFIG;
    validateSsccConfig(this.#sscc);
    if (config.tolerance) validateWeightTolerance(config.tolerance);
  }

  // ------------------------------------------------------------------ steps (inside a transaction)

  /** Begin (or resume) packing an order, by order number/id or by tote. Returns what to pack. */
  async start(tx: StoreTransaction, input: { readonly order?: string; readonly tote?: string }): Promise<PackView> {
    let ref = input.order;
    if (ref === undefined && input.tote !== undefined) {
      ref = this.#config.resolveTote ? await this.#config.resolveTote(tx, input.tote) : undefined;
      if (ref === undefined) throw new DomainError("PACK_TOTE_UNKNOWN", `tote ${input.tote} is not assigned to any order waiting for packing`);
    }
    if (ref === undefined) throw new InputError("PACK_START_INPUT", "give an order number or a tote");
    const order = await this.#packable(tx, ref, false);
    return this.#view(tx.db, order);
  }

  /** The packing state of an order, any status. */
  async view(tx: StoreTransaction, orderRef: string): Promise<PackView> {
    const order = await tx.loadOrder(orderRef);
    if (!order) throw this.#notFound(orderRef);
    return this.#view(tx.db, order);
  }

  /** Verify one scanned unit against the order and put it into the open carton (opening one if needed). */
  async scanItem(tx: StoreTransaction, input: ScanItemInput, ctx: ActorContext): Promise<ScanItemOutcome> {
    const order = await this.#packable(tx, input.order, true);
    const item = input.sku !== undefined ? await this.#skuByCode(tx.db, input.sku) : input.barcode !== undefined ? await this.#classifyItem(tx.db, input.barcode) : undefined;
    if (!item) {
      if (input.sku !== undefined) throw new DomainError(PackErrorCode.NotAnItem, `no SKU ${JSON.stringify(input.sku)}`);
      throw new InputError("PACK_SCAN_INPUT", "give the scanned barcode or the SKU");
    }
    const state = await this.#state(tx.db, order);
    const belongsTo = state.lines.some((l) => l.sku === item.sku) ? [] : await this.#ordersNeeding(tx.db, item.sku, order.id);
    const r = scanPackItem(state, item.sku, { name: item.name, belongsTo });
    if (!r.ok) throw r.error;
    const out = r.value;
    const openRow = out.openedCarton ? undefined : await tx.db.selectFrom("cartons").select(["id", "warehouse"]).where("order_id", "=", order.id).where("carton_no", "=", out.cartonNo).executeTakeFirstOrThrow();
    const warehouse = openRow?.warehouse ?? (await this.#cartonWarehouse(tx.db, order, out.lineNo, input.warehouse));
    const source = checkPackSource(await this.#sourceFacts(tx.db, order, out.lineNo, item.sku, warehouse));
    if (!source.ok) throw source.error;
    const cartonId = openRow ? Number(openRow.id) : await this.#insertCarton(tx, order, out.cartonNo, warehouse, ctx);
    const existing = await tx.db.selectFrom("carton_items").select("quantity").where("carton_id", "=", cartonId).where("line_no", "=", out.lineNo).executeTakeFirst();
    if (existing) {
      await tx.db.updateTable("carton_items").set({ quantity: existing.quantity + 1 }).where("carton_id", "=", cartonId).where("line_no", "=", out.lineNo).execute();
    } else {
      await tx.db.insertInto("carton_items").values({ carton_id: cartonId, line_no: out.lineNo, sku: item.sku, quantity: 1 }).execute();
    }
    const upd = await tx.db
      .updateTable("order_lines")
      .set((eb) => ({ packed_quantity: eb("packed_quantity", "+", 1) }))
      .where("order_id", "=", order.id)
      .where("line_no", "=", out.lineNo)
      .where((eb) => eb("packed_quantity", "<", eb("quantity", "-", eb.ref("backordered_quantity"))))
      .executeTakeFirst();
    if (Number(upd.numUpdatedRows) !== 1) throw new DomainError(PackErrorCode.Overpack, `order ${order.number}: line ${out.lineNo} is already fully packed`);
    // the carton changed: a weight taken before no longer counts
    await tx.db
      .updateTable("cartons")
      .set({ measured_weight_grams: null, expected_weight_grams: null, weight_verdict: null, weight_override_by: null, weight_override_reason: null })
      .where("id", "=", cartonId)
      .execute();
    return {
      orderNumber: order.number,
      sku: item.sku,
      name: item.name,
      lineNo: out.lineNo,
      cartonNo: out.cartonNo,
      openedCarton: out.openedCarton,
      packed: out.packed,
      ordered: out.ordered,
      remaining: packProgress(out.state).remaining.reduce((a, x) => a + x.quantity, 0),
    };
  }

  /** Choose the box for the open carton (opening one if needed). Another box than suggested needs a reason, which is recorded. */
  async chooseBox(tx: StoreTransaction, input: { readonly order: string; readonly box: string; readonly reason?: string; readonly warehouse?: string }, ctx: ActorContext): Promise<PackView> {
    const order = await this.#packable(tx, input.order, true);
    const boxes = await this.#boxes(tx.db);
    const box = boxes.find((b) => b.code === input.box);
    if (!box) throw new DomainError(PackErrorCode.BoxUnknown, `no box type ${JSON.stringify(input.box)} (known: ${boxes.map((b) => b.code).join(", ") || "none"})`);
    const state = await this.#state(tx.db, order);
    let open = openCartonOf(state);
    const suggested = await this.#suggestBox(tx.db, state, boxes);
    const reason = input.reason?.trim();
    if (suggested && suggested !== box.code && !reason) {
      throw new DomainError(PackErrorCode.BoxReasonRequired, `cartonization suggests ${suggested} for this carton; give a reason to use ${box.code}`, { suggested, chosen: box.code });
    }
    if (!open) {
      if (packProgress(state).remaining.length === 0) throw new DomainError(PackErrorCode.AllPacked, `order ${order.number}: every item is already packed`);
      const cartonNo = state.cartons.reduce((a, c) => Math.max(a, c.cartonNo), 0) + 1;
      await this.#insertCarton(tx, order, cartonNo, input.warehouse, ctx);
      open = { cartonNo, status: "open", items: [] };
    }
    await tx.db
      .updateTable("cartons")
      .set({
        box_type: box.code,
        box_suggested: suggested !== undefined && suggested !== box.code ? suggested : null,
        box_reason: suggested !== box.code ? (reason ?? null) : null,
        measured_weight_grams: null,
        expected_weight_grams: null,
        weight_verdict: null,
        weight_override_by: null,
        weight_override_reason: null,
      })
      .where("order_id", "=", order.id)
      .where("carton_no", "=", open.cartonNo)
      .execute();
    return this.#view(tx.db, order);
  }

  /** Check the open carton's stable weight against items + tare. Outside tolerance: refused, unless a supervisor overrides with a reason. */
  async recordWeight(tx: StoreTransaction, input: { readonly order: string; readonly grams: number; readonly override?: WeightOverride }, ctx: ActorContext): Promise<WeightOutcome> {
    const order = await this.#packable(tx, input.order, true);
    const state = await this.#state(tx.db, order);
    const open = openCartonOf(state);
    if (!open) throw new DomainError(PackErrorCode.NoOpenCarton, `order ${order.number} has no open carton to weigh`);
    if (open.items.length === 0) throw new DomainError(PackErrorCode.CartonEmpty, `carton ${open.cartonNo} of order ${order.number} is empty; scan items into it first`);
    const row = await tx.db.selectFrom("cartons").select(["id", "box_type"]).where("order_id", "=", order.id).where("carton_no", "=", open.cartonNo).executeTakeFirstOrThrow();
    const boxes = await this.#boxes(tx.db);
    const items = await this.#packItems(tx.db, open);
    const box = row.box_type ? boxes.find((b) => b.code === row.box_type) : smallestFittingBox(items, boxes, this.#cartonizeOptions());
    if (!box) throw new DomainError(PackErrorCode.NoBoxFits, `no box type holds carton ${open.cartonNo}'s contents; choose a box (with a reason) before weighing`);
    const check = checkWeight(expectedCartonWeightGrams(items, box), input.grams, this.#config.tolerance ?? {});
    let overriddenBy: string | undefined;
    if (check.verdict !== "ok") {
      if (!input.override) throw new DomainError(PackErrorCode.WeightOutOfTolerance, check.message, { ...check, cartonNo: open.cartonNo });
      overriddenBy = await this.#supervisor(tx.db, input.override);
    }
    await tx.db
      .updateTable("cartons")
      .set({
        box_type: box.code,
        expected_weight_grams: check.expectedGrams,
        measured_weight_grams: check.measuredGrams,
        weight_verdict: check.verdict,
        weight_override_by: overriddenBy ?? null,
        weight_override_reason: overriddenBy ? input.override!.reason.trim() : null,
      })
      .where("id", "=", row.id)
      .execute();
    if (overriddenBy) {
      await tx.writeOutbox(
        order.id,
        "packing.weight.overridden.v1",
        { orderNumber: order.number, cartonNo: open.cartonNo, expectedGrams: check.expectedGrams, measuredGrams: check.measuredGrams, verdict: check.verdict, supervisor: overriddenBy, reason: input.override!.reason.trim(), by: ctx.actor },
        ctx.now,
      );
    }
    return { cartonNo: open.cartonNo, box: box.code, check, ...(overriddenBy ? { overriddenBy } : {}) };
  }

  /**
   * Close the open carton: SSCC from the store sequence, shipment through the carrier port, label
   * data stored (and rendered when a renderer is configured). When every ordered unit is in a closed
   * carton the order goes Packed (audited) and `order.packed.v1` is written to the outbox.
   */
  async closeCarton(tx: StoreTransaction, input: { readonly order: string; readonly format?: LabelFormat; readonly dpi?: LabelDpi }, ctx: ActorContext): Promise<CloseCartonOutcome> {
    const order = await this.#packable(tx, input.order, true);
    const state = await this.#state(tx.db, order);
    const closed = closePackCarton(state);
    if (!closed.ok) throw closed.error;
    const cartonNo = closed.value.cartonNo;
    const row = await tx.db.selectFrom("cartons").selectAll().where("order_id", "=", order.id).where("carton_no", "=", cartonNo).executeTakeFirstOrThrow();
    if (row.measured_weight_grams === null || (row.weight_verdict !== "ok" && row.weight_override_by === null)) {
      throw new DomainError(PackErrorCode.WeightMissing, `carton ${cartonNo} of order ${order.number} has not been weighed since its last change; put it on the scale`);
    }
    const boxes = await this.#boxes(tx.db);
    const box = boxes.find((b) => b.code === row.box_type);
    if (!box) throw new DomainError(PackErrorCode.NoBoxFits, `carton ${cartonNo} has no box type; choose one`);

    const sequence = new StoreSerialSequence(tx.db);
    const sscc = await new SsccAllocator(this.#sscc, sequence).next();
    // n of m: cartons closed so far + this one + what cartonization needs for the rest
    const after = closed.value.state;
    const rest = await this.#plan(tx.db, after, boxes);
    const count = after.cartons.filter((c) => c.status === "closed").length + rest.cartons.length + rest.unpackable.reduce((a, u) => a + u.quantity, 0);
    const weightGrams = row.measured_weight_grams;
    const log = new TxShipmentLog(
      tx.db,
      ctx.now,
      { orderId: order.id, cartonId: row.id, warehouse: row.warehouse, weightGrams, label: (l) => ({ ...l, carton: { index: cartonNo, count: Math.max(count, cartonNo) } }) },
      tx.dialect,
    );
    const carrier = this.#carrier(sequence, log, ctx.now);
    const warehouse = await tx.db.selectFrom("warehouses").select(["address", "time_zone"]).where("code", "=", row.warehouse).executeTakeFirstOrThrow();
    const shipment = await carrier.createShipment({
      shipmentNumber: `${order.number}-${cartonNo}`,
      origin: { warehouse: row.warehouse, timeZone: warehouse.time_zone },
      orderNumber: order.number,
      service: this.#service(order.service),
      shipFrom: labelAddress(JSON.parse(warehouse.address) as Address),
      shipTo: labelAddress(order.shipTo),
      parcels: [{ weightKg: Math.round(weightGrams) / 1000, sscc, dimensions: { lengthCm: box.innerLengthMm / 10, widthCm: box.innerWidthMm / 10, heightCm: box.innerHeightMm / 10 } }],
    });
    if (log.recordedId === undefined || !log.recordedLabel) throw new Error(`carrier ${carrier.code} did not record shipment ${shipment.shipmentNumber}`);
    await tx.db.updateTable("cartons").set({ status: "closed", sscc, closed_by: ctx.actor, closed_at: iso(ctx.now) }).where("id", "=", row.id).execute();
    const trackingNumber = shipment.parcels[0]!.trackingNumber;
    await tx.writeOutbox(
      order.id,
      "shipment.created.v1",
      { orderNumber: order.number, shipmentNumber: shipment.shipmentNumber, cartonNo, sscc, trackingNumber, carrier: shipment.carrier.code, service: shipment.service.code, weightKg: Math.round(weightGrams) / 1000, shipDate: shipment.shipDate, warehouse: row.warehouse, box: box.code },
      ctx.now,
    );
    if (closed.value.complete) {
      const cartons = after.cartons.length;
      await tx.applyOrderEvent(order.number, { type: "MarkPacked", cartons }, ctx);
      const tracking = await tx.db.selectFrom("shipments").select(["shipment_number", "tracking_number", "sscc"]).where("order_id", "=", order.id).orderBy("id").execute();
      await tx.writeOutbox(
        order.id,
        "order.packed.v1",
        { orderNumber: order.number, cartons, shipments: tracking.map((t) => ({ shipmentNumber: t.shipment_number, trackingNumber: t.tracking_number, sscc: t.sscc })) },
        ctx.now,
      );
    }
    const format = input.format ?? this.#config.labelFormat ?? "pdf";
    const dpi = input.dpi ?? this.#config.labelDpi ?? 203;
    const bytes = this.#config.labels ? await this.#config.labels.render(log.recordedLabel, format, dpi) : undefined;
    return {
      orderNumber: order.number,
      cartonNo,
      sscc,
      shipmentId: log.recordedId,
      shipmentNumber: shipment.shipmentNumber,
      trackingNumber,
      carrier: shipment.carrier.code,
      label: { data: log.recordedLabel, format, dpi, ...(bytes ? { bytes } : {}) },
      orderPacked: closed.value.complete,
      cartons: closed.value.complete ? after.cartons.length : Math.max(count, cartonNo),
    };
  }

  /** Packed → Shipped, with the first carton's tracking number (explicit, or by the manifest close-out). */
  async ship(tx: StoreTransaction, input: { readonly order: string }, ctx: ActorContext): Promise<TransitionOutput> {
    const order = await tx.loadOrder(input.order, { lock: true });
    if (!order) throw this.#notFound(input.order);
    const first = await tx.db.selectFrom("shipments").select(["tracking_number", "carrier"]).where("order_id", "=", order.id).orderBy("id").executeTakeFirst();
    if (!first) throw new DomainError("SHIP_NO_SHIPMENT", `order ${order.number} has no shipment: pack it first`);
    return tx.applyOrderEvent(order.number, { type: "Ship", trackingNumber: first.tracking_number, carrier: first.carrier }, ctx);
  }

  /**
   * Close out one warehouse's day with the carrier: that warehouse's shipments of `date` (its local
   * day) that are on no manifest yet go on a new manifest (numbered 1, 2, … per carrier, warehouse and
   * day; shipments created after a close-out go on the next one), stamped with its number; then every
   * Packed order on it whose shipments are all on manifests ships. Nothing new → `MANIFEST_EMPTY`.
   */
  async closeOutManifest(tx: StoreTransaction, input: { readonly date: string; readonly warehouse: string }, ctx: ActorContext): Promise<ManifestOutcome> {
    const wh = await tx.db.selectFrom("warehouses").select(["code", "address"]).where("code", "=", input.warehouse).executeTakeFirst();
    if (!wh) {
      const known = (await tx.db.selectFrom("warehouses").select("code").orderBy("code").execute()).map((w) => w.code);
      throw new InputError("WAREHOUSE_UNKNOWN", `no warehouse ${JSON.stringify(input.warehouse)} (known: ${known.join(", ") || "none"})`, [{ field: "warehouse", message: `unknown warehouse ${JSON.stringify(input.warehouse)}` }]);
    }
    const log = new TxShipmentLog(tx.db, ctx.now, undefined, tx.dialect);
    const carrier = this.#carrier(new StoreSerialSequence(tx.db), log, ctx.now);
    const manifest = await carrier.closeOut({ date: input.date, warehouse: wh.code, shipFrom: labelAddress(JSON.parse(wh.address) as Address) });
    const stored = await tx.db.selectFrom("manifests").select("sequence").where("manifest_number", "=", manifest.manifestNumber).executeTakeFirstOrThrow();
    const shipped: string[] = [];
    const notShipped: { order: string; status: string; reason: string }[] = [];
    for (const number of [...new Set(manifest.shipments.map((s) => s.orderNumber))]) {
      const order = await tx.loadOrder(number, { lock: true });
      if (!order) continue;
      if (order.status !== "Packed") {
        notShipped.push({ order: number, status: order.status, reason: order.status === "Processing" ? "still being packed" : `order is ${order.status}` });
        continue;
      }
      const open = await tx.db.selectFrom("shipments").select(["shipment_number", "warehouse"]).where("order_id", "=", order.id).where("manifest_number", "is", null).execute();
      if (open.length > 0) {
        notShipped.push({ order: number, status: order.status, reason: `shipments ${open.map((o) => `${o.shipment_number} (${o.warehouse})`).join(", ")} are not on a manifest yet` });
        continue;
      }
      await this.ship(tx, { order: number }, ctx);
      shipped.push(number);
    }
    return { manifest, warehouse: wh.code, sequence: stored.sequence, shipped, notShipped };
  }

  // ------------------------------------------------------------------ self-transacting twins

  /** Each step in its own transaction (CLI, tests). `own.closeCarton` also prints after the commit when given a printer. */
  readonly own = {
    start: (input: { readonly order?: string; readonly tote?: string }) => this.#store.transaction((tx) => this.start(tx, input)),
    view: (orderRef: string) => this.#store.transaction((tx) => this.view(tx, orderRef)),
    scanItem: (input: ScanItemInput, ctx: ActorContext) => this.#store.transaction((tx) => this.scanItem(tx, input, ctx)),
    chooseBox: (input: { readonly order: string; readonly box: string; readonly reason?: string; readonly warehouse?: string }, ctx: ActorContext) =>
      this.#store.transaction((tx) => this.chooseBox(tx, input, ctx)),
    recordWeight: (input: { readonly order: string; readonly grams: number; readonly override?: WeightOverride }, ctx: ActorContext) =>
      this.#store.transaction((tx) => this.recordWeight(tx, input, ctx)),
    closeCarton: async (
      input: { readonly order: string; readonly format?: LabelFormat; readonly dpi?: LabelDpi; readonly printer?: string },
      ctx: ActorContext,
    ): Promise<CloseCartonOutcome & { readonly print?: PrintOutcome }> => {
      const out = await this.#store.transaction((tx) => this.closeCarton(tx, input, ctx));
      if (input.printer === undefined) return out;
      return { ...out, print: await this.printLabel(out.label, input.printer, `Label ${out.shipmentNumber}`) };
    },
    ship: (input: { readonly order: string }, ctx: ActorContext) => this.#store.transaction((tx) => this.ship(tx, input, ctx)),
    closeOutManifest: (input: { readonly date: string; readonly warehouse: string }, ctx: ActorContext) => this.#store.transaction((tx) => this.closeOutManifest(tx, input, ctx)),
  };

  /** Send a rendered label to a printer; a failure is reported, not thrown (the carton is closed; reprint with `pickpack label`). */
  async printLabel(label: { readonly format: LabelFormat; readonly dpi?: LabelDpi; readonly bytes?: Uint8Array }, target: string, title: string): Promise<PrintOutcome> {
    if (!this.#config.printer) return { printed: false, target, error: { code: "PRINTER_NOT_CONFIGURED", message: "no printer adapter configured" } };
    if (!label.bytes) return { printed: false, target, error: { code: "LABEL_NOT_RENDERED", message: "no label renderer configured" } };
    try {
      const r = await this.#config.printer.print(target, { format: label.format, bytes: label.bytes, ...(label.dpi ? { dpi: label.dpi } : {}) }, title);
      return { printed: true, target: r.target, ...(r.jobId ? { jobId: r.jobId } : {}) };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      return { printed: false, target, error: { code: err.code ?? "PRINT_FAILED", message: err.message ?? String(e) } };
    }
  }

  // ------------------------------------------------------------------ reads

  /** A shipment by its shipment number (e.g. SO-100001-1) or numeric id. */
  async getShipment(ref: string): Promise<ShipmentRecord | undefined> {
    const db = this.#store.kysely;
    const base = db
      .selectFrom("shipments")
      .innerJoin("orders", "orders.id", "shipments.order_id")
      .innerJoin("cartons", "cartons.id", "shipments.carton_id")
      .select([
        "shipments.id",
        "shipments.shipment_number",
        "orders.number as order_number",
        "cartons.carton_no",
        "shipments.warehouse",
        "shipments.carrier",
        "shipments.service",
        "shipments.tracking_number",
        "shipments.sscc",
        "shipments.weight_grams",
        "shipments.ship_date",
        "shipments.created_at",
        "shipments.manifest_number",
        "shipments.label_data",
      ]);
    let row = await base.where("shipments.shipment_number", "=", ref).executeTakeFirst();
    if (!row && /^\d{1,9}$/.test(ref)) row = await base.where("shipments.id", "=", Number(ref)).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: Number(row.id),
      shipmentNumber: row.shipment_number,
      orderNumber: row.order_number,
      cartonNo: row.carton_no,
      warehouse: row.warehouse,
      carrier: row.carrier,
      service: row.service,
      trackingNumber: row.tracking_number,
      sscc: row.sscc,
      weightGrams: row.weight_grams,
      shipDate: row.ship_date,
      createdAt: row.created_at,
      manifestNumber: row.manifest_number ?? undefined,
      label: JSON.parse(row.label_data) as ShippingLabelData,
    };
  }

  async listShipments(filter: { readonly order?: string; readonly date?: string } = {}): Promise<readonly ShipmentRecord[]> {
    let q = this.#store.kysely.selectFrom("shipments").innerJoin("orders", "orders.id", "shipments.order_id").select("shipments.shipment_number").orderBy("shipments.id");
    if (filter.order) q = q.where((eb) => eb.or([eb("orders.number", "=", filter.order!), ...(/^\d+$/.test(filter.order!) ? [eb("orders.id", "=", Number(filter.order))] : [])]));
    if (filter.date) q = q.where("shipments.ship_date", "=", filter.date);
    const rows = await q.execute();
    const out: ShipmentRecord[] = [];
    for (const r of rows) out.push((await this.getShipment(r.shipment_number))!);
    return out;
  }

  /** Manifests, oldest first (optionally of one day and/or warehouse). */
  async listManifests(filter: { readonly date?: string; readonly warehouse?: string } = {}): Promise<readonly ManifestRecord[]> {
    let q = this.#store.kysely.selectFrom("manifests").selectAll().orderBy("date").orderBy("warehouse").orderBy("carrier").orderBy("sequence");
    if (filter.date) q = q.where("date", "=", filter.date);
    if (filter.warehouse) q = q.where("warehouse", "=", filter.warehouse);
    return (await q.execute()).map((r) => {
      const manifest = JSON.parse(r.data) as ManifestData;
      return { manifestNumber: r.manifest_number, carrier: r.carrier, warehouse: r.warehouse, date: r.date, sequence: r.sequence, createdAt: r.created_at, shipments: manifest.shipments.length, manifest };
    });
  }

  /** One stored manifest by its number (e.g. LC-WH1-20261122-1), for a reprint. */
  async getManifest(manifestNumber: string): Promise<ManifestRecord | undefined> {
    const r = await this.#store.kysely.selectFrom("manifests").selectAll().where("manifest_number", "=", manifestNumber).executeTakeFirst();
    if (!r) return undefined;
    const manifest = JSON.parse(r.data) as ManifestData;
    return { manifestNumber: r.manifest_number, carrier: r.carrier, warehouse: r.warehouse, date: r.date, sequence: r.sequence, createdAt: r.created_at, shipments: manifest.shipments.length, manifest };
  }

  /** Warehouses (and carriers) with shipments of `date` not on a manifest yet: what a close-out of that day would take. */
  async pendingCloseOuts(date: string): Promise<readonly PendingCloseOut[]> {
    const rows = await this.#store.kysely
      .selectFrom("shipments")
      .select(["warehouse", "carrier", (eb) => eb.fn.countAll<number>().as("n")])
      .where("ship_date", "=", date)
      .where("manifest_number", "is", null)
      .groupBy(["warehouse", "carrier"])
      .orderBy("warehouse")
      .orderBy("carrier")
      .execute();
    return rows.map((r) => ({ warehouse: r.warehouse, carrier: r.carrier, shipments: Number(r.n) }));
  }

  /** Codes of the defined warehouses. */
  async warehouseCodes(): Promise<readonly string[]> {
    return (await this.#store.kysely.selectFrom("warehouses").select("code").orderBy("code").execute()).map((w) => w.code);
  }

  /** Delivery note data for an order: its closed cartons with their items (or the ordered lines when nothing is packed yet). */
  async packingSlip(orderRef: string, paper: PaperSize = "A4"): Promise<PackingSlipData> {
    return this.#store.transaction(async (tx) => {
      const order = await tx.loadOrder(orderRef);
      if (!order) throw this.#notFound(orderRef);
      const names = await this.#skuNames(tx.db, order.lines.map((l) => l.sku));
      const cartons = await tx.db
        .selectFrom("cartons")
        .leftJoin("shipments", "shipments.carton_id", "cartons.id")
        .select(["cartons.id", "cartons.carton_no", "cartons.warehouse", "cartons.sscc", "shipments.tracking_number", "shipments.shipment_number"])
        .where("cartons.order_id", "=", order.id)
        .where("cartons.status", "=", "closed")
        .orderBy("cartons.carton_no")
        .execute();
      const items = cartons.length === 0 ? [] : await tx.db.selectFrom("carton_items").selectAll().where("carton_id", "in", cartons.map((c) => c.id)).orderBy("line_no").execute();
      const whCode = cartons[0]?.warehouse ?? (await this.#defaultWarehouse(tx.db, order.id));
      const wh = await tx.db.selectFrom("warehouses").select("address").where("code", "=", whCode).executeTakeFirstOrThrow();
      const slipCartons =
        cartons.length > 0
          ? cartons.map((c) => ({
              index: c.carton_no,
              ...(c.sscc ? { sscc: c.sscc } : {}),
              ...(c.tracking_number ? { trackingNumber: c.tracking_number } : {}),
              items: items.filter((i) => i.carton_id === c.id).map((i) => ({ sku: i.sku, description: names.get(i.sku) ?? i.sku, quantity: i.quantity })),
            }))
          : [{ index: 1, items: order.lines.map((l) => ({ sku: l.sku, description: names.get(l.sku) ?? l.sku, quantity: l.quantity })) }];
      return {
        paper,
        orderNumber: order.number,
        orderDate: iso(order.createdAt).slice(0, 10),
        ...(cartons.length === 1 && cartons[0]!.shipment_number ? { shipmentNumber: cartons[0]!.shipment_number } : {}),
        shipFrom: labelAddress(JSON.parse(wh.address) as Address),
        shipTo: labelAddress(order.shipTo),
        cartons: slipCartons,
        ...(cartons.length === 0 ? { note: "Not packed yet: ordered items listed." } : {}),
      };
    });
  }

  // ------------------------------------------------------------------ internals

  #cartonizeOptions() {
    return this.#config.fillFactor !== undefined ? { fillFactor: this.#config.fillFactor } : {};
  }

  #notFound(ref: string): DomainError {
    return new DomainError(PackErrorCode.OrderNotFound, `no order ${JSON.stringify(ref)}`);
  }

  #service(orderService: string): string {
    const map = this.#config.serviceMap ?? DEFAULT_SERVICE_MAP;
    return map[orderService] ?? map[orderService.toLowerCase()] ?? this.#config.defaultService ?? "NEXTDAY";
  }

  #carrier(sequence: SerialSequence, log: CarrierShipmentLog, now: number): CarrierPort {
    const clock: Clock = { now: () => now };
    if (this.#config.carrier) return this.#config.carrier({ sequence, log, clock });
    return new LocalCourier({ sequence, log, clock });
  }

  async #packable(tx: StoreTransaction, ref: string, lock: boolean): Promise<Order> {
    const order = await tx.loadOrder(ref, { lock });
    if (!order) throw this.#notFound(ref);
    if (order.status !== "Processing") {
      const why =
        order.status === "Packed" ? "it is already packed" : order.status === "Confirmed" ? "it has not been released for picking yet" : `it is ${order.status}`;
      throw new DomainError(PackErrorCode.OrderNotPackable, `order ${order.number} cannot be packed: ${why}`, { status: order.status });
    }
    return order;
  }

  async #state(db: Q, order: Order): Promise<PackState> {
    const cartons = await db.selectFrom("cartons").select(["id", "carton_no", "status"]).where("order_id", "=", order.id).orderBy("carton_no").execute();
    const items = cartons.length === 0 ? [] : await db.selectFrom("carton_items").selectAll().where("carton_id", "in", cartons.map((c) => c.id)).orderBy("line_no").execute();
    return {
      orderNumber: order.number,
      // back-ordered units are not expected in any carton: the order ships without them
      lines: order.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, ordered: l.quantity - l.backorderedQuantity, packed: l.packedQuantity })),
      cartons: cartons.map((c) => ({
        cartonNo: c.carton_no,
        status: c.status === "open" ? "open" : "closed",
        items: items.filter((i) => i.carton_id === c.id).map((i) => ({ lineNo: i.line_no, sku: i.sku, quantity: i.quantity })),
      })),
    };
  }

  async #boxes(db: Q): Promise<BoxType[]> {
    const rows = await db.selectFrom("box_types").selectAll().execute();
    return rows.map((b) => ({
      code: b.code,
      name: b.name,
      innerLengthMm: b.inner_length_mm,
      innerWidthMm: b.inner_width_mm,
      innerHeightMm: b.inner_height_mm,
      tareGrams: b.tare_grams,
      maxWeightGrams: b.max_weight_grams,
    }));
  }

  async #packItems(db: Q, carton: { readonly items: readonly { readonly sku: string; readonly quantity: number }[] }): Promise<PackItem[]> {
    const skus = [...new Set(carton.items.map((i) => i.sku))];
    if (skus.length === 0) return [];
    const rows = await db.selectFrom("skus").select(["sku", "weight_grams", "length_mm", "width_mm", "height_mm"]).where("sku", "in", skus).execute();
    const by = new Map(rows.map((r) => [r.sku, r]));
    const merged = new Map<string, number>();
    for (const i of carton.items) merged.set(i.sku, (merged.get(i.sku) ?? 0) + i.quantity);
    return [...merged].map(([sku, quantity]) => {
      const r = by.get(sku)!;
      return { sku, quantity, weightGrams: r.weight_grams, lengthMm: r.length_mm, widthMm: r.width_mm, heightMm: r.height_mm };
    });
  }

  async #plan(db: Q, state: PackState, boxes: readonly BoxType[]): Promise<Cartonization> {
    const remaining = packProgress(state).remaining;
    return cartonize(await this.#packItems(db, { items: remaining }), boxes, this.#cartonizeOptions());
  }

  async #suggestBox(db: Q, state: PackState, boxes: readonly BoxType[]): Promise<string | undefined> {
    const open = openCartonOf(state);
    if (open && open.items.length > 0) return smallestFittingBox(await this.#packItems(db, open), boxes, this.#cartonizeOptions())?.code;
    return (await this.#plan(db, state, boxes)).cartons[0]?.box.code;
  }

  async #view(db: Q, order: Order): Promise<PackView> {
    const state = await this.#state(db, order);
    const boxes = await this.#boxes(db);
    const names = await this.#skuNames(db, order.lines.map((l) => l.sku));
    const rows = await db
      .selectFrom("cartons")
      .leftJoin("shipments", "shipments.carton_id", "cartons.id")
      .select([
        "cartons.carton_no",
        "cartons.status",
        "cartons.warehouse",
        "cartons.box_type",
        "cartons.box_reason",
        "cartons.expected_weight_grams",
        "cartons.measured_weight_grams",
        "cartons.weight_verdict",
        "cartons.weight_override_by",
        "cartons.sscc",
        "shipments.shipment_number",
        "shipments.tracking_number",
      ])
      .where("cartons.order_id", "=", order.id)
      .orderBy("cartons.carton_no")
      .execute();
    const progress = packProgress(state);
    const u = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
    return {
      orderNumber: order.number,
      status: order.status,
      lines: state.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, name: names.get(l.sku) ?? l.sku, ordered: l.ordered, packed: l.packed })),
      cartons: rows.map((r) => ({
        cartonNo: r.carton_no,
        status: r.status === "open" ? "open" : "closed",
        warehouse: r.warehouse,
        box: u(r.box_type),
        boxReason: u(r.box_reason),
        items: state.cartons.find((c: PackCarton) => c.cartonNo === r.carton_no)?.items ?? [],
        expectedWeightGrams: u(r.expected_weight_grams),
        measuredWeightGrams: u(r.measured_weight_grams),
        weightVerdict: u(r.weight_verdict),
        weightOverrideBy: u(r.weight_override_by),
        sscc: u(r.sscc),
        shipmentNumber: u(r.shipment_number),
        trackingNumber: u(r.tracking_number),
      })),
      openCarton: progress.openCarton,
      suggestedBox: await this.#suggestBox(db, state, boxes),
      plan: await this.#plan(db, state, boxes),
      progress: { ordered: progress.ordered, packed: progress.packed, complete: progress.complete },
    };
  }

  async #skuNames(db: Q, skus: readonly string[]): Promise<Map<string, string>> {
    if (skus.length === 0) return new Map();
    const rows = await db.selectFrom("skus").select(["sku", "name"]).where("sku", "in", [...new Set(skus)]).execute();
    return new Map(rows.map((r) => [r.sku, r.name]));
  }

  async #skuByCode(db: Q, sku: string): Promise<{ sku: string; name: string } | undefined> {
    return db.selectFrom("skus").select(["sku", "name"]).where("sku", "=", sku).executeTakeFirst();
  }

  /** Classify a scan with core's classifyScan against the stored SKU barcodes. */
  async #classifyItem(db: Q, barcode: string): Promise<{ sku: string; name: string }> {
    const rules = this.#config.scanRules ? { config: this.#config.scanRules } : {};
    const second = await withStoredSkuLookup(db, (skus) => classifyScan(barcode, { skus, ...rules }));
    if (!second.ok) throw second.error;
    const c = second.value.classification;
    if (c.kind === "sku") return { sku: c.sku, name: c.name };
    const what = c.kind === "unknown" ? `${c.code}: ${c.reason}` : c.kind === "carton" && "sscc" in c ? `a carton (SSCC ${c.sscc})` : `a ${c.kind} (${"id" in c ? c.id : ""})`;
    throw new DomainError(PackErrorCode.NotAnItem, `scanned ${what}, expected an item of the order`, { kind: c.kind });
  }

  async #ordersNeeding(db: Q, sku: string, exceptOrderId: number): Promise<string[]> {
    const rows = await db
      .selectFrom("order_lines")
      .innerJoin("orders", "orders.id", "order_lines.order_id")
      .select("orders.number")
      .distinct()
      .where("order_lines.sku", "=", sku)
      .where("orders.status", "=", "Processing")
      .where("orders.id", "!=", exceptOrderId)
      .where((eb) => eb("order_lines.packed_quantity", "<", eb("order_lines.quantity", "-", eb.ref("order_lines.backordered_quantity"))))
      .orderBy("orders.number")
      .limit(3)
      .execute();
    return rows.map((r) => r.number);
  }

  async #supervisor(db: Q, o: WeightOverride): Promise<string> {
    if (!o.reason.trim()) throw new DomainError("PACK_OVERRIDE_REASON_REQUIRED", "a weight override needs a reason");
    const user = await db.selectFrom("users").select(["id", "role", "name"]).where((eb) => eb.or([eb("id", "=", o.supervisor), eb("badge", "=", o.supervisor)])).executeTakeFirst();
    if (!user) throw new DomainError(PackErrorCode.OverrideNotSupervisor, `no user ${JSON.stringify(o.supervisor)} (give a supervisor's id or badge)`);
    if (user.role !== "supervisor") throw new DomainError(PackErrorCode.OverrideNotSupervisor, `${user.name} (${user.id}) is a ${user.role}; only a supervisor can override a weight check`);
    return user.id;
  }

  async #defaultWarehouse(db: Q, orderId: number): Promise<string> {
    const held = await db
      .selectFrom("reservations")
      .select(["warehouse", (eb) => eb.fn.sum<number>("quantity").as("units")])
      .where("order_id", "=", orderId)
      .where("state", "in", ["allocated", "reserved", "shipped"])
      .groupBy("warehouse")
      .execute();
    held.sort((a, b) => Number(b.units) - Number(a.units) || a.warehouse.localeCompare(b.warehouse));
    if (held[0]) return held[0].warehouse;
    const first = await db.selectFrom("warehouses").select("code").orderBy("priority").orderBy("code").executeTakeFirst();
    if (!first) throw new DomainError("PACK_NO_WAREHOUSE", "no warehouse is defined");
    return first.code;
  }

  /** Check a warehouse given by the caller, or choose the default for a new carton of the order. */
  async #resolveWarehouse(db: Q, order: Order, warehouse: string | undefined): Promise<string> {
    if (warehouse !== undefined) {
      const known = await db.selectFrom("warehouses").select("code").where("code", "=", warehouse).executeTakeFirst();
      if (!known) throw new DomainError("PACK_WAREHOUSE_UNKNOWN", `no warehouse ${JSON.stringify(warehouse)}`);
      return warehouse;
    }
    const prev = await db.selectFrom("cartons").select("warehouse").where("order_id", "=", order.id).orderBy("carton_no", "desc").executeTakeFirst();
    return prev?.warehouse ?? (await this.#defaultWarehouse(db, order.id));
  }

  /**
   * The warehouse of a carton opened by scanning a unit of `lineNo`: the caller's, else the previous
   * carton's (or the order's main warehouse) when it still holds unpacked units of the line, else the
   * warehouse holding most unpacked units of the line.
   */
  async #cartonWarehouse(db: Q, order: Order, lineNo: number, warehouse: string | undefined): Promise<string> {
    const fallback = await this.#resolveWarehouse(db, order, warehouse);
    if (warehouse !== undefined) return fallback;
    // A waved order is packed where it was picked: the warehouse with the most picked, unpacked units of the line.
    const picked = await db
      .selectFrom("pick_list_lines")
      .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
      .select(["pick_lists.warehouse", (eb) => eb.fn.sum<number>("pick_list_lines.picked_quantity").as("q")])
      .where("pick_list_lines.order_id", "=", order.id)
      .where("pick_list_lines.line_no", "=", lineNo)
      .groupBy("pick_lists.warehouse")
      .execute();
    const packed = await this.#packedByWarehouse(db, order.id, lineNo);
    const ready = picked
      .map((p) => [p.warehouse, Number(p.q) - (packed.get(p.warehouse) ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (ready) return ready[0];
    const left = await this.#unpackedAllocation(db, order.id, lineNo);
    if ((left.get(fallback) ?? 0) > 0) return fallback;
    const best = [...left].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    return best ? best[0] : fallback;
  }

  async #allocatedByWarehouse(db: Q, orderId: number, lineNo: number): Promise<{ warehouse: string; quantity: number }[]> {
    const rows = await db
      .selectFrom("reservations")
      .select(["warehouse", (eb) => eb.fn.sum<number>("quantity").as("q")])
      .where("order_id", "=", orderId)
      .where("line_no", "=", lineNo)
      .where("state", "in", ["allocated", "shipped"])
      .groupBy("warehouse")
      .orderBy("warehouse")
      .execute();
    return rows.map((r) => ({ warehouse: r.warehouse, quantity: Number(r.q) }));
  }

  async #packedByWarehouse(db: Q, orderId: number, lineNo: number): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom("carton_items")
      .innerJoin("cartons", "cartons.id", "carton_items.carton_id")
      .select(["cartons.warehouse", (eb) => eb.fn.sum<number>("carton_items.quantity").as("q")])
      .where("cartons.order_id", "=", orderId)
      .where("carton_items.line_no", "=", lineNo)
      .groupBy("cartons.warehouse")
      .execute();
    return new Map(rows.map((r) => [r.warehouse, Number(r.q)]));
  }

  async #unpackedAllocation(db: Q, orderId: number, lineNo: number): Promise<Map<string, number>> {
    const packed = await this.#packedByWarehouse(db, orderId, lineNo);
    return new Map((await this.#allocatedByWarehouse(db, orderId, lineNo)).map((a) => [a.warehouse, a.quantity - (packed.get(a.warehouse) ?? 0)]));
  }

  /** What `checkPackSource` needs for one more unit of the line into a carton of `warehouse`. */
  async #sourceFacts(db: Q, order: Order, lineNo: number, sku: string, warehouse: string) {
    const allocated = await this.#allocatedByWarehouse(db, order.id, lineNo);
    const packedHere = (await this.#packedByWarehouse(db, order.id, lineNo)).get(warehouse) ?? 0;
    const lines = await db
      .selectFrom("pick_list_lines")
      .innerJoin("pick_lists", "pick_lists.id", "pick_list_lines.pick_list_id")
      .select(["pick_list_lines.line_no", "pick_list_lines.quantity", "pick_list_lines.picked_quantity", "pick_list_lines.status as line_status", "pick_lists.id", "pick_lists.wave_id", "pick_lists.status", "pick_lists.picker"])
      .where("pick_list_lines.order_id", "=", order.id)
      .where("pick_lists.warehouse", "=", warehouse)
      .where("pick_list_lines.status", "!=", "cancelled")
      .orderBy("pick_lists.id")
      .execute();
    const byList = new Map<number, { pickListId: number; waveId: number; status: string; picker: string | undefined; quantity: number; picked: number }>();
    for (const l of lines.filter((x) => x.line_no === lineNo)) {
      const e = byList.get(l.id) ?? { pickListId: l.id, waveId: l.wave_id, status: l.status, picker: l.picker ?? undefined, quantity: 0, picked: 0 };
      byList.set(l.id, { ...e, quantity: e.quantity + l.quantity, picked: e.picked + l.picked_quantity });
    }
    const waved = lines.length > 0 || (await db.selectFrom("pick_list_lines").select("id").where("order_id", "=", order.id).where("status", "!=", "cancelled").limit(1).executeTakeFirst()) !== undefined;
    return { orderNumber: order.number, lineNo, sku, warehouse, allocated, packedHere, waved, pickLists: [...byList.values()] };
  }

  async #insertCarton(tx: StoreTransaction, order: Order, cartonNo: number, warehouse: string | undefined, ctx: ActorContext): Promise<number> {
    const wh = await this.#resolveWarehouse(tx.db, order, warehouse);
    const row = await tx.db
      .insertInto("cartons")
      .values({
        order_id: order.id,
        carton_no: cartonNo,
        warehouse: wh,
        status: "open",
        box_type: null,
        box_suggested: null,
        box_reason: null,
        expected_weight_grams: null,
        measured_weight_grams: null,
        weight_verdict: null,
        weight_override_by: null,
        weight_override_reason: null,
        sscc: null,
        opened_by: ctx.actor,
        opened_at: iso(ctx.now),
        closed_by: null,
        closed_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

}

