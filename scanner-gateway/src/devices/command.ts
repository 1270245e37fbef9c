/**
 * `devices` commands of the gateway binary (scanner-gateway/dist/main.js), also reached through
 * `pickpack devices` / `pickpack devices watch`, which spawn this binary (cli never imports the
 * gateway package).
 */
import { readFileSync } from "node:fs";
import { Option } from "commander";
import type { Command } from "commander";
import { PickpackError, interpretScan, isLayoutName, showScan } from "@pickpack/core";
import type { Clock, DeviceEvent, DeviceSource, StationMapping } from "@pickpack/core";
import { HidDeviceManager, listHidDevices } from "./hid-devices.js";
import type { ListedHidDevice } from "./hid-devices.js";
import type { HidModule } from "./hid-port.js";
import { SimulatedScale, SimulatedScanner } from "./simulated.js";
import { TtyScannerSource } from "./tty-source.js";
import type { TextInput } from "./tty-source.js";

export interface GatewayIO {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly stdin: TextInput;
  readonly clock: Clock;
  /** How the real HID module is loaded (lazy node-hid in production, a fake in tests). */
  readonly loadHid: () => Promise<HidModule>;
  /** Resolves when the user interrupts (Ctrl+C); watch stops then. */
  readonly interrupted: Promise<void>;
  setExitCode(code: number): void;
}

/** Strip control characters from device-provided strings before printing. */
function clean(s: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (s ?? "").replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "\uFFFD");
}
const hex4 = (n: number) => n.toString(16).padStart(4, "0");

function loadStations(file: string | undefined): StationMapping[] {
  if (!file) return [];
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { stations?: unknown };
  const list = Array.isArray(parsed) ? parsed : parsed.stations;
  if (!Array.isArray(list)) throw new PickpackError("STATION_MAP_INVALID", `${file}: expected an array of { station, vendorId?, productId?, serialNumber?, path? }`);
  return list.map((m: Record<string, unknown>, i: number) => {
    if (typeof m.station !== "string") throw new PickpackError("STATION_MAP_INVALID", `${file}: stations[${i}].station must be a string`);
    const num = (v: unknown) => (typeof v === "string" ? parseInt(v, 16) : typeof v === "number" ? v : undefined);
    return {
      station: m.station,
      ...(num(m.vendorId) !== undefined ? { vendorId: num(m.vendorId) } : {}),
      ...(num(m.productId) !== undefined ? { productId: num(m.productId) } : {}),
      ...(typeof m.serialNumber === "string" ? { serialNumber: m.serialNumber } : {}),
      ...(typeof m.path === "string" ? { path: m.path } : {}),
    } as StationMapping;
  });
}

function printDevices(io: GatewayIO, devices: readonly ListedHidDevice[], json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(devices.map((d) => ({ ...d, vendorId: hex4(d.vendorId), productId: hex4(d.productId) })), null, 2)}\n`);
    return;
  }
  if (devices.length === 0) {
    io.stdout.write("no HID devices found (is the scanner/scale plugged in? see docs/devices.md)\n");
    return;
  }
  const rows = devices.map((d) => [d.class, `${hex4(d.vendorId)}:${hex4(d.productId)}`, clean(d.vendor ?? d.manufacturer), clean(d.product), d.usagePage !== undefined ? `0x${d.usagePage.toString(16)}/0x${(d.usage ?? 0).toString(16)}` : "", clean(d.path), d.station ?? ""]);
  const head = ["CLASS", "VID:PID", "VENDOR", "PRODUCT", "USAGE", "PATH", "STATION"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  io.stdout.write(`${line(head)}\n${rows.map(line).join("\n")}\n`);
  for (const d of devices) if (d.hint) io.stdout.write(`hint: ${clean(d.hint)}\n`);
}

export function formatEvent(e: DeviceEvent, clock: Clock): string {
  const time = new Date(e.at || clock.now()).toISOString().slice(11, 23);
  const dev = `${e.device?.id ?? "-"}${e.device?.station ? ` [${e.device.station}]` : ""}`;
  switch (e.type) {
    case "scan": {
      const i = interpretScan(e.aim ? `${e.aim}${e.text}` : e.text);
      const sym = i.ok && i.value.aim ? ` ${i.value.aim.aim} ${i.value.aim.symbology}` : e.aim ? ` ${e.aim}` : "";
      const detail = !i.ok ? `  REFUSED [${i.error.code}] ${i.error.message}` : i.value.gs1 ? `  ${i.value.gs1.hri}` : "";
      return `${time}  scan    ${dev}${sym}  ${showScan(e.text)}${detail}`;
    }
    case "weight": {
      const r = e.reading;
      const g = Number(r.grams.toFixed(3));
      const own = r.unit === "g" ? "" : ` (${r.value} ${r.unit})`;
      return `${time}  weight  ${dev}  ${g} g${own}  ${e.stable ? "STABLE" : r.status}`;
    }
    case "attached":
      return `${time}  attach  ${dev}${e.info ? `  ${clean(e.info.product)} ${hex4(e.info.vendorId)}:${hex4(e.info.productId)}` : ""}`;
    case "detached":
      return `${time}  detach  ${dev}`;
    case "error":
      return `${time}  error   ${dev}  [${e.code}] ${clean(e.message)}`;
  }
}

function reportFailure(io: GatewayIO, error: unknown): void {
  if (error instanceof PickpackError) {
    io.stderr.write(`error [${error.code}]: ${error.message}\n`);
    io.setExitCode(1);
    return;
  }
  throw error;
}

export function registerDevicesCommand(program: Command, io: GatewayIO): void {
  const devices = program.command("devices").description("USB HID barcode scanners and scales: list, watch");

  devices
    .command("list", { isDefault: true })
    .description("list HID devices with their class (keyboard-scanner, hidpos-scanner, scale), vendor/product, path, and a permissions hint")
    .option("--json", "print JSON")
    .option("--no-probe", "do not try to open scanners/scales to check permissions")
    .option("--stations <file>", "station mapping JSON (see docs/devices.md)")
    .action(async (opts: { json?: boolean; probe: boolean; stations?: string }) => {
      try {
        const hid = await io.loadHid();
        printDevices(io, await listHidDevices(hid, { stations: loadStations(opts.stations), probe: opts.probe }), opts.json === true);
      } catch (error) {
        reportFailure(io, error);
      }
    });

  devices
    .command("watch")
    .description("print live decoded scans and weights (real HID devices, --tty, or --sim)")
    .argument("[device]", "only this device: hidraw path, vid:pid, serial or station")
    .option("--sim", "use a simulated scanner and scale instead of hardware")
    .option("--tty", "read a keyboard-wedge scanner typing into this terminal (one scan per line)")
    .addOption(new Option("--layout <layout>", "keyboard layout the scanner is set to").choices(["us", "de", "fr"]).default("us"))
    .addOption(new Option("--terminator <key>", "key that ends a keyboard scan").choices(["enter", "tab"]).default("enter"))
    .option("--idle-gap <ms>", "end a keyboard scan after this many ms without a key", "100")
    .option("--gs-key <usage>", "an extra HID usage (hex) that means GS, e.g. 51 for Down arrow")
    .addOption(new Option("--sim-mode <mode>", "simulated scanner mode").choices(["keyboard", "hidpos"]).default("keyboard"))
    .option("--count <n>", "stop after this many scans")
    .option("--duration <ms>", "stop after this many milliseconds")
    .option("--stations <file>", "station mapping JSON")
    .option("--json", "one JSON object per event (NDJSON)")
    .action(async (device: string | undefined, opts: Record<string, string | boolean | undefined>) => {
      try {
        const layout = String(opts.layout);
        if (!isLayoutName(layout)) throw new PickpackError("KEYBOARD_LAYOUT_UNKNOWN", `unknown layout ${layout}`);
        const sources: DeviceSource[] = [];
        const clock = io.clock;
        if (opts.sim) {
          sources.push(new SimulatedScanner({ clock, layout, mode: opts.simMode === "hidpos" ? "hidpos" : "keyboard", ...(opts.count ? { count: Number(opts.count) } : {}) }));
          sources.push(new SimulatedScale({ clock }));
        } else if (opts.tty) {
          sources.push(new TtyScannerSource({ input: io.stdin, clock, rawMode: true }));
        } else {
          const hid = await io.loadHid();
          const gsKey = typeof opts.gsKey === "string" ? parseInt(opts.gsKey, 16) : undefined;
          sources.push(
            new HidDeviceManager({
              hid,
              clock,
              stations: loadStations(opts.stations as string | undefined),
              keyboard: { layout, terminators: [opts.terminator === "tab" ? "tab" : "enter"], idleGapMs: Number(opts.idleGap), ...(gsKey !== undefined && Number.isFinite(gsKey) ? { gsKeys: [{ usage: gsKey }] } : {}) },
              ...(device ? { select: device } : {}),
            }),
          );
        }
        let scans = 0;
        let finish!: () => void;
        const done = new Promise<void>((resolve) => (finish = resolve));
        const limit = opts.count ? Number(opts.count) : undefined;
        const listener = (e: DeviceEvent) => {
          io.stdout.write(opts.json ? `${JSON.stringify(e)}\n` : `${formatEvent(e, clock)}\n`);
          if (e.type === "scan" && limit !== undefined && ++scans >= limit) finish();
          if (e.type === "detached" && e.device.kind === "tty") finish();
        };
        if (!opts.json) io.stderr.write(`watching ${sources.map((s) => s.name).join(", ")} (Ctrl+C to stop)\n`);
        for (const s of sources) await s.start(listener);
        const timer = opts.duration ? setTimeout(finish, Number(opts.duration)) : undefined;
        await Promise.race([done, io.interrupted]);
        if (timer) clearTimeout(timer);
        await Promise.all(sources.map((s) => s.stop()));
      } catch (error) {
        reportFailure(io, error);
      }
    });
}
