/**
 * A small in-memory model of the gateway's packer flow (protocol events of core/src/protocol), for
 * the TUI's tests and the tmux demo (test/fixtures/fake-gateway.ts). It is NOT the gateway: it only
 * answers like one so the terminal UI can be exercised before and independently of the real service.
 */
import type { FeedItem, StationState } from "@pickpack/core";
import type { Reply } from "./fake-transport.js";

interface Item { sku: string; description: string; grams: number; barcodes: string[] }
const ITEMS: Item[] = [
  { sku: "MUG-BLUE", description: "Blue mug 350 ml", grams: 350, barcodes: ["4006381333931", "MUG-BLUE"] },
  { sku: "TEA-GREEN", description: "Green tea 100 g", grams: 110, barcodes: ["4012345678901", "TEA-GREEN"] },
  { sku: "BOOK-ATLAS", description: "Road atlas 2027", grams: 900, barcodes: ["9780000000002", "BOOK-ATLAS"] },
];
const ORDERS: Record<string, { sku: string; qty: number }[]> = {
  "ORD-1001": [{ sku: "MUG-BLUE", qty: 2 }, { sku: "TEA-GREEN", qty: 1 }],
  "ORD-1002": [{ sku: "BOOK-ATLAS", qty: 1 }],
};
const TOTES: Record<string, string> = { "TOTE-7": "ORD-1001", "TOTE-8": "ORD-1002" };
const BOXES: Record<string, number> = { "BOX-S": 150, "BOX-M": 250 };

export interface SimOptions {
  readonly station?: string;
  readonly printerFails?: number;
  readonly labelDir?: string;
  readonly now?: () => string;
  /** Called with every feed item (push it to the client). */
  readonly onFeed?: (item: FeedItem) => void;
  readonly onLabel?: (tracking: string, text: string) => void;
}

const err = (code: string, message: string, details?: Record<string, unknown>): Reply => ({ ok: false, error: { code, message, ...(details ? { details } : {}) } });

export class SimPackGateway {
  readonly station: string;
  user: { id: string; name: string; role: string } | null = null;
  state: StationState;
  seq = 0;
  readonly feed: FeedItem[] = [];
  readonly #done = new Map<string, Reply>();
  #printerFails: number;
  #cartons = 0;
  onFeed: ((item: FeedItem) => void) | undefined;
  constructor(readonly o: SimOptions = {}) {
    this.onFeed = o.onFeed;
    this.station = o.station ?? "P1";
    this.#printerFails = o.printerFails ?? 0;
    this.state = this.#idle();
  }

  #idle(next = "Scan a tote or an order"): StationState {
    return { station: this.station, orderNumber: null, lines: [], suggestedBox: null, box: null, expectedGrams: null, toleranceGrams: null, measuredGrams: null, trackingNumber: null, label: null, next, phase: "idle" };
  }

  #push(type: FeedItem["type"], data: unknown): void {
    const item: FeedItem = { seq: ++this.seq, type, at: this.o.now?.() ?? "2026-11-22T08:00:00Z", data };
    this.feed.push(item);
    this.onFeed?.(item);
  }

  handle = (event: string, payload: Record<string, unknown>): Reply => {
    const scanId = typeof payload.scanId === "string" ? payload.scanId : null;
    if (scanId) {
      const prior = this.#done.get(scanId);
      if (prior) return prior;
    }
    const reply = this.#handle(event, payload);
    if (scanId) this.#done.set(scanId, reply);
    return reply;
  };

  #handle(event: string, p: Record<string, unknown>): Reply {
    switch (event) {
      case "hello":
        return { ok: true, data: { protocol: 1, device: { id: "dev-p1", name: `Pack ${this.station}`, role: "packer", station: this.station }, user: this.user, latestSeq: this.seq, serverTime: "2026-11-22T08:00:00Z", node: "sim" } };
      case "feed.sync": {
        const after = Number(p.after ?? 0);
        const items = this.feed.filter((f) => f.seq > after).slice(0, 500);
        return { ok: true, data: { items, latestSeq: this.seq, more: false } };
      }
      case "session.login": {
        const badge = String(p.badge);
        if (!/^BADGE-/.test(badge) || badge === "BADGE-NOBODY") return err("UNKNOWN_BADGE", `no person has badge ${badge}`);
        this.user = { id: badge, name: badge === "BADGE-SUP1" ? "Sam Supervisor" : badge === "BADGE-B2" ? "Bea Packer" : "Alex Packer", role: badge === "BADGE-SUP1" ? "supervisor" : "packer" };
        this.#push("session", { user: this.user });
        return { ok: true, data: { user: this.user } };
      }
      case "session.logout":
        this.user = null;
        this.state = this.#idle();
        return { ok: true, data: { user: null } };
      case "station.open":
        return this.user ? { ok: true, data: { state: this.state } } : err("NOT_LOGGED_IN", "scan your badge first");
      case "station.close":
        return { ok: true, data: { station: this.station } };
      case "pack.state":
        return { ok: true, data: { state: this.user ? this.state : null } };
      case "pack.scan":
        return this.user ? this.#scan(String(p.code), Number(p.quantity ?? 1)) : err("NOT_LOGGED_IN", "scan your badge first");
      case "pack.close":
        return this.#close();
      case "pack.weight":
        return this.#weigh(Number(p.grams ?? this.state.expectedGrams ?? 0));
      case "pack.override": {
        if (p.supervisorBadge !== "BADGE-SUP1") return err("PACK_OVERRIDE_NOT_SUPERVISOR", `${String(p.supervisorBadge)} is not a supervisor's badge`);
        if (this.state.phase !== "weight-refused") return err("PACK_NO_OVERRIDE_NEEDED", "no weight was refused");
        return this.#label("override-recorded", `Override recorded: ${String(p.reason)}`);
      }
      default:
        return err("UNKNOWN_EVENT", `no event ${event}`);
    }
  }

  #result(step: string, message: string): Reply {
    this.#push("pack", { state: this.state });
    return { ok: true, data: { step, state: this.state, message } };
  }

  #scan(code: string, qty: number): Reply {
    const s = this.state;
    const order = ORDERS[code] ? code : TOTES[code];
    if (order) {
      if (s.phase !== "idle" && s.phase !== "packed") return err("PACK_ORDER_IN_PROGRESS", `finish order ${s.orderNumber} first`);
      const lines = (ORDERS[order] ?? []).map((l) => ({ sku: l.sku, description: ITEMS.find((i) => i.sku === l.sku)?.description ?? l.sku, expected: l.qty, packed: 0 }));
      this.state = { ...this.#idle(), orderNumber: order, lines, suggestedBox: "BOX-S", box: null, cartonNo: 1, cartonsClosed: 0, phase: "scanning", next: "Scan item" };
      return this.#result("order-opened", `Order ${order} opened`);
    }
    if (code.startsWith("CMD-")) return this.#command(code);
    if (BOXES[code] !== undefined) {
      this.state = { ...s, box: code };
      return this.#result("box-chosen", `Box ${code} chosen`);
    }
    if (s.phase === "labelled" && code === s.trackingNumber) {
      const remaining = s.lines.some((l) => l.packed < l.expected);
      this.state = remaining ? { ...s, phase: "scanning", trackingNumber: null, label: null, measuredGrams: null, expectedGrams: null, next: "Carton labelled. Scan items for the next carton" } : { ...s, phase: "packed", next: "Order packed. Scan the next tote or order" };
      return this.#result("closed", remaining ? "Carton closed" : `Order ${s.orderNumber} packed`);
    }
    const item = ITEMS.find((i) => i.barcodes.includes(code));
    if (!item) return err("PACK_NOT_AN_ITEM", `barcode ${code} is not an item, box, order or label`);
    if (s.phase === "idle" || s.orderNumber === null) return err("PACK_NO_ORDER", "scan a tote or an order first");
    const line = s.lines.find((l) => l.sku === item.sku);
    if (!line) {
      const belongsTo = Object.entries(ORDERS).filter(([, ls]) => ls.some((l) => l.sku === item.sku)).map(([o]) => o);
      return err("PACK_WRONG_ITEM", `${item.sku} is not on order ${s.orderNumber}`, { sku: item.sku, name: item.description, belongsTo });
    }
    if (line.packed + qty > line.expected) return err("PACK_OVERPACK", `order ${s.orderNumber} needs ${line.expected} × ${item.sku}; ${line.packed} already packed`, { ordered: line.expected, packed: line.packed });
    const lines = s.lines.map((l) => (l === line ? { ...l, packed: l.packed + qty } : l));
    const all = lines.every((l) => l.packed === l.expected);
    this.state = { ...s, lines, ...(all ? this.#weighState(lines, s.box) : {}), phase: all ? "weigh" : "scanning", next: all ? "Place carton on scale" : "Scan item" };
    return this.#result("item-packed", `${item.sku} packed (${line.packed + qty}/${line.expected})`);
  }

  #weighState(lines: StationState["lines"], box: string | null): Partial<StationState> {
    const grams = lines.reduce((n, l) => n + l.packed * (ITEMS.find((i) => i.sku === l.sku)?.grams ?? 0), 0) + (BOXES[box ?? "BOX-S"] ?? 0);
    return { expectedGrams: grams, toleranceGrams: Math.max(50, Math.round(grams * 0.05)) };
  }

  #close(): Reply {
    const s = this.state;
    if (s.phase !== "scanning" || !s.lines.some((l) => l.packed > 0)) return err("PACK_CARTON_EMPTY", "nothing to close: scan items first");
    this.state = { ...s, ...this.#weighState(s.lines, s.box), phase: "weigh", next: "Place carton on scale" };
    return this.#result("closed", "Carton closed: weigh it");
  }

  #weigh(grams: number): Reply {
    const s = this.state;
    if (s.phase !== "weigh" && s.phase !== "weight-refused") return err("PACK_NOT_WEIGHING", "nothing to weigh now");
    const exp = s.expectedGrams ?? 0;
    const tol = s.toleranceGrams ?? 50;
    if (Math.abs(grams - exp) > tol) {
      this.state = { ...s, measuredGrams: grams, phase: "weight-refused", next: "Re-check the carton, or supervisor override" };
      this.#push("pack", { state: this.state });
      return err("PACK_WEIGHT_OUT_OF_TOLERANCE", `carton weighs ${grams} g; expected ${exp} g ± ${tol} g`, { expectedGrams: exp, measuredGrams: grams, toleranceGrams: tol });
    }
    this.state = { ...s, measuredGrams: grams };
    return this.#label("weight-accepted", `Weight ok: ${grams} g`);
  }

  #label(step: string, message: string): Reply {
    // like the real gateway: the carton closes (ack), the label prints after the commit and a
    // second `pack` feed item says printed, or the printer's error (the job is kept for a reprint)
    const tracking = this.state.trackingNumber ?? `LC${String(100000000 + ++this.#cartons)}`;
    this.state = { ...this.state, trackingNumber: tracking, label: null, phase: "labelled", next: "Label printed — apply and scan the label to confirm" };
    const reply = this.#result(step === "weight-accepted" ? "labelled" : step, `${message}. Carton closed, tracking ${tracking}`);
    if (this.#printerFails > 0) {
      this.#printerFails--;
      this.state = { ...this.state, next: "Printer error (PRINTER_OFFLINE): file:/dev/full refused the job (ENOSPC). Fix the printer, then scan CMD-REPRINT" };
    } else {
      const label = `file:${this.o.labelDir ?? "/tmp"}/${tracking}.zpl`;
      this.o.onLabel?.(tracking, `^XA^FD${this.state.orderNumber ?? ""} ${tracking}^FS^XZ\n`);
      this.state = { ...this.state, label };
    }
    this.#push("pack", { state: this.state });
    return reply;
  }

  #command(code: string): Reply {
    const [cmd] = code.split(":");
    switch (cmd) {
      case "CMD-REPRINT":
        if (this.state.phase === "weigh" || this.state.phase === "labelled") return this.#label("labelled", "Printed again");
        return err("PACK_NOTHING_TO_PRINT", "no label to print yet");
      case "CMD-CANCEL": {
        const lines = this.state.lines.map((l) => ({ ...l, packed: 0 }));
        this.state = { ...this.state, lines, phase: this.state.orderNumber ? "scanning" : "idle", measuredGrams: null, expectedGrams: null, toleranceGrams: null, trackingNumber: null, label: null, next: "Carton cancelled: scan items again" };
        return this.#result("closed", "Carton cancelled");
      }
      case "CMD-EXCEPTION":
      case "CMD-SHORT":
        this.state = this.#idle(`Exception recorded (${code.slice(cmd.length + 1) || cmd}). Scan the next tote or order`);
        return this.#result("closed", "Exception recorded; order sent to the exception desk");
      case "CMD-NEXT":
        return this.#close();
      default:
        return err("PACK_UNKNOWN_COMMAND", `unknown command barcode ${code}`);
    }
  }
}
