/**
 * The packer flow over the PackingService (data/src/packing), each step called with the gateway's
 * transaction so the scan record, the packing change, the station state and its feed item commit
 * together. The station's state (open order, phase, last label) is kept on the device row
 * (`gateway_devices.state`); everything else is read back from the packing tables, so the
 * `StationState` pushed to the station always shows what is stored.
 *
 * Phases: idle → (order/tote) scanning → (every unit scanned, or pack.close) weigh → (stable weight
 * within tolerance, or a supervisor override) the carton closes: SSCC, shipment, label → labelled →
 * (the label's barcode, CMD-NEXT, or the next order) scanning for the next carton or packed.
 * Labels are printed after the commit, then the station gets a second update (printed / printer error).
 */
import { DEFAULT_SCAN_RULES, DomainError, classifyScan, commandOf, ssccOfScan, stationNext, toleranceGrams, InputError, type StationEvent, type LabelDpi, type LabelFormat, type PackResult, type StationLine, type StationState, type ShippingLabelRenderer, type StationAction, type WeightTolerance, type RefusalCode } from "@pickpack/core";
import type { GatewayRepo, StoreTransaction } from "@pickpack/data";
import type { CloseCartonOutcome, PackView, PackingService, PrintOutcome } from "@pickpack/data/packing";
import type { CommandScope, LaterScope, PackerFlow, QueryScope } from "./flows.js";
import type { GatewayLogger } from "../shared/logger.js";
import { PrintError, fillPrintTarget, type TargetVariables } from "@pickpack/labels";

export type StationPhase = StationState["phase"];

/** Per pack station: where its labels go. */
export interface StationConfig {
  /** A CUPS queue, tcp://HOST:9100 or file:PATH; in a file path `{station}`, `{shipment}` and `{tracking}` are replaced. */
  readonly printer?: string;
  readonly labelFormat?: LabelFormat;
  readonly labelDpi?: LabelDpi;
  /** The warehouse the station stands in: it shows and packs only what ships from there, and says what ships from elsewhere. */
  readonly warehouse?: string;
}

export interface PackerFlowOptions {
  readonly packing: PackingService;
  /** The same tolerance the PackingService checks with (shown to the packer before weighing). */
  readonly tolerance?: WeightTolerance;
  /** Station → printer; stations not listed use `defaults`. */
  readonly stations?: Readonly<Record<string, StationConfig>>;
  readonly defaults?: StationConfig;
  readonly logger?: GatewayLogger;
  /** Renders stored labels again for reprints (the same adapter the PackingService closes cartons with). */
  readonly labels?: ShippingLabelRenderer;
}

/** What the gateway keeps per packer device (JSON in gateway_devices.state). */
interface Saved {
  readonly kind: "packer";
  readonly station: string;
  readonly order: string | null;
  readonly phase: StationPhase;
  /** The refused (or last) measured weight. */
  readonly measuredGrams: number | null;
  readonly shipment: string | null;
  readonly tracking: string | null;
  readonly sscc: string | null;
  /** The printed label (job id / file), or null. */
  readonly label: string | null;
  /** A note that overrides the default `next` text (e.g. a printer error). */
  readonly note: string | null;
}

const idle = (station: string, note: string | null = null): Saved => ({ kind: "packer", station, order: null, phase: "idle", measuredGrams: null, shipment: null, tracking: null, sscc: null, label: null, note });

/**
 * A barcode of the station's command sheet, `CMD-NAME` or `CMD-NAME:detail` (core/src/scanning/commands.ts;
 * the client sends them as pack.scan). `action` is undefined for a CMD- code the sheet does not have.
 */
function commandBarcode(code: string): { action: StationAction | undefined; name: string; detail: string | undefined } | undefined {
  if (!code.startsWith("CMD-")) return undefined;
  const colon = code.indexOf(":");
  const head = colon < 0 ? code : code.slice(0, colon);
  return { action: commandOf(head), name: head.slice("CMD-".length), detail: colon < 0 ? undefined : code.slice(colon + 1) };
}

/** The station's phase after `event` (core/src/packing/station.ts), or its refusal thrown. */
function next(s: Saved, event: StationEvent): StationPhase {
  const r = stationNext({ phase: s.phase, order: s.order }, event);
  if (!r.ok) throw r.error;
  return r.value;
}

/** The printer target for one label; a filled file: template that leaves its folder is an outcome, not a print. */
function fill(template: string, vars: TargetVariables): string | PrintOutcome {
  try {
    return fillPrintTarget(template, vars);
  } catch (e) {
    if (!(e instanceof PrintError)) throw e;
    return { printed: false, target: template, error: { code: e.code, message: e.message } };
  }
}

export function createPackerFlow(o: PackerFlowOptions): PackerFlow {
  const { packing } = o;
  const configOf = (station: string): StationConfig => ({ ...o.defaults, ...o.stations?.[station] });
  const warehouseOf = (station: string): string | undefined => configOf(station).warehouse;
  const viewAt = (tx: StoreTransaction, s: Pick<Saved, "station" | "order">) => packing.view(tx, s.order!, warehouseOf(s.station));
  /** "2 × SKU (name) from WH2; …" */
  const elsewhereText = (view: PackView) => view.elsewhere.map((e) => `${e.quantity} × ${e.sku} from ${e.warehouse}`).join("; ");
  const by = (c: CommandScope) => ({ now: c.now, actor: `${c.user?.id ?? "?"}@${c.device.id}` });

  async function load(repo: GatewayRepo, tx: StoreTransaction, deviceId: string): Promise<Saved | null> {
    const v = await repo.getDeviceState<Partial<Saved>>(tx, deviceId);
    return v?.kind === "packer" ? (v as Saved) : null;
  }

  async function requireOpen(c: CommandScope): Promise<Saved> {
    const s = await load(c.repo, c.tx, c.device.id);
    if (s) return s;
    const station = c.device.station;
    if (!station) throw new DomainError("STATION_NOT_OPEN", "open the station first (station.open with the station name)");
    return idle(station);
  }

  /** The weight the scale should show for the open carton (items + tare of its box or the suggested one). */
  function expectedWeight(view: PackView): { expected: number; tolerance: number } | null {
    const expected = view.openCartonExpectedGrams;
    if (expected === undefined) return null;
    return { expected, tolerance: Math.round(toleranceGrams(expected, o.tolerance ?? {})) };
  }

  function nextText(s: Saved, view: PackView | null): string {
    if (s.note) return s.note;
    switch (s.phase) {
      case "idle":
        return "Scan a tote or an order";
      case "scanning":
        return view && view.openCarton === undefined && view.cartons.length > 0 ? `Scan items for carton ${view.cartons.length + 1}` : "Scan item";
      case "weigh":
        return "Place the carton on the scale (no scale? type its weight)";
      case "weight-refused":
        return "Weight refused: re-check the carton and weigh again, or supervisor badge to override";
      case "labelled":
        return view?.progress.complete ? "Label printed — apply and scan the label to confirm" : "Label printed — apply and scan the label, then pack the next carton";
      case "packed":
        if (view && view.elsewhere.length > 0) return `Packed here; the rest ships from another warehouse in its own carton (${elsewhereText(view)}). Scan the next tote or order`;
        return "Order packed. Scan the next tote or order";
    }
  }

  async function stationState(tx: StoreTransaction, s: Saved): Promise<StationState> {
    const view = s.order ? await viewAt(tx, s) : null;
    const open = view?.cartons.find((x) => x.status === "open");
    const last = view ? [...view.cartons].reverse().find((x) => x.status === "closed") : undefined;
    const weight = view ? expectedWeight(view) : null;
    const lines: StationLine[] = view ? view.lines.map((l) => ({ sku: l.sku, description: l.name, expected: l.ordered, packed: l.packed })) : [];
    const labelled = s.phase === "labelled" || s.phase === "packed";
    return {
      station: s.station,
      orderNumber: s.order,
      lines,
      suggestedBox: view?.suggestedBox ?? null,
      box: open?.box ?? (labelled ? (last?.box ?? null) : null),
      expectedGrams: weight?.expected ?? (labelled ? (last?.expectedWeightGrams ?? null) : null),
      toleranceGrams: weight?.tolerance ?? (labelled && last?.expectedWeightGrams !== undefined ? Math.round(toleranceGrams(last.expectedWeightGrams, o.tolerance ?? {})) : null),
      measuredGrams: open?.measuredWeightGrams ?? (s.phase === "weight-refused" || labelled ? s.measuredGrams : null),
      trackingNumber: labelled ? s.tracking : null,
      label: labelled ? s.label : null,
      next: nextText(s, view),
      phase: s.phase,
      cartonNo: open?.cartonNo ?? (labelled ? (last?.cartonNo ?? null) : view ? (view.cartons.reduce((a, x) => Math.max(a, x.cartonNo), 0) + 1) : null),
      cartonsClosed: view ? view.cartons.filter((x) => x.status === "closed").length : 0,
      sscc: labelled ? s.sscc : null,
      warehouse: warehouseOf(s.station) ?? null,
      elsewhere: view ? view.elsewhere.map((e) => ({ sku: e.sku, description: e.name, warehouse: e.warehouse, quantity: e.quantity })) : [],
    };
  }

  /** Save the station state and push it to the device's feed; returns the state. */
  async function save(c: CommandScope, s: Saved): Promise<StationState> {
    await c.repo.setDeviceState(c.tx, c.device.id, s);
    const state = await stationState(c.tx, s);
    await c.feed(c.device.id, "pack", { state });
    return state;
  }

  async function result(c: CommandScope, s: Saved, step: PackResult["step"], message: string): Promise<PackResult> {
    return { step, state: await save(c, s), message };
  }

  /** Print a closed carton's label after the commit, then tell the station (printed, or the printer's error). */
  function printAfterCommit(c: CommandScope, station: string, out: { shipmentNumber: string; trackingNumber: string; label: CloseCartonOutcome["label"] }, target: string | undefined): void {
    const deviceId = c.device.id;
    const repo = c.repo;
    c.later(async (l: LaterScope) => {
      let r: PrintOutcome;
      if (!target) r = { printed: false, target: "", error: { code: "PRINTER_NOT_CONFIGURED", message: `station ${station} has no label printer (station map "printer", or --printer)` } };
      else {
        const filled = fill(target, { station, shipment: out.shipmentNumber, tracking: out.trackingNumber });
        r = typeof filled === "string" ? await packing.printLabel(out.label, filled, `Label ${out.shipmentNumber}`) : filled;
      }
      o.logger?.[r.printed ? "info" : "warn"]({ station, shipment: out.shipmentNumber, target: r.target, ...(r.error ? { error: r.error } : {}) }, r.printed ? "label printed" : "label not printed");
      await l.transaction(async (tx, feed) => {
        const s = await load(repo, tx, deviceId);
        if (!s || s.shipment !== out.shipmentNumber) return; // the station moved on
        const next: Saved = r.printed ? { ...s, label: r.jobId ?? r.target, note: null } : { ...s, label: null, note: `Printer error (${r.error?.code ?? "?"}): ${r.error?.message ?? ""}. Fix the printer, then scan CMD-REPRINT` };
        await repo.setDeviceState(tx, deviceId, next);
        await feed(deviceId, "pack", { state: await stationState(tx, next) });
      });
    });
  }

  /** The carton's weight was accepted: close it (SSCC, shipment, label) and print after the commit. */
  async function closeAndLabel(c: CommandScope, s: Saved, phase: StationPhase, grams: number, step: PackResult["step"], message: string): Promise<PackResult> {
    const cfg = configOf(s.station);
    const out = await packing.closeCarton(c.tx, { order: s.order!, ...(cfg.labelFormat ? { format: cfg.labelFormat } : {}), ...(cfg.labelDpi ? { dpi: cfg.labelDpi } : {}) }, by(c));
    const labelled: Saved = { ...s, phase, measuredGrams: grams, shipment: out.shipmentNumber, tracking: out.trackingNumber, sscc: out.sscc, label: null, note: null };
    printAfterCommit(c, s.station, out, cfg.printer);
    const done = out.orderPacked ? `; order ${out.orderNumber} is Packed` : "";
    return result(c, labelled, step, `${message}. Carton ${out.cartonNo} closed: SSCC ${out.sscc}, tracking ${out.trackingNumber}${done}`);
  }

  async function openOrder(c: CommandScope, s: Saved, input: { order?: string; tote?: string }): Promise<PackResult> {
    let cartonInProgress = false;
    if (s.order && (s.phase === "scanning" || s.phase === "weigh" || s.phase === "weight-refused")) {
      const current = await viewAt(c.tx, s);
      cartonInProgress = current.status === "Processing" && current.progress.packed > 0 && current.cartons.some((x) => x.status === "open");
    }
    next(s, { type: "open-order", cartonInProgress, resumeWeigh: false }); // refused before anything is read
    const view = await packing.start(c.tx, { ...input, warehouse: warehouseOf(s.station) });
    const resumeWeigh = view.cartons.some((x) => x.status === "open" && x.items.length > 0) && view.progress.packed === view.progress.ordered;
    const opened: Saved = { ...idle(s.station), order: view.orderNumber, phase: next(s, { type: "open-order", cartonInProgress, resumeWeigh }) };
    const units = view.progress.ordered - view.progress.packed;
    const rest = view.elsewhere.length > 0 ? `; ships from another warehouse in its own carton: ${elsewhereText(view)}` : "";
    return result(c, opened, "order-opened", `order ${view.orderNumber}${input.tote ? ` (tote ${input.tote})` : ""}: ${units} unit(s) to pack in ${view.lines.length} line(s); suggested box ${view.suggestedBox ?? "none fits"}${rest}`);
  }

  async function confirmLabel(c: CommandScope, s: Saved, how: string): Promise<PackResult> {
    const view = await viewAt(c.tx, s);
    const phase = next(s, { type: "label-confirmed", orderComplete: view.progress.complete });
    if (phase === "packed") return result(c, { ...s, phase, note: null }, "closed", `order ${view.orderNumber} packed (${view.cartons.length} carton(s)); ${how}`);
    return result(c, { ...s, phase, shipment: null, tracking: null, sscc: null, label: null, measuredGrams: null, note: null }, "closed", `${how}; scan items for carton ${view.cartons.length + 1}`);
  }

  /** Another carton's label (its tracking number or SSCC) scanned at the station: the refusal naming that carton, or undefined. */
  async function wrongLabel(c: CommandScope, s: Saved, code: string): Promise<DomainError | undefined> {
    const label = await packing.shipmentByLabel(c.tx, code);
    if (!label) return undefined;
    const expected = s.phase === "labelled" && s.shipment ? `: scan the label of ${s.shipment}` : "";
    return new DomainError("PACK_WRONG_LABEL", `wrong label: this is carton ${label.orderNumber} ${label.cartonNo} of ${label.cartonsOfOrder} (shipment ${label.shipmentNumber})${expected}`, {
      shipmentNumber: label.shipmentNumber,
      orderNumber: label.orderNumber,
      cartonNo: label.cartonNo,
      cartons: label.cartonsOfOrder,
      expected: s.shipment,
    });
  }

  async function command(c: CommandScope, s: Saved, cmd: { action: StationAction | undefined; name: string; detail: string | undefined }): Promise<PackResult> {
    const { detail } = cmd;
    switch (cmd.action) {
      case "close-carton":
        return flow.closeCarton(c, { scanId: "" });
      case "next-carton":
        if (s.phase === "labelled" && s.order) return confirmLabel(c, s, "next carton");
        return flow.closeCarton(c, { scanId: "" });
      case "reprint": {
        if (!s.shipment || !(s.phase === "labelled" || s.phase === "packed")) throw new DomainError("PACK_NOTHING_TO_PRINT", "no label to print again: close a carton first");
        const shipment = await packing.shipment(c.tx, s.shipment);
        if (!shipment) throw new DomainError("PACK_NOTHING_TO_PRINT", `shipment ${s.shipment} not found`);
        const cfg = configOf(s.station);
        const format = cfg.labelFormat ?? "zpl";
        const dpi = cfg.labelDpi ?? 203;
        const bytes = await o.labels?.render(shipment.label, format, dpi);
        printAfterCommit(c, s.station, { shipmentNumber: shipment.shipmentNumber, trackingNumber: shipment.trackingNumber, label: { data: shipment.label, format, dpi, ...(bytes ? { bytes } : {}) } }, cfg.printer);
        return result(c, { ...s, label: null, note: "Printing the label again…" }, "labelled", `label ${shipment.shipmentNumber} sent to the printer again`);
      }
      case "exception":
      case "short": {
        next(s, { type: "exception" });
        const order = await c.tx.loadOrder(s.order!);
        const reason = (detail ?? "").trim() || (cmd.action === "short" ? "short at packing" : "exception");
        if (order) await c.tx.writeOutbox(order.id, "packing.exception.v1", { orderNumber: s.order, station: s.station, kind: cmd.action, reason, by: by(c).actor }, c.now);
        return result(c, idle(s.station, `Exception recorded for ${s.order} (${reason}): take it to the exception desk. Scan the next tote or order`), "closed", `exception recorded for order ${s.order}: ${reason}`);
      }
      case "cancel-carton":
        // not offered at the station (no key, not on the command sheet): a carton is unpacked at the exception desk
        throw new DomainError("PACK_CANCEL_NOT_SUPPORTED", "a carton cannot be unpacked at the station: finish it, or record an exception (CMD-EXCEPTION) for the supervisor");
      case "weigh":
        return flow.weight(c, { scanId: "", ...(c.stationGrams !== undefined ? { stationGrams: c.stationGrams } : {}) });
      default:
        // logout and summary are the client's own actions; anything else is not on the sheet
        throw new InputError("PACK_UNKNOWN_COMMAND", `unknown command barcode CMD-${cmd.name}`);
    }
  }

  const flow: PackerFlow = {
    async state(q: QueryScope) {
      return q.store.transaction(async (tx) => {
        const s = await load(q.repo, tx, q.device.id);
        if (!s) return null;
        return stationState(tx, s);
      });
    },

    async open(c, p) {
      // The station is the one the device was paired for: a device paired without one cannot pick one itself.
      const station = c.device.station;
      if (!station) throw new DomainError("STATION_REQUIRED", "this device was paired without a station: pair it for its pack station (pickpack devices pair --role packer --station NAME)");
      if (c.device.station && p.station && p.station !== c.device.station) {
        throw new DomainError("STATION_MISMATCH", `this device is paired for station ${c.device.station}, not ${p.station}`);
      }
      const prev = await load(c.repo, c.tx, c.device.id);
      // reopening after a restart resumes work in progress; a station whose last order is packed starts idle
      const s = prev && prev.station === station && prev.phase !== "packed" ? prev : idle(station);
      return { state: await save(c, s) };
    },

    async close(c) {
      const s = await load(c.repo, c.tx, c.device.id);
      const station = s?.station ?? c.device.station ?? "";
      if (s) next(s, { type: "close-station" });
      await c.repo.setDeviceState(c.tx, c.device.id, null);
      return { station };
    },

    async scan(c, p) {
      const s = await requireOpen(c);
      const code = p.code.trim();
      const cmd = commandBarcode(code);
      if (cmd) return command(c, s, cmd);

      // A box type (optionally "BOX-M:reason"): choose the carton's box.
      const [boxCode, boxReason] = code.includes(":") ? [code.slice(0, code.indexOf(":")), code.slice(code.indexOf(":") + 1)] : [code, undefined];
      const box = await packing.boxType(c.tx, boxCode);
      if (box) {
        const phase = next(s, { type: "box-chosen" });
        const reason = boxReason?.trim() || `packer scanned ${box.code} at station ${s.station}`;
        const wh = warehouseOf(s.station);
        const view = await packing.chooseBox(c.tx, { order: s.order!, box: box.code, reason, ...(wh ? { warehouse: wh } : {}) }, by(c));
        const changed = view.suggestedBox && view.suggestedBox !== box.code ? ` instead of ${view.suggestedBox} (reason recorded: ${reason})` : "";
        return result(c, { ...s, phase, measuredGrams: null, note: null }, "box-chosen", `box ${box.code}${changed}`);
      }

      const cls = classifyScan(code, { skus: { findSkuByBarcode: () => undefined }, config: DEFAULT_SCAN_RULES });
      const kind = cls.ok ? cls.value.classification : undefined;
      if (kind && (kind.kind === "order" || kind.kind === "tote")) {
        return openOrder(c, s, kind.kind === "order" ? { order: kind.id } : { tote: kind.id });
      }
      // The label just printed (its SSCC or tracking number): confirm it.
      if (s.phase === "labelled" && s.order && (code === s.tracking || (s.sscc !== null && ssccOfScan(code) === s.sscc))) {
        return confirmLabel(c, s, `label ${s.shipment ?? ""} confirmed`);
      }
      if (!s.order || s.phase === "idle" || s.phase === "packed") {
        if (/^\d{8,14}$/.test(code) || (kind && kind.kind === "unknown")) {
          // maybe an order number typed without prefix
          const order = await c.tx.loadOrder(code);
          if (order) return openOrder(c, s, { order: order.number });
        }
        const refused = stationNext({ phase: s.phase, order: s.order }, { type: "item-packed", remaining: 1 });
        const why: { code: RefusalCode; message: string } = refused.ok ? { code: "PACK_NO_ORDER", message: "scan a tote or an order first" } : { code: refused.error.code as RefusalCode, message: refused.error.message };
        throw new DomainError(why.code, `${why.message} (scanned ${JSON.stringify(code.slice(0, 40))})`);
      }
      if (s.phase === "labelled") {
        const wrong = await wrongLabel(c, s, code);
        if (wrong) throw wrong;
      }
      let out;
      try {
        out = await packing.scanItem(c.tx, { order: s.order, barcode: code, station: warehouseOf(s.station) }, by(c));
      } catch (e) {
        if (e instanceof DomainError && e.code === "PACK_WRONG_ITEM" && typeof e.details?.sku === "string") {
          throw new DomainError(e.code, e.message, { ...e.details, name: (await packing.skuName(c.tx, e.details.sku)) ?? null });
        }
        if (e instanceof DomainError && e.code === "PACK_NOT_AN_ITEM") throw (await wrongLabel(c, s, code)) ?? e;
        throw e;
      }
      let message = `${out.sku} ${out.name}: ${out.packed}/${out.ordered}`;
      for (let i = 1; i < (p.quantity ?? 1); i++) {
        out = await packing.scanItem(c.tx, { order: s.order, sku: out.sku, station: warehouseOf(s.station) }, by(c));
        message = `${out.sku} ${out.name}: ${out.packed}/${out.ordered}`;
      }
      // a station bound to a warehouse counts what packs here (the rest ships from elsewhere)
      const remaining = warehouseOf(s.station) !== undefined ? await viewAt(c.tx, s).then((v) => v.progress.ordered - v.progress.packed) : out.remaining;
      const phase = next(s, { type: "item-packed", remaining });
      return result(c, { ...s, phase, measuredGrams: null, shipment: null, tracking: null, sscc: null, label: null, note: null }, "item-packed", remaining === 0 ? `${message}. All items packed: place the carton on the scale` : `${message} (carton ${out.cartonNo}; ${remaining} unit(s) left)`);
    },

    async weight(c, p) {
      const s = await requireOpen(c);
      const accepted = next(s, { type: "weight-accepted" });
      const grams = p.grams ?? p.stationGrams;
      if (grams === undefined) throw new DomainError("PACK_NO_SCALE_READING", `no stable weight from the scale at station ${s.station}: place the carton on the scale and wait for a stable reading, or type the weight shown on the scale's display`);
      try {
        await packing.recordWeight(c.tx, { order: s.order!, grams: Math.round(grams) }, by(c));
      } catch (e) {
        if (e instanceof DomainError && e.code === "PACK_WEIGHT_OUT_OF_TOLERANCE") {
          // Nothing of the carton changes; the station shows the refused weight and waits for a re-weigh or an override.
          const refused = next(s, { type: "weight-refused" });
          c.onRefusal(async () => void (await save(c, { ...s, phase: refused, measuredGrams: Math.round(grams), note: null })));
        }
        throw e;
      }
      return closeAndLabel(c, s, accepted, Math.round(grams), "labelled", `weight ${Math.round(grams)} g accepted`);
    },

    async override(c, p) {
      const s = await requireOpen(c);
      const phase = next(s, { type: "override" });
      if (s.measuredGrams === null) throw new DomainError("PACK_NO_OVERRIDE_NEEDED", "no weight was refused at this station");
      const w = await packing.recordWeight(c.tx, { order: s.order!, grams: s.measuredGrams, override: { supervisor: p.supervisorBadge, reason: p.reason } }, by(c));
      return closeAndLabel(c, s, phase, s.measuredGrams, "override-recorded", `override by ${w.overriddenBy ?? "?"} recorded (${p.reason}): ${w.check.measuredGrams} g vs expected ${w.check.expectedGrams} g`);
    },

    async closeCarton(c) {
      const s = await requireOpen(c);
      const view = s.order && s.phase !== "weigh" && s.phase !== "weight-refused" ? await viewAt(c.tx, s) : undefined;
      const open = view?.cartons.find((x) => x.status === "open");
      const phase = next(s, { type: "carton-done", empty: !open || open.items.length === 0 });
      return result(c, { ...s, phase, measuredGrams: null, note: null }, "closed", `carton ${open?.cartonNo ?? ""} done: place it on the scale`);
    },
  };
  return flow;
}
