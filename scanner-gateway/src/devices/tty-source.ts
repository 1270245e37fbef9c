/**
 * Keyboard-wedge scanners typing into a terminal (or a handheld's keyboard emulation over SSH):
 * each line is a scan. Enter arrives as CR in raw mode or LF in line mode; GS (Ctrl+]) arrives as
 * 0x1D and is kept. For sites that cannot use raw HID.
 */
import { splitAim } from "@pickpack/core";
import type { Clock, DeviceEvent, DeviceRef, ScannerSource } from "@pickpack/core";

export interface TextInput {
  on(event: "data", listener: (chunk: string | Uint8Array) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  off?(event: "data", listener: (chunk: string | Uint8Array) => void): unknown;
  pause?(): unknown;
  resume?(): unknown;
  setRawMode?(raw: boolean): unknown;
  readonly isTTY?: boolean;
}

export class TtyScannerSource implements ScannerSource {
  readonly name: string;
  readonly #input: TextInput;
  readonly #clock: Clock;
  readonly #ref: DeviceRef;
  readonly #raw: boolean;
  #buffer = "";
  #onData: ((chunk: string | Uint8Array) => void) | undefined;

  constructor(opts: { input: TextInput; clock: Clock; name?: string; station?: string; rawMode?: boolean }) {
    this.#input = opts.input;
    this.#clock = opts.clock;
    this.name = opts.name ?? "tty:stdin";
    this.#ref = { id: this.name, kind: "tty", station: opts.station };
    this.#raw = opts.rawMode ?? false;
  }

  async start(listener: (event: DeviceEvent) => void): Promise<void> {
    if (this.#raw && this.#input.isTTY) this.#input.setRawMode?.(true);
    this.#onData = (chunk) => {
      this.#buffer += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      let m: RegExpExecArray | null;
      while ((m = /\r\n|\r|\n/.exec(this.#buffer)) !== null) {
        const line = this.#buffer.slice(0, m.index);
        this.#buffer = this.#buffer.slice(m.index + m[0].length);
        if (line === "") continue;
        if (this.#raw && line.includes("\x03")) {
          listener({ type: "detached", device: this.#ref, at: this.#clock.now() }); // Ctrl+C in raw mode
          continue;
        }
        const { aim, data } = splitAim(line);
        listener({ type: "scan", device: this.#ref, text: data, aim: aim?.aim, at: this.#clock.now() });
      }
    };
    this.#input.on("data", this.#onData);
    this.#input.resume?.();
    listener({ type: "attached", device: this.#ref, at: this.#clock.now() });
  }

  async stop(): Promise<void> {
    if (this.#onData) this.#input.off?.("data", this.#onData);
    if (this.#raw && this.#input.isTTY) this.#input.setRawMode?.(false);
    this.#input.pause?.();
  }
}
