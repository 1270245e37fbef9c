/**
 * Simulated scanner and scale behind the same DeviceSource interface as real hardware. They
 * generate real HID reports (keyboard or HID POS; scale data reports) and run them through the same
 * core decoders, with realistic timing: ~10 ms per key (Honeywell-like), scale reports every
 * 200 ms with "in motion" readings that settle before the stable weight.
 */
import {
  HidPosAssembler,
  KeyboardWedgeDecoder,
  StableWeightFilter,
  decodeScaleReport,
  encodeHidPosReports,
  encodeKeyboardText,
  encodeScaleReport,
  splitAim,
  seededRandom,
} from "@pickpack/core";
import type { Clock, DeviceEvent, DeviceRef, LayoutName, ScaleSource, ScannerSource } from "@pickpack/core";

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Re-exported for callers that seed simulations. */
export { seededRandom };

export const DEMO_SCANS: readonly string[] = [
  "LOC-A1-02-03",
  "TOTE-0042",
  "4006381333931",
  "]C1\x1d0104006381333931\x1d10LOT7\x1d17271200",
  "]C1\x1d00106141411234567897",
  "BADGE-alice",
  "SO-1001",
];

export interface SimulatedScannerOptions {
  readonly clock: Clock;
  /** Scripted scans, in order; with `loop`, repeated. Default: DEMO_SCANS picked at random. */
  readonly script?: readonly string[];
  readonly loop?: boolean;
  readonly mode?: "keyboard" | "hidpos";
  readonly layout?: LayoutName;
  readonly keyDelayMs?: number;
  /** Pause between scans (default 1500 ms, ±50 % when random). */
  readonly intervalMs?: number;
  readonly seed?: number;
  readonly sleep?: Sleep;
  readonly name?: string;
  readonly station?: string;
  /** Stop after this many scans (random mode); default unlimited. */
  readonly count?: number;
}

export class SimulatedScanner implements ScannerSource {
  readonly name: string;
  readonly #o: SimulatedScannerOptions;
  readonly #ref: DeviceRef;
  #running = false;
  #done: Promise<void> | undefined;

  constructor(opts: SimulatedScannerOptions) {
    this.#o = opts;
    this.name = opts.name ?? "sim:scanner";
    this.#ref = { id: this.name, kind: "sim", station: opts.station };
  }

  async start(listener: (event: DeviceEvent) => void): Promise<void> {
    this.#running = true;
    listener({ type: "attached", device: this.#ref, at: this.#o.clock.now() });
    this.#done = this.#run(listener);
  }

  /** Resolves when a finite script has been played. */
  finished(): Promise<void> {
    return this.#done ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#done;
  }

  async #run(listener: (event: DeviceEvent) => void): Promise<void> {
    const o = this.#o;
    const sleep = o.sleep ?? realSleep;
    const rnd = seededRandom(o.seed ?? 1);
    const interval = o.intervalMs ?? 1500;
    const next = function* (): Generator<string> {
      if (o.script) {
        do yield* o.script;
        while (o.loop);
        return;
      }
      for (let i = 0; o.count === undefined || i < o.count; i++) yield DEMO_SCANS[Math.floor(rnd() * DEMO_SCANS.length)] ?? "";
    };
    for (const text of next()) {
      if (!this.#running) return;
      await sleep(o.script ? interval : interval * (0.5 + rnd()));
      if (!this.#running) return;
      if (o.mode === "hidpos") await this.#hidpos(text, listener, sleep);
      else await this.#keyboard(text, listener, sleep);
    }
  }

  async #keyboard(text: string, listener: (event: DeviceEvent) => void, sleep: Sleep): Promise<void> {
    const layout = this.#o.layout ?? "us";
    const enc = encodeKeyboardText(text, { layout });
    if (!enc.ok) {
      listener({ type: "error", device: this.#ref, code: enc.error.code, message: enc.error.message, at: this.#o.clock.now() });
      return;
    }
    const decoder = new KeyboardWedgeDecoder({ layout });
    for (const report of enc.value) {
      for (const e of decoder.feed(report, this.#o.clock.now())) {
        if (e.type === "scan") {
          const { aim, data } = splitAim(e.scan.text);
          listener({ type: "scan", device: this.#ref, text: data, aim: aim?.aim, at: this.#o.clock.now() });
        }
      }
      await sleep((this.#o.keyDelayMs ?? 10) / 2);
    }
  }

  async #hidpos(text: string, listener: (event: DeviceEvent) => void, sleep: Sleep): Promise<void> {
    const { aim, data } = splitAim(text);
    const assembler = new HidPosAssembler();
    for (const report of encodeHidPosReports(data, { aim: aim?.aim ?? "]C0" })) {
      const r = assembler.push(report);
      if (r.ok && r.value) listener({ type: "scan", device: this.#ref, text: r.value.text, aim: r.value.aim, at: this.#o.clock.now() });
      await sleep(8);
    }
  }
}

export interface SimulatedScaleOptions {
  readonly clock: Clock;
  /** Parcel weights in grams, in order; default random 150–12 000 g. */
  readonly weights?: readonly number[];
  readonly loop?: boolean;
  /** Report period (default 200 ms, like a Dymo). */
  readonly reportMs?: number;
  /** In-motion reports before settling (default 4). */
  readonly settleReports?: number;
  /** Stable reports while the parcel stays on (default 10). */
  readonly holdReports?: number;
  /** Report in ounces (0.1 oz) like an imperial Dymo instead of grams. */
  readonly imperial?: boolean;
  readonly seed?: number;
  readonly sleep?: Sleep;
  readonly name?: string;
  readonly station?: string;
}

export class SimulatedScale implements ScaleSource {
  readonly name: string;
  readonly #o: SimulatedScaleOptions;
  readonly #ref: DeviceRef;
  #running = false;
  #done: Promise<void> | undefined;
  #offset = 0;

  constructor(opts: SimulatedScaleOptions) {
    this.#o = opts;
    this.name = opts.name ?? "sim:scale";
    this.#ref = { id: this.name, kind: "sim", station: opts.station };
  }

  async start(listener: (event: DeviceEvent) => void): Promise<void> {
    this.#running = true;
    listener({ type: "attached", device: this.#ref, at: this.#o.clock.now() });
    this.#done = this.#run(listener);
  }

  finished(): Promise<void> {
    return this.#done ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#done;
  }

  /** Tare: the next readings are relative to the current load. */
  async zero(): Promise<void> {
    this.#offset = 0;
  }

  /** The report the scale would send for `grams` with `status`. */
  report(status: "in-motion" | "stable" | "stable-zero", grams: number): Uint8Array {
    return this.#o.imperial ? encodeScaleReport(status, "ounce", -1, (grams / 28.349523125) * 10) : encodeScaleReport(status, "g", 0, grams);
  }

  async #run(listener: (event: DeviceEvent) => void): Promise<void> {
    const o = this.#o;
    const sleep = o.sleep ?? realSleep;
    const rnd = seededRandom(o.seed ?? 7);
    const period = o.reportMs ?? 200;
    const filter = new StableWeightFilter();
    const emit = async (bytes: Uint8Array) => {
      const r = decodeScaleReport(bytes);
      const at = o.clock.now();
      if (!r.ok) listener({ type: "error", device: this.#ref, code: r.error.code, message: r.error.message, at });
      else {
        const stable = filter.push(r).find((e) => e.type === "stable");
        if (stable?.type === "stable") listener({ type: "weight", device: this.#ref, reading: stable.reading, stable: true, at });
        else if (!r.value.stable) listener({ type: "weight", device: this.#ref, reading: r.value, stable: false, at });
      }
      await sleep(period);
    };
    const targets = function* (): Generator<number> {
      if (o.weights) {
        do yield* o.weights;
        while (o.loop);
        return;
      }
      for (;;) yield Math.round(150 + rnd() * 11_850);
    };
    await emit(this.report("stable-zero", 0)); // the stale first report, discarded by the filter
    for (const target of targets()) {
      if (!this.#running) return;
      for (let i = 0; i < 3 && this.#running; i++) await emit(this.report("stable-zero", 0));
      const settle = o.settleReports ?? 4;
      for (let i = 1; i <= settle && this.#running; i++) {
        const overshoot = (1 - i / (settle + 1)) * (0.3 * target) * (i % 2 === 0 ? -1 : 1) * (0.5 + rnd());
        await emit(this.report("in-motion", Math.max(0, target + overshoot - this.#offset)));
      }
      for (let i = 0; i < (o.holdReports ?? 10) && this.#running; i++) await emit(this.report("stable", Math.max(0, target - this.#offset)));
    }
    if (this.#running) await emit(this.report("stable-zero", 0));
  }
}
