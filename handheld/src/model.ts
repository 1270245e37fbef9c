/**
 * The picker's page without its drawing: pairing, badge login, the trip and its current stop, the
 * offline queue and what the page shows. Every command gets a client scan id and is stored in the
 * queue (IndexedDB) before it is sent; commands go out one at a time, oldest first, and leave the
 * queue only when their ack arrives. Offline, scans are checked against the stop the page holds
 * (core's scan classification, so page and gateway agree on every barcode) and shown as not yet
 * confirmed; refusals the gateway returns for queued scans are shown one by one after reconnecting.
 */
import { classifyScan, isBadge, isValidGtin, sanitizeScan, toGtin14, type AckOf, type ErrorBody, type PickResult, type PickTask, type UserInfo, type DeviceInfo } from "@pickpack/core";
import { defaultScanId, pickerCommandOf, TransportError, type QueuedCommand, type QueuedEvent, type Transport, type PickerAction } from "@pickpack/client";
import type { QueueStore } from "@pickpack/client";

/** The queue as the page needs it: the client's QueueStore, and a promise that every write so far is on disk. */
export interface DurableQueue extends QueueStore {
  durable(): Promise<void>;
}

export type Screen = "pair" | "login" | "trip" | "stop" | "drop" | "short";

export interface Notice {
  readonly kind: "ok" | "refused" | "info";
  readonly title: string;
  readonly detail?: string;
}

export interface View {
  readonly screen: Screen;
  readonly online: boolean;
  readonly device: DeviceInfo | null;
  readonly user: UserInfo | null;
  readonly task: PickTask | null;
  /** The picker confirmed the current stop's location. */
  readonly atLocation: boolean;
  /** The stop was finished offline: the next one is known once the queue is sent. */
  readonly stopDoneOffline: boolean;
  /** Scans not yet acked. */
  readonly waiting: number;
  /** What is on screen comes partly from scans the gateway has not confirmed yet. */
  readonly unconfirmed: boolean;
  readonly notice: Notice | null;
  /** Refusals of scans that were queued offline, shown one at a time. */
  readonly refusals: readonly Notice[];
  /** Quantity for the next item scan (typed for multiples). */
  readonly quantity: number;
  readonly lastTrip: string | null;
  readonly pairError: string | null;
  /** The trip's totes (what the picker drops at the pack station). */
  readonly totes: readonly string[];
}

/** What survives a reload (localStorage); the queue itself is in IndexedDB. */
interface Saved {
  token: string | null;
  device: DeviceInfo | null;
  user: UserInfo | null;
  badge: string | null;
  task: PickTask | null;
  atLocation: boolean;
  awaitingDrop: boolean;
  stopDoneOffline: boolean;
  lastTrip: string | null;
  /** The stops after the current one, in walking order, as the gateway last sent them (null: not known). */
  upcoming: PickTask[] | null;
  totes: { trip: string; codes: string[] } | null;
}

const KEY = "pickpack.handheld";
const EMPTY: Saved = { token: null, device: null, user: null, badge: null, task: null, atLocation: false, awaitingDrop: false, stopDoneOffline: false, lastTrip: null, upcoming: null, totes: null };
const TRANSIENT = new Set(["RATE_LIMITED", "UNAVAILABLE"]);

export interface ModelDeps {
  readonly queue: DurableQueue;
  /** localStorage in the page. */
  readonly storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  /** Makes the transport for a token (the real one, or a test's). */
  readonly transport: (token: string) => Transport;
  readonly pair: (code: string) => Promise<{ token: string; device: DeviceInfo } | { error: ErrorBody }>;
  readonly now: () => number;
  /** Loud feedback for a refusal, a soft one for success (sound, vibration). */
  readonly feedback?: (kind: "ok" | "refused") => void;
}

export class PickerModel {
  #s: Saved;
  #t: Transport | null = null;
  #ready = false;
  #inFlight = false;
  #online = false;
  /** Scan ids of commands made offline or restored after a reload: their refusals are listed, not flashed. */
  readonly #deferred = new Set<string>();
  #notice: Notice | null = null;
  #refusals: Notice[] = [];
  #quantity = 1;
  #short = false;
  #pairError: string | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;
  readonly #listeners = new Set<(v: View) => void>();
  /** Called when a command's ack has been applied (for latency measurements). */
  onAck: ((c: QueuedCommand, ms: number) => void) | null = null;

  constructor(private readonly d: ModelDeps) {
    let saved: Saved = EMPTY;
    try {
      saved = { ...EMPTY, ...(JSON.parse(d.storage.getItem(KEY) ?? "null") as Partial<Saved> | null) };
    } catch {
      saved = EMPTY;
    }
    this.#s = saved;
    for (const c of d.queue.load()) this.#deferred.add(c.scanId);
  }

  start(): void {
    if (this.#s.token) this.#connect(this.#s.token);
    this.#changed();
  }

  subscribe(fn: (v: View) => void): () => void {
    this.#listeners.add(fn);
    fn(this.view());
    return () => this.#listeners.delete(fn);
  }

  view(): View {
    const s = this.#s;
    // the command whose ack is being applied still counts: "nothing waiting" means the screen is final
    const waiting = Math.max(this.d.queue.load().length, this.#inFlight ? 1 : 0);
    const screen: Screen = !s.token ? "pair" : !s.user ? "login" : this.#short && s.task ? "short" : s.awaitingDrop ? "drop" : s.task || s.stopDoneOffline ? "stop" : "trip";
    return {
      screen,
      online: this.#online,
      device: s.device,
      user: s.user,
      task: s.task,
      atLocation: s.atLocation,
      stopDoneOffline: s.stopDoneOffline,
      waiting,
      unconfirmed: waiting > 0,
      notice: this.#notice,
      refusals: this.#refusals,
      quantity: this.#quantity,
      lastTrip: s.lastTrip,
      pairError: this.#pairError,
      totes: s.totes?.codes ?? [],
    };
  }

  // ------------------------------------------------------------------ user actions

  async pair(code: string): Promise<void> {
    this.#pairError = null;
    const r = await this.d.pair(code.trim()).catch((e: unknown) => ({ error: { code: "UNAVAILABLE", message: `cannot reach the gateway (${e instanceof Error ? e.message : String(e)})` } }));
    if ("error" in r) {
      this.#pairError = `${r.error.message} [${r.error.code}]`;
      this.d.feedback?.("refused");
    } else if (r.device.role !== "picker") {
      this.#pairError = `this code pairs a ${r.device.role} device; ask for a picker code (pickpack devices pair --role picker)`;
      this.d.feedback?.("refused");
    } else {
      this.#s = { ...EMPTY, token: r.token, device: r.device };
      this.#save();
      this.#connect(r.token);
    }
    this.#changed();
  }

  setQuantity(n: number): void {
    this.#quantity = Number.isInteger(n) && n >= 1 ? Math.min(n, 100_000) : 1;
    this.#changed();
  }

  dismissRefusal(): void {
    this.#refusals = this.#refusals.slice(1);
    this.#changed();
  }

  /** A scan from the wedge scanner, the camera, or the typed field. */
  async scan(raw: string): Promise<void> {
    const clean = sanitizeScan(raw.trim());
    if (!clean.ok) return this.#refuse({ title: "Unreadable scan", detail: clean.error.message });
    const code = clean.value;
    if (!code) return;
    const cmd = pickerCommandOf(code);
    if (cmd) return this.action(cmd);
    if (isBadge(code)) {
      if (this.#s.user && this.#s.badge === code) return this.action("logout");
      this.#s = { ...this.#s, badge: code };
      return this.#enqueue("session.login", { badge: code });
    }
    if (!this.#s.user) return this.#refuse({ title: "Scan your badge first", detail: "log in with your badge (BADGE-…) to start picking" });
    if (this.#s.awaitingDrop) {
      const c = classifyScan(code, { skus: { findSkuByBarcode: () => undefined } });
      const kind = c.ok ? c.value.classification.kind : "unknown";
      if (kind !== "unknown") return this.#refuse({ title: "Scan the pack station", detail: `${code} is a ${kind}: the trip is picked, scan the pack station's code (e.g. P1)` });
      if (!this.#online) this.#s = { ...this.#s, awaitingDrop: false, task: null, upcoming: null, lastTrip: `totes to ${code}: waiting to send` };
      return this.#enqueue("trip.complete", { station: code });
    }
    if (!this.#s.task && !this.#s.stopDoneOffline) return this.#refuse({ title: "No trip yet", detail: "press “Take next trip” (or scan CMD-NEXT-TRIP)" });
    // a typed quantity counts for one scan (accepted or refused)
    const quantity = this.#quantity;
    this.#quantity = 1;
    if (!this.#online) {
      if (!this.#checkOffline(code, quantity)) return;
      this.#notice = { kind: "info", title: "Kept on the handheld", detail: `${quantity > 1 ? `${quantity} × ` : ""}${code}: sent when the connection is back` };
      this.d.feedback?.("ok");
    }
    await this.#enqueue("pick.scan", quantity > 1 ? { code, quantity } : { code });
  }

  async action(a: PickerAction): Promise<void> {
    const s = this.#s;
    switch (a) {
      case "logout":
        if (!s.user) return;
        return this.#enqueue("session.logout", {});
      case "next-trip":
        return this.takeNext();
      case "skip":
        if (!s.task) return;
        if (!this.#online) this.#advanceOffline(s.task, true);
        return this.#enqueue("pick.skip", {});
      case "short":
        if (!s.task) return;
        this.#short = true;
        return this.#changed();
      case "short-empty":
        if (!s.task) return;
        return this.short(s.task.picked);
      case "short-damaged":
        if (!s.task) return;
        this.#short = true;
        return this.#changed();
      case "camera":
        return; // the page opens the camera itself
    }
  }

  cancelShort(): void {
    this.#short = false;
    this.#changed();
  }

  /** Short pick: `found` units in all at the location (0..quantity-1), and why (recorded with it). */
  async short(found: number, reason = "found fewer"): Promise<void> {
    this.#short = false;
    const t = this.#s.task;
    if (!t) return;
    if (!Number.isInteger(found) || found < 0 || found >= t.quantity) return this.#refuse({ title: "Check the number found", detail: `found must be 0..${t.quantity - 1} for a short pick of ${t.quantity}` });
    if (!this.#online) this.#advanceOffline(t);
    return this.#enqueue("pick.short", { found, reason });
  }

  /** Ask the gateway for the trip (assigns the next released one when the picker has none). */
  async takeNext(): Promise<void> {
    if (!this.#t || !this.#online || !this.#ready) return this.#refuse({ title: "Offline", detail: "a new trip needs the gateway: wait for the connection" });
    if (this.d.queue.load().length > 0) return;
    try {
      const r = await this.#t.emit("pick.next", {}, 5000);
      if (!r.ok) return this.#refuse(refusalOf(r.error));
      if (!r.data.task) {
        this.#notice = { kind: "info", title: "No trip waiting", detail: "no released pick list is waiting: ask a supervisor to release a wave" };
      } else {
        this.#s = { ...this.#s, ...held(r.data.task, this.#s.upcoming), atLocation: false, awaitingDrop: false, stopDoneOffline: false };
        this.#notice = { kind: "info", title: `Trip ${r.data.task.tripId}`, detail: `${r.data.task.of} stops: go to ${r.data.task.location}` };
      }
      this.#save();
      this.#changed();
    } catch (e) {
      this.#refuse({ title: "No answer from the gateway", detail: e instanceof Error ? e.message : String(e) });
    }
  }

  // ------------------------------------------------------------------ offline checks

  /** Check a scan against the stop the page holds; refuse what is surely wrong, apply the rest locally. */
  #checkOffline(code: string, quantity: number): boolean {
    const s = this.#s;
    const t = s.task;
    if (!t || s.stopDoneOffline) return true; // nothing to check against: queued, confirmed later
    // the stop's own SKU code and barcodes (GTINs come as GTIN-14 from GS1 data): the item the page can check
    const mine = new Set([t.sku, ...(t.barcodes ?? []).flatMap((b) => (isValidGtin(b) ? [b, toGtin14(b)] : [b]))]);
    const c = classifyScan(code, { skus: { findSkuByBarcode: (b) => (mine.has(b) ? { sku: t.sku, name: t.description } : undefined) } });
    const kind = c.ok ? c.value.classification.kind : "unknown";
    if (!s.atLocation) {
      if (code === t.location) {
        this.#s = { ...s, atLocation: true };
        return true;
      }
      this.#refuse({ title: kind === "sku" ? `Scan location ${t.location} first` : "Wrong location", detail: `you should be at ${t.location} (scanned ${code})` });
      return false;
    }
    if (code === t.location) return false; // the location again: harmless, nothing to send
    if (kind === "location") {
      this.#refuse({ title: "Wrong location", detail: `this stop is ${t.location}; scan the item ${t.sku}` });
      return false;
    }
    if (kind === "sku" || kind === "unknown") {
      // the page knows this stop's SKU code and barcodes: anything else is another item
      if (kind === "unknown" && t.barcodes !== undefined) {
        this.#refuse({ title: "Wrong item", detail: `${code} is not ${t.sku} (${t.description}): scan ${t.sku}` });
        return false;
      }
      if (t.picked + quantity > t.quantity) {
        this.#refuse({ title: "Over-pick", detail: `${t.quantity - t.picked} left to pick at this stop` });
        return false;
      }
      const picked = t.picked + quantity;
      if (picked >= t.quantity) this.#advanceOffline({ ...t, picked });
      else this.#s = { ...s, task: { ...t, picked } };
      return true;
    }
    this.#refuse({ title: "Not an item", detail: `${code} is a ${kind}; scan the item ${t.sku}` });
    return false;
  }

  /**
   * Offline, the stop is done (picked, short or skipped): walk on to the next stop the page holds. A
   * location scan confirms every stop at that location, as the gateway does.
   */
  #advanceOffline(done: PickTask, skipped = false): void {
    const s = this.#s;
    if (s.upcoming === null) {
      this.#s = { ...s, task: done, stopDoneOffline: true };
      return;
    }
    // a skipped stop goes to the end and is numbered last, as the gateway numbers it; the ones after it move up
    const renumber = (x: PickTask): PickTask => (x.position > done.position ? { ...x, position: x.position - 1 } : x);
    const rest = skipped ? [...s.upcoming.map(renumber), { ...done, position: done.of }] : s.upcoming;
    const next = rest[0];
    if (!next) {
      this.#s = { ...s, task: null, upcoming: [], awaitingDrop: true, atLocation: false, stopDoneOffline: false };
      return;
    }
    this.#s = { ...s, task: next, upcoming: rest.slice(1), atLocation: s.atLocation && next.location === done.location, stopDoneOffline: false };
  }

  // ------------------------------------------------------------------ queue

  async #enqueue<E extends QueuedEvent>(event: E, body: Record<string, unknown>): Promise<void> {
    const scanId = defaultScanId(this.d.now());
    const command: QueuedCommand = { scanId, event, payload: { ...body, scanId }, at: this.d.now() };
    this.d.queue.add(command);
    if (!this.#online) this.#deferred.add(scanId);
    this.#save();
    await this.d.queue.durable();
    this.#changed();
    this.#pump();
  }

  #pump(): void {
    if (this.#inFlight || !this.#t || !this.#online || !this.#ready) return;
    const command = this.d.queue.load()[0];
    if (!command) return;
    this.#inFlight = true;
    const sent = this.d.now();
    const t = this.#t;
    t.emit(command.event, command.payload as never, 5000).then(
      async (ack) => {
        const code = ack.ok ? null : ack.error.code;
        if (code && TRANSIENT.has(code)) return this.#later();
        this.d.queue.remove(command.scanId);
        await this.d.queue.durable();
        this.#apply(command, ack as AckOf<"pick.scan">);
        this.#inFlight = false;
        this.#changed();
        this.onAck?.(command, this.d.now() - sent);
        this.#pump();
      },
      (e: unknown) => {
        if (!(e instanceof TransportError)) throw e;
        this.#later();
      },
    );
  }

  #later(): void {
    this.#inFlight = false;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#pump();
    }, 1000);
  }

  #apply(command: QueuedCommand, ack: AckOf<"pick.scan">): void {
    const deferred = this.#deferred.delete(command.scanId);
    const last = this.d.queue.load().length === 0;
    if (!ack.ok) {
      const n = refusalOf(ack.error, command);
      if (command.event === "session.login") this.#s = { ...this.#s, badge: null };
      if (deferred) {
        this.#refusals = [...this.#refusals, n];
        this.d.feedback?.("refused");
      } else this.#refuse(n);
      // the local view may have run ahead of the gateway: take the gateway's again
      if (last && this.#s.user && (this.#s.task || this.#s.stopDoneOffline)) void this.#refresh();
      this.#save();
      return this.#changed();
    }
    const data = ack.data as unknown;
    switch (command.event) {
      case "session.login": {
        const user = (data as { user: UserInfo }).user;
        this.#s = { ...this.#s, user };
        this.#notice = { kind: "ok", title: `Hello ${user.name}`, detail: this.#s.task ? "back to your trip" : "take the next trip" };
        // the trip it holds, as the gateway has it now (pick.next would assign a new trip: only on request)
        if (last && (this.#s.task || this.#s.stopDoneOffline)) void this.#refresh();
        break;
      }
      case "session.logout":
        this.#s = { ...this.#s, user: null, badge: null };
        this.#notice = { kind: "info", title: "Logged out", detail: "scan a badge to log in" };
        break;
      default: {
        const r = data as PickResult;
        if (last) this.#applyResult(r);
        this.#notice = { kind: "ok", title: resultTitle(r), detail: r.message };
      }
    }
    if (!deferred) this.d.feedback?.("ok"); // scans made offline beeped when they were made
    this.#save();
    this.#changed();
  }

  #applyResult(r: PickResult): void {
    const prev = this.#s.task;
    if (r.step === "trip-complete") {
      this.#s = { ...this.#s, task: null, awaitingDrop: false, atLocation: false, stopDoneOffline: false, lastTrip: r.message, totes: null };
      return;
    }
    const atLocation = r.step === "location-confirmed" || (r.next !== null && prev !== null && this.#s.atLocation && r.next.location === prev.location && r.step !== "skipped");
    this.#s = { ...this.#s, ...held(r.next, this.#s.upcoming), atLocation: r.next ? atLocation : false, awaitingDrop: r.next === null, stopDoneOffline: false };
  }

  /** The gateway's view of the trip (after reconnecting, or when a queued scan was refused). */
  async #refresh(): Promise<void> {
    if (!this.#t || !this.#online) return;
    try {
      const r = await this.#t.emit("pick.next", {}, 5000);
      if (!r.ok || this.d.queue.load().length > 0) return;
      const task = r.data.task;
      const same = task && this.#s.task && task.taskId === this.#s.task.taskId;
      this.#s = { ...this.#s, ...held(task, this.#s.upcoming), atLocation: same ? this.#s.atLocation : false, stopDoneOffline: false, awaitingDrop: task === null && (this.#s.task !== null || this.#s.awaitingDrop) };
      this.#save();
      this.#changed();
    } catch {
      // offline again: the next reconnect refreshes
    }
  }

  // ------------------------------------------------------------------ connection

  #connect(token: string): void {
    this.#t?.close();
    const t = this.d.transport(token);
    this.#t = t;
    t.onStatus((st) => {
      if (st.type === "connected") {
        this.#online = true;
        void this.#hello(t);
      } else {
        this.#online = false;
        this.#ready = false;
        if (st.type === "error" && st.fatal) {
          t.close();
          this.#t = null;
          this.#s = { ...EMPTY };
          this.#pairError = `${st.message}: pair this device again`;
          this.#save();
        }
      }
      this.#changed();
    });
    t.connect();
  }

  async #hello(t: Transport): Promise<void> {
    try {
      const r = await t.emit("hello", {}, 5000);
      if (!r.ok) return;
      this.#s = { ...this.#s, device: r.data.device, user: r.data.user ?? (this.d.queue.load().some((c) => c.event === "session.login") ? this.#s.user : null) };
      this.#ready = true;
      this.#save();
      this.#changed();
      if (this.d.queue.load().length > 0) this.#pump();
      else if (this.#s.user && (this.#s.task || this.#s.stopDoneOffline)) void this.#refresh();
    } catch {
      // the next connect says hello again
    }
  }

  // ------------------------------------------------------------------ helpers

  #refuse(n: Omit<Notice, "kind"> & { kind?: Notice["kind"] }): void {
    this.#notice = { ...n, kind: "refused" };
    this.d.feedback?.("refused");
    this.#changed();
  }

  #save(): void {
    const t = this.#s.task;
    if (t) {
      const totes = this.#s.totes?.trip === t.tripId ? this.#s.totes : { trip: t.tripId, codes: [] };
      const codes = new Set(totes.codes);
      for (const x of [t, ...(this.#s.upcoming ?? [])]) if (x.tote) codes.add(x.tote);
      this.#s = { ...this.#s, totes: { trip: t.tripId, codes: [...codes].sort() } };
    }
    this.d.storage.setItem(KEY, JSON.stringify(this.#s));
  }

  #changed(): void {
    const v = this.view();
    for (const l of this.#listeners) l(v);
  }
}

/** A task as the page keeps it: the stops ahead apart (kept from before when the gateway sent none). */
function held(task: PickTask | null, before: PickTask[] | null): { task: PickTask | null; upcoming: PickTask[] | null } {
  if (!task) return { task: null, upcoming: null };
  const { upcoming, ...rest } = task;
  return { task: rest, upcoming: upcoming ? [...upcoming] : before };
}

function refusalOf(e: ErrorBody, command?: QueuedCommand): Notice {
  const title: Record<string, string> = {
    PICK_WRONG_LOCATION: "Wrong location",
    PICK_LOCATION_NOT_CONFIRMED: "Scan the location first",
    PICK_WRONG_ITEM: "Wrong item",
    PICK_NOT_ON_TRIP: "Not on this trip",
    PICK_OVERPICK: "Over-pick",
    PICK_NOTHING_TO_PICK: "Stop no longer on the trip",
    PICK_STOCK_MISSING: "Stock missing here: report a short pick",
    PICK_NOTHING_RELEASED: "No trip waiting",
    PICK_TRIP_NOT_DONE: "Trip not finished",
    UNKNOWN_BADGE: "Unknown badge",
    NOT_LOGGED_IN: "Scan your badge first",
  };
  const todo: Record<string, string> = {
    PICK_WRONG_LOCATION: "Go to the location shown and scan it.",
    PICK_LOCATION_NOT_CONFIRMED: "Scan the location shown first, then the item.",
    PICK_WRONG_ITEM: "Put that unit back; scan the item shown.",
    PICK_OVERPICK: "Put the extra units back.",
    PICK_NOTHING_TO_PICK: "The stop was closed meanwhile (short-picked or cancelled): put back any unit you took for it, or ask a supervisor.",
    PICK_STOCK_MISSING: "Report a short pick with the number you found.",
    NOT_LOGGED_IN: "Scan your badge.",
    UNKNOWN_BADGE: "Scan a badge the gateway knows, or ask a supervisor.",
  };
  const scanned = command && "code" in command.payload ? String(command.payload.code) : "";
  const what = scanned && !e.message.includes(scanned) ? ` (scanned ${scanned})` : "";
  return { kind: "refused", title: title[e.code] ?? e.code.replace(/_/g, " ").toLowerCase(), detail: `${e.message}${what}${todo[e.code] ? ` — ${todo[e.code]}` : ""}` };
}

function resultTitle(r: PickResult): string {
  switch (r.step) {
    case "location-confirmed":
      return "Location OK";
    case "item-counted":
      return "Counted";
    case "task-done":
      return r.next ? "Stop done" : "Last stop done";
    case "short":
      return "Short pick recorded";
    case "skipped":
      return "Stop skipped";
    case "trip-complete":
      return "Trip complete";
  }
}
