/**
 * HID scanners and scales as a DeviceSource: enumerate, classify, open, decode with the core
 * decoders, survive unplug (the read error) and replug (cheap periodic re-enumeration), and map
 * devices to pack stations. Works on any HidModule (node-hid in production, fakes in tests).
 */
import {
  HidPosAssembler,
  KeyboardWedgeDecoder,
  StableWeightFilter,
  classifyHidDevice,
  decodeScaleReport,
  scaleZeroReport,
  splitAim,
  stationFor,
  vendorName,
} from "@pickpack/core";
import type { Clock, DeviceClass, DeviceEvent, DeviceRef, DeviceSource, HidDeviceInfo, KeyboardDecoderOptions, ScaleReading, StationMapping } from "@pickpack/core";
import type { HidHandle, HidModule, RawHidDevice } from "./hid-port.js";
import { openFailureHint } from "./hid-port.js";

export interface ListedHidDevice extends HidDeviceInfo {
  readonly id: string;
  readonly class: DeviceClass;
  readonly vendor: string | undefined;
  readonly station: string | undefined;
  /** Set when probing: false with a hint when the device cannot be opened (permissions). */
  readonly openable?: boolean;
  readonly hint?: string;
}

const hex4 = (n: number) => n.toString(16).padStart(4, "0");

export function toInfo(d: RawHidDevice): HidDeviceInfo {
  return {
    vendorId: d.vendorId,
    productId: d.productId,
    path: d.path,
    serialNumber: d.serialNumber || undefined,
    manufacturer: d.manufacturer || undefined,
    product: d.product || undefined,
    interface: d.interface,
    usagePage: d.usagePage,
    usage: d.usage,
  };
}

export function deviceId(d: Pick<RawHidDevice, "path" | "vendorId" | "productId">): string {
  return d.path ? `hid:${d.path}` : `hid:${hex4(d.vendorId)}:${hex4(d.productId)}`;
}

/** Does a DEVICE argument (path, id, vid:pid, or station) select this device? */
export function matchesDevice(selector: string | undefined, d: ListedHidDevice): boolean {
  if (!selector) return true;
  const s = selector.toLowerCase();
  return (
    d.path?.toLowerCase() === s ||
    d.id.toLowerCase() === s ||
    `${hex4(d.vendorId)}:${hex4(d.productId)}` === s ||
    d.station?.toLowerCase() === s ||
    d.serialNumber?.toLowerCase() === s
  );
}

export async function listHidDevices(hid: HidModule, opts: { stations?: readonly StationMapping[]; probe?: boolean } = {}): Promise<ListedHidDevice[]> {
  const raw = await hid.devicesAsync();
  const out: ListedHidDevice[] = [];
  for (const d of raw) {
    const info = toInfo(d);
    const listed: ListedHidDevice = { ...info, id: deviceId(d), class: classifyHidDevice(info), vendor: vendorName(info), station: stationFor(info, opts.stations ?? []) };
    if (opts.probe && listed.class !== "unknown" && d.path) {
      try {
        const h = await hid.open(d.path);
        await h.close();
        out.push({ ...listed, openable: true });
      } catch (error) {
        out.push({ ...listed, openable: false, hint: openFailureHint(error, d) });
      }
    } else out.push(listed);
  }
  return out;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}
const realTimers: Timers = {
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    h.unref?.();
    return h;
  },
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export interface HidDeviceManagerOptions {
  readonly hid: HidModule;
  readonly clock: Clock;
  readonly stations?: readonly StationMapping[];
  readonly keyboard?: KeyboardDecoderOptions;
  /** Re-enumerate every this many ms to pick up replugged devices (default 2000). */
  readonly rescanMs?: number;
  /** Idle-gap check period for keyboard scanners (default 25 ms). */
  readonly tickMs?: number;
  /** Only open devices matching this DEVICE selector. */
  readonly select?: string;
  readonly timers?: Timers;
}

interface OpenDevice {
  readonly ref: DeviceRef;
  readonly handle: HidHandle;
  readonly cls: DeviceClass;
  readonly keyboard?: KeyboardWedgeDecoder;
  readonly filter?: StableWeightFilter;
  lastRaw?: string;
}

export class HidDeviceManager implements DeviceSource {
  readonly name = "hid";
  readonly #o: HidDeviceManagerOptions;
  readonly #open = new Map<string, OpenDevice>();
  readonly #failed = new Set<string>();
  #listener: ((e: DeviceEvent) => void) | undefined;
  #handle: unknown;
  #sinceRescan = 0;
  #scanning: Promise<void> | undefined;

  constructor(opts: HidDeviceManagerOptions) {
    this.#o = opts;
  }

  get openDevices(): readonly DeviceRef[] {
    return [...this.#open.values()].map((d) => d.ref);
  }

  async start(listener: (event: DeviceEvent) => void): Promise<void> {
    this.#listener = listener;
    await this.rescan();
    const timers = this.#o.timers ?? realTimers;
    const tick = this.#o.tickMs ?? 25;
    const every = Math.max(1, Math.round((this.#o.rescanMs ?? 2000) / tick));
    this.#handle = timers.setInterval(() => {
      this.tick();
      if (++this.#sinceRescan >= every) {
        this.#sinceRescan = 0;
        void this.rescan();
      }
    }, tick);
  }

  async stop(): Promise<void> {
    if (this.#handle !== undefined) (this.#o.timers ?? realTimers).clearInterval(this.#handle);
    this.#handle = undefined;
    await this.#scanning;
    await Promise.all([...this.#open.values()].map((d) => d.handle.close().catch(() => undefined)));
    this.#open.clear();
    this.#listener = undefined;
  }

  /** End keyboard scans whose idle gap has passed. */
  tick(): void {
    const now = this.#o.clock.now();
    for (const d of this.#open.values()) {
      const scan = d.keyboard?.tick(now);
      if (scan) this.#emitScan(d.ref, scan.text, undefined, now);
    }
  }

  /** Enumerate and open new scanners/scales; close ones that disappeared. Cheap enough to poll every few seconds. */
  rescan(): Promise<void> {
    this.#scanning ??= this.#rescan().finally(() => (this.#scanning = undefined));
    return this.#scanning;
  }

  async #rescan(): Promise<void> {
    let listed: ListedHidDevice[];
    try {
      listed = await listHidDevices(this.#o.hid, this.#o.stations ? { stations: this.#o.stations } : {});
    } catch (error) {
      this.#emit({ type: "error", device: undefined, code: "HID_ENUMERATE_FAILED", message: error instanceof Error ? error.message : String(error), at: this.#o.clock.now() });
      return;
    }
    const present = new Set(listed.map((d) => d.id));
    for (const [id, d] of this.#open) if (!present.has(id)) await this.#detach(id, d);
    for (const id of this.#failed) if (!present.has(id)) this.#failed.delete(id);
    for (const d of listed) {
      if (d.class === "unknown" || !d.path || this.#open.has(d.id) || this.#failed.has(d.id)) continue;
      if (!matchesDevice(this.#o.select, d)) continue;
      await this.#attach(d, d.path);
    }
  }

  async #attach(d: ListedHidDevice, path: string): Promise<void> {
    const ref: DeviceRef = { id: d.id, kind: "hid", station: d.station };
    let handle: HidHandle;
    try {
      handle = await this.#o.hid.open(path);
    } catch (error) {
      this.#failed.add(d.id);
      this.#emit({ type: "error", device: ref, code: "HID_OPEN_FAILED", message: openFailureHint(error, d), at: this.#o.clock.now() });
      return;
    }
    const open: OpenDevice = {
      ref,
      handle,
      cls: d.class,
      ...(d.class === "keyboard-scanner" ? { keyboard: new KeyboardWedgeDecoder(this.#o.keyboard) } : {}),
      ...(d.class === "scale" ? { filter: new StableWeightFilter() } : {}),
    };
    this.#open.set(d.id, open);
    if (d.class === "hidpos-scanner" && (d.vendorId === 0x0c2e || d.vendorId === 0x23d0)) {
      // Honeywell and Youjie start sending HID POS reports after feature report 0xFE [0x01].
      await handle.sendFeatureReport([0xfe, 0x01]).catch(() => undefined);
    }
    const hidpos = d.class === "hidpos-scanner" ? new HidPosAssembler() : undefined;
    handle.on("data", (data) => this.#onData(open, data, hidpos));
    handle.on("error", () => void this.#detach(d.id, open));
    this.#emit({ type: "attached", device: ref, info: d, at: this.#o.clock.now() });
  }

  async #detach(id: string, d: OpenDevice): Promise<void> {
    if (this.#open.get(id) !== d) return;
    this.#open.delete(id);
    await d.handle.close().catch(() => undefined);
    this.#emit({ type: "detached", device: d.ref, at: this.#o.clock.now() });
  }

  #onData(d: OpenDevice, data: Uint8Array, hidpos: HidPosAssembler | undefined): void {
    const at = this.#o.clock.now();
    if (d.keyboard) {
      for (const e of d.keyboard.feed(data, at)) {
        if (e.type === "scan") this.#emitScan(d.ref, e.scan.text, undefined, at);
        else this.#emit({ type: "error", device: d.ref, code: e.error.code, message: e.error.message, at });
      }
    } else if (hidpos) {
      const r = hidpos.push(data);
      if (!r.ok) this.#emit({ type: "error", device: d.ref, code: r.error.code, message: r.error.message, at });
      else if (r.value) this.#emitScan(d.ref, r.value.text, r.value.aim, at);
    } else if (d.filter) {
      const r = decodeScaleReport(data);
      if (!r.ok) {
        this.#emit({ type: "error", device: d.ref, code: r.error.code, message: r.error.message, at });
        return;
      }
      const events = d.filter.push(r);
      const stable = events.find((e) => e.type === "stable");
      if (stable && stable.type === "stable") this.#emitWeight(d, stable.reading, true, at);
      else if (!r.value.stable && d.lastRaw !== r.value.hex) this.#emitWeight(d, r.value, false, at);
    }
  }

  #emitWeight(d: OpenDevice, reading: ScaleReading, stable: boolean, at: number): void {
    d.lastRaw = reading.hex;
    this.#emit({ type: "weight", device: d.ref, reading, stable, at });
  }

  #emitScan(device: DeviceRef, text: string, aim: string | undefined, at: number): void {
    if (aim === undefined) {
      const split = splitAim(text);
      this.#emit({ type: "scan", device, text: split.data, aim: split.aim?.aim, at });
    } else this.#emit({ type: "scan", device, text, aim, at });
  }

  #emit(e: DeviceEvent): void {
    this.#listener?.(e);
  }

  /** Zero every open scale (HID output report 2). */
  async zero(): Promise<void> {
    const report = [...scaleZeroReport()];
    await Promise.all([...this.#open.values()].filter((d) => d.cls === "scale").map((d) => d.handle.write(report)));
  }
}
