/**
 * PackingService: the pack station's workflows over the store. Every workflow takes a
 * StoreTransaction first (so the gateway's scan record and its effect commit together), loads what it
 * needs through repository.ts, asks core/packing's rules, saves, and writes audit and outbox in that
 * transaction. `service.own.*` runs the same workflow in a transaction of its own (CLI, tests): one
 * path per workflow. Refusals throw DomainError with a stable code and change nothing (the caller's
 * transaction rolls back). Shipping steps live in shipping.ts, reads in queries.ts, printing in printing.ts.
 */
import { DomainError, InputError, boxToWeigh, checkBoxHolds, checkPackSource, checkPackable, checkSupervisor, checkWeight, chooseCartonBox, expectedCartonWeightGrams, NOT_WEIGHED, openCartonOf, packProgress, scanPackItem, validateSsccConfig, validateWeightTolerance, weighingOf, ssccOfScan, type BoxType, type CartonizeOptions, type LabelDpi, type LabelFormat, type Order, type PackingSlipData, type PaperSize, type SsccConfig, type TransitionOutput } from "@pickpack/core";
import type { SqlStore, StoreTransaction } from "../store.js";
import { identifyItem } from "./identify.js";
import { buildPackView, suggestBox } from "./pack-view.js";
import { printLabel } from "./printing.js";
import * as queries from "./queries.js";
import * as repo from "./repository.js";
import * as shipping from "./shipping.js";
import {
  DEFAULT_SSCC_CONFIG,
  type ActorContext,
  type ChooseBoxInput,
  type CloseCartonInput,
  type CloseCartonOutcome,
  type CloseOutInput,
  type CloseOutTarget,
  type ManifestOutcome,
  type ManifestRecord,
  type PackView,
  type PackingConfig,
  type PendingCloseOut,
  type PrintOutcome,
  type RecordWeightInput,
  type ScanItemInput,
  type ScanItemOutcome,
  type ShipInput,
  type ShipmentRecord,
  type WeightOutcome,
} from "./types.js";
import { packSourceFacts, resolveWarehouse, warehouseForNewCarton } from "./warehouse.js";

/** The workflows that run in a caller's transaction, as `own` runs them in a transaction of their own. */
type OwnTransaction<S> = { readonly [K in keyof S]: S[K] extends (tx: StoreTransaction, ...a: infer A) => Promise<infer R> ? (...a: A) => Promise<R> : never };
type Workflows = Pick<PackingService, "start" | "view" | "scanItem" | "chooseBox" | "recordWeight" | "ship" | "closeOutManifest">;

export class PackingService {
  readonly #store: SqlStore;
  readonly #config: PackingConfig;
  readonly #shipping: shipping.ShippingSettings;

  constructor(store: SqlStore, config: PackingConfig = {}) {
    const sscc: SsccConfig = config.sscc ?? DEFAULT_SSCC_CONFIG;
    validateSsccConfig(sscc);
    if (config.tolerance) validateWeightTolerance(config.tolerance);
    this.#store = store;
    this.#config = config;
    this.#shipping = { config, sscc, cartonize: this.#cartonize };
  }

  get #cartonize(): CartonizeOptions {
    return this.#config.fillFactor !== undefined ? { fillFactor: this.#config.fillFactor } : {};
  }

  // ------------------------------------------------------------------ workflows (inside the caller's transaction)

  /** Begin (or resume) packing an order, by order number/id or by tote. Returns what to pack. */
  async start(tx: StoreTransaction, input: { readonly order?: string; readonly tote?: string; readonly warehouse?: string | undefined }): Promise<PackView> {
    let ref = input.order;
    if (ref === undefined && input.tote !== undefined) {
      ref = this.#config.resolveTote ? await this.#config.resolveTote(tx, input.tote) : undefined;
      if (ref === undefined) throw new InputError("PACK_TOTE_UNKNOWN", `tote ${input.tote} is not assigned to any order waiting for packing`);
    }
    if (ref === undefined) throw new InputError("PACK_START_INPUT", "give an order number or a tote");
    const view = await buildPackView(tx.db, await this.#packable(tx, ref, false), this.#cartonize, input.warehouse);
    if (input.warehouse !== undefined && view.lines.length === 0 && view.elsewhere.length > 0) {
      const from = [...new Set(view.elsewhere.map((e) => e.warehouse))].join(" and ");
      throw new DomainError("PACK_SHIPS_ELSEWHERE", `order ${view.orderNumber} ships from ${from}: nothing of it is packed at this ${input.warehouse} station`, { orderNumber: view.orderNumber, warehouse: input.warehouse, shipsFrom: [...new Set(view.elsewhere.map((e) => e.warehouse))] });
    }
    return view;
  }

  /** The packing state of an order, any status; with `warehouse`, as a pack station of that warehouse sees it (what ships from elsewhere listed apart). */
  async view(tx: StoreTransaction, orderRef: string, warehouse?: string): Promise<PackView> {
    const order = await tx.loadOrder(orderRef);
    if (!order) throw queries.orderNotFound(orderRef);
    return buildPackView(tx.db, order, this.#cartonize, warehouse);
  }

  /** Verify one scanned unit against the order and put it into the open carton (opening one if needed). */
  async scanItem(tx: StoreTransaction, input: ScanItemInput, ctx: ActorContext): Promise<ScanItemOutcome> {
    const order = await this.#packable(tx, input.order, true);
    const item = input.sku !== undefined ? await repo.skuByCode(tx.db, input.sku) : input.barcode !== undefined ? await identifyItem(tx.db, input.barcode, this.#config.scanRules) : undefined;
    if (!item) {
      if (input.sku !== undefined) throw new DomainError("PACK_NOT_AN_ITEM", `no SKU ${JSON.stringify(input.sku)}`);
      throw new InputError("PACK_SCAN_INPUT", "give the scanned barcode or the SKU");
    }
    const state = await repo.loadPackState(tx.db, order);
    const belongsTo = state.lines.some((l) => l.sku === item.sku) ? [] : await repo.ordersNeeding(tx.db, item.sku, order.id);
    const r = scanPackItem(state, item.sku, { name: item.name, belongsTo });
    if (!r.ok) throw r.error;
    const out = r.value;
    const open = out.openedCarton ? undefined : await repo.cartonByNo(tx.db, order.id, out.cartonNo);
    const warehouse = open?.warehouse ?? (await warehouseForNewCarton(tx.db, order, out.lineNo, input.station ?? input.warehouse));
    const source = checkPackSource({ ...(await packSourceFacts(tx.db, order, out.lineNo, item.sku, warehouse)), atStation: input.station !== undefined && input.station === warehouse });
    if (!source.ok) throw source.error;
    if (open?.box_type) {
      // the box chosen for this carton must still hold it with this unit
      const box = (await repo.boxTypes(tx.db)).find((x) => x.code === open.box_type);
      const inCarton = openCartonOf(state)?.items ?? [];
      const holds = box ? checkBoxHolds(await repo.packItems(tx.db, [...inCarton, { sku: item.sku, quantity: 1 }]), box, out.cartonNo) : undefined;
      if (holds && !holds.ok) throw new DomainError(holds.error.code, `${holds.error.message}: nothing was packed; close this carton and pack it in the next one, or choose a bigger box`, holds.error.details);
    }
    const cartonId = open ? Number(open.id) : await repo.insertCarton(tx.db, { orderId: order.id, cartonNo: out.cartonNo, warehouse, actor: ctx.actor, now: ctx.now });
    await repo.addCartonUnit(tx.db, cartonId, out.lineNo, item.sku);
    if (!(await repo.incrementPacked(tx.db, order.id, out.lineNo))) throw new DomainError("PACK_OVERPACK", `order ${order.number}: line ${out.lineNo} is already fully packed`);
    await repo.setWeighing(tx.db, cartonId, NOT_WEIGHED); // the carton changed: a weight taken before no longer counts
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
  async chooseBox(tx: StoreTransaction, input: ChooseBoxInput, ctx: ActorContext): Promise<PackView> {
    const order = await this.#packable(tx, input.order, true);
    const boxes = await repo.boxTypes(tx.db);
    const box = boxes.find((b) => b.code === input.box);
    if (!box) throw new InputError("PACK_BOX_UNKNOWN", `no box type ${JSON.stringify(input.box)} (known: ${boxes.map((b) => b.code).join(", ") || "none"})`);
    const state = await repo.loadPackState(tx.db, order);
    const choice = chooseCartonBox(box.code, await suggestBox(tx.db, state, boxes, this.#cartonize), input.reason);
    if (!choice.ok) throw choice.error;
    const open = openCartonOf(state);
    if (open && open.items.length > 0) {
      const holds = checkBoxHolds(await repo.packItems(tx.db, open.items), box, open.cartonNo);
      if (!holds.ok) throw holds.error;
    }
    let cartonId: number;
    if (open) cartonId = (await repo.findCartonId(tx.db, order.id, open.cartonNo))!;
    else {
      if (packProgress(state).remaining.length === 0) throw new DomainError("PACK_ALL_PACKED", `order ${order.number}: every item is already packed`);
      const cartonNo = state.cartons.reduce((a, c) => Math.max(a, c.cartonNo), 0) + 1;
      const warehouse = await resolveWarehouse(tx.db, order.id, input.warehouse);
      cartonId = await repo.insertCarton(tx.db, { orderId: order.id, cartonNo, warehouse, actor: ctx.actor, now: ctx.now });
    }
    await repo.setBox(tx.db, cartonId, choice.value, NOT_WEIGHED); // another box: a weight taken before no longer counts
    return buildPackView(tx.db, order, this.#cartonize);
  }

  /** Check the open carton's stable weight against items + tare. Outside tolerance: refused, unless a supervisor overrides with a reason. */
  async recordWeight(tx: StoreTransaction, input: RecordWeightInput, ctx: ActorContext): Promise<WeightOutcome> {
    const order = await this.#packable(tx, input.order, true);
    const open = openCartonOf(await repo.loadPackState(tx.db, order));
    if (!open) throw new DomainError("PACK_NO_OPEN_CARTON", `order ${order.number} has no open carton to weigh`);
    if (open.items.length === 0) throw new DomainError("PACK_CARTON_EMPTY", `carton ${open.cartonNo} of order ${order.number} is empty; scan items into it first`);
    const row = await repo.cartonByNo(tx.db, order.id, open.cartonNo);
    const items = await repo.packItems(tx.db, open.items);
    const box = boxToWeigh(row.box_type ?? undefined, items, await repo.boxTypes(tx.db), this.#cartonize, open.cartonNo);
    if (!box.ok) throw box.error;
    const check = checkWeight(expectedCartonWeightGrams(items, box.value), input.grams, this.#config.tolerance ?? {});
    let override: { supervisor: string; reason: string } | undefined;
    if (check.verdict !== "ok") {
      if (!input.override) throw new DomainError("PACK_WEIGHT_OUT_OF_TOLERANCE", check.message, { ...check, cartonNo: open.cartonNo });
      const who = checkSupervisor(input.override, await repo.userByIdOrBadge(tx.db, input.override.supervisor));
      if (!who.ok) throw who.error;
      override = who.value;
    }
    await repo.setWeighing(tx.db, row.id, weighingOf(check, override), box.value.code);
    if (override) {
      await tx.writeOutbox(
        order.id,
        "packing.weight.overridden.v1",
        { orderNumber: order.number, cartonNo: open.cartonNo, expectedGrams: check.expectedGrams, measuredGrams: check.measuredGrams, verdict: check.verdict, supervisor: override.supervisor, reason: override.reason, by: ctx.actor },
        ctx.now,
      );
    }
    return { cartonNo: open.cartonNo, box: box.value.code, check, ...(override ? { overriddenBy: override.supervisor } : {}) };
  }

  /**
   * Close the open carton: SSCC from the store sequence, shipment through the carrier port, label
   * data stored (and rendered when a renderer is configured). When every ordered unit is in a closed
   * carton the order goes Packed (audited) and `order.packed.v1` is written to the outbox.
   */
  async closeCarton(tx: StoreTransaction, input: CloseCartonInput, ctx: ActorContext): Promise<CloseCartonOutcome> {
    return shipping.closeCarton(this.#shipping, tx, await this.#packable(tx, input.order, true), input, ctx);
  }

  /** Packed → Shipped: the one ship path. With `trackingNumber` (a carrier outside pickpack) as given, else with the first carton's. */
  async ship(tx: StoreTransaction, input: ShipInput, ctx: ActorContext): Promise<TransitionOutput> {
    return shipping.ship(tx, input, ctx);
  }

  /**
   * Close out one warehouse's day with the carrier: that warehouse's shipments of `date` (its local
   * day) that are on no manifest yet go on a new manifest (numbered 1, 2, … per carrier, warehouse and
   * day; shipments created after a close-out go on the next one), stamped with its number; then every
   * Packed order on it whose shipments are all on manifests ships. Nothing new → `MANIFEST_EMPTY`.
   */
  async closeOutManifest(tx: StoreTransaction, input: CloseOutInput, ctx: ActorContext): Promise<ManifestOutcome> {
    return shipping.closeOutManifest(this.#shipping, tx, input, ctx);
  }

  // ------------------------------------------------------------------ the same workflows, each in its own transaction

  /** Each workflow in a transaction of its own (CLI, tests). `own.closeCarton` also prints after the commit when given a printer. */
  readonly own: OwnTransaction<Workflows> & {
    closeCarton(input: CloseCartonInput & { readonly printer?: string }, ctx: ActorContext): Promise<CloseCartonOutcome & { readonly print?: PrintOutcome }>;
  } = {
    start: (input) => this.#store.transaction((tx) => this.start(tx, input)),
    view: (orderRef) => this.#store.transaction((tx) => this.view(tx, orderRef)),
    scanItem: (input, ctx) => this.#store.transaction((tx) => this.scanItem(tx, input, ctx)),
    chooseBox: (input, ctx) => this.#store.transaction((tx) => this.chooseBox(tx, input, ctx)),
    recordWeight: (input, ctx) => this.#store.transaction((tx) => this.recordWeight(tx, input, ctx)),
    ship: (input, ctx) => this.#store.transaction((tx) => this.ship(tx, input, ctx)),
    closeOutManifest: (input, ctx) => this.#store.transaction((tx) => this.closeOutManifest(tx, input, ctx)),
    closeCarton: async (input, ctx) => {
      const out = await this.#store.transaction((tx) => this.closeCarton(tx, input, ctx));
      if (input.printer === undefined) return out;
      return { ...out, print: await this.printLabel(out.label, input.printer, `Label ${out.shipmentNumber}`) };
    },
  };

  /** Which warehouse a close-out of `date` takes: the one named, else the only one defined; with several, the caller must choose (what is waiting is listed). */
  async closeOutTarget(date: string, warehouse?: string): Promise<CloseOutTarget> {
    if (warehouse !== undefined) return { warehouse };
    const db = this.#store.kysely;
    const warehouses = await repo.warehouseCodes(db);
    if (warehouses.length === 1) return { warehouse: warehouses[0]! };
    return { warehouse: undefined, warehouses, pending: await queries.pendingCloseOuts(db, date) };
  }

  // ------------------------------------------------------------------ printing

  /** Send a rendered label to a printer; a failure is reported, not thrown (the carton is closed; reprint with `pickpack label`). */
  async printLabel(label: { readonly format: LabelFormat; readonly dpi?: LabelDpi; readonly bytes?: Uint8Array }, target: string, title: string): Promise<PrintOutcome> {
    return printLabel(this.#config.printer, label, target, title);
  }

  // ------------------------------------------------------------------ reads (queries.ts)

  /** A shipment by its shipment number (e.g. SO-100001-1) or numeric id. */
  async getShipment(ref: string): Promise<ShipmentRecord | undefined> {
    return queries.getShipment(this.#store.kysely, ref);
  }

  async listShipments(filter: { readonly order?: string; readonly date?: string } = {}): Promise<readonly ShipmentRecord[]> {
    return queries.listShipments(this.#store.kysely, filter);
  }

  /** Manifests, oldest first (optionally of one day and/or warehouse). */
  async listManifests(filter: { readonly date?: string; readonly warehouse?: string } = {}): Promise<readonly ManifestRecord[]> {
    return queries.listManifests(this.#store.kysely, filter);
  }

  /** One stored manifest by its number (e.g. LC-WH1-20261122-1), for a reprint. */
  async getManifest(manifestNumber: string): Promise<ManifestRecord | undefined> {
    return queries.getManifest(this.#store.kysely, manifestNumber);
  }

  /** Warehouses (and carriers) with shipments of `date` not on a manifest yet: what a close-out of that day would take. */
  async pendingCloseOuts(date: string): Promise<readonly PendingCloseOut[]> {
    return queries.pendingCloseOuts(this.#store.kysely, date);
  }

  /** Codes of the defined warehouses. */
  async warehouseCodes(): Promise<readonly string[]> {
    return repo.warehouseCodes(this.#store.kysely);
  }

  /** Delivery note data for an order: its closed cartons with their items (or the ordered lines when nothing is packed yet). */
  async packingSlip(orderRef: string, paper: PaperSize = "A4"): Promise<PackingSlipData> {
    return this.#store.transaction((tx) => queries.packingSlip(tx, orderRef, paper));
  }

  // ------------------------------------------------------------------ the station's reads inside the caller's transaction

  /** A box type by its code (a scanned box barcode), or undefined. */
  async boxType(tx: StoreTransaction, code: string): Promise<BoxType | undefined> {
    return (await repo.boxTypes(tx.db)).find((b) => b.code === code);
  }

  /** A shipment by its shipment number or id, read in the caller's transaction. */
  async shipment(tx: StoreTransaction, ref: string): Promise<ShipmentRecord | undefined> {
    return queries.getShipment(tx.db, ref);
  }

  /** The shipment whose label (tracking number or SSCC, any GS1 form) was scanned, with how many cartons its order has. */
  async shipmentByLabel(tx: StoreTransaction, code: string): Promise<(ShipmentRecord & { readonly cartonsOfOrder: number }) | undefined> {
    const sscc = ssccOfScan(code);
    return (await queries.shipmentByLabel(tx.db, code)) ?? (sscc && sscc !== code ? queries.shipmentByLabel(tx.db, sscc) : undefined);
  }

  /** A SKU's name (for a wrong-item message), or undefined. */
  async skuName(tx: StoreTransaction, sku: string): Promise<string | undefined> {
    return (await repo.skuByCode(tx.db, sku))?.name;
  }

  /** What the simulated station packs (`gateway --devices sim`), with the weight the scale should show for it. */
  async simPackFixture(): Promise<queries.SimPackFixture & { readonly expectedGrams: number | undefined }> {
    return this.#store.transaction(async (tx) => {
      const f = await queries.simPackFixture(tx.db);
      if (!f.order) return { ...f, expectedGrams: undefined };
      const view = await this.view(tx, f.order);
      const tare = (view.suggestedBox ? (await this.boxType(tx, view.suggestedBox))?.tareGrams : undefined) ?? f.smallestBoxTareGrams ?? 0;
      return { ...f, expectedGrams: Math.round(f.lines.reduce((a, l) => a + l.weightGrams * l.quantity, 0) + tare) };
    });
  }

  // ------------------------------------------------------------------ internals

  async #packable(tx: StoreTransaction, ref: string, lock: boolean): Promise<Order> {
    const order = await tx.loadOrder(ref, { lock });
    if (!order) throw queries.orderNotFound(ref);
    const r = checkPackable(order);
    if (!r.ok) throw r.error;
    return order;
  }
}
