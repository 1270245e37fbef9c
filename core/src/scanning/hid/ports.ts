/**
 * Device ports: what the rest of pickpack sees of scanners and scales, whatever the hardware
 * (raw HID via node-hid, a keyboard-wedge TTY, or a simulator). Pure types; adapters live in
 * scanner-gateway/src/devices/.
 */
import type { ScaleReading } from "./scale.js";

export type DeviceClass = "keyboard-scanner" | "hidpos-scanner" | "scale" | "unknown";

/** A HID device as enumerated (node-hid's fields, plus our classification). */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly path: string | undefined;
  readonly serialNumber: string | undefined;
  readonly manufacturer: string | undefined;
  readonly product: string | undefined;
  readonly interface: number | undefined;
  readonly usagePage: number | undefined;
  readonly usage: number | undefined;
}

/** Where a scan came from. */
export interface DeviceRef {
  /** A stable id for the device within this process (e.g. "hid:/dev/hidraw3", "tty:stdin", "sim:scanner-1"). */
  readonly id: string;
  readonly kind: "hid" | "tty" | "sim";
  /** The pack station this device is mapped to, when configured. */
  readonly station: string | undefined;
}

export interface ScanEvent {
  readonly type: "scan";
  readonly device: DeviceRef;
  /** The decoded text (GS kept as \x1d). */
  readonly text: string;
  /** AIM symbology identifier when the scanner sent one (HID POS, or a keyboard scan starting with `]`). */
  readonly aim: string | undefined;
  readonly at: number;
}

export interface WeightEvent {
  readonly type: "weight";
  readonly device: DeviceRef;
  readonly reading: ScaleReading;
  /** True only for readings that passed the stable-weight filter. */
  readonly stable: boolean;
  readonly at: number;
}

export interface DeviceStatusEvent {
  readonly type: "attached" | "detached";
  readonly device: DeviceRef;
  readonly info?: HidDeviceInfo;
  readonly at: number;
}

export interface DeviceErrorEvent {
  readonly type: "error";
  readonly device: DeviceRef | undefined;
  readonly code: string;
  readonly message: string;
  readonly at: number;
}

export type DeviceEvent = ScanEvent | WeightEvent | DeviceStatusEvent | DeviceErrorEvent;

/** A live source of device events. `start` begins streaming to the listener; `stop` releases the hardware. */
export interface DeviceSource {
  readonly name: string;
  start(listener: (event: DeviceEvent) => void): Promise<void>;
  stop(): Promise<void>;
}

/** A scanner source only produces scan (and status/error) events. */
export type ScannerSource = DeviceSource;
/** A scale source produces weight events and can be zeroed. */
export interface ScaleSource extends DeviceSource {
  zero(): Promise<void>;
}

/** Map devices to pack stations by vendor/product/serial/path (all given fields must match). */
export interface StationMapping {
  readonly station: string;
  readonly vendorId?: number;
  readonly productId?: number;
  readonly serialNumber?: string;
  readonly path?: string;
}

export function stationFor(info: HidDeviceInfo, mappings: readonly StationMapping[]): string | undefined {
  for (const m of mappings) {
    if (m.vendorId !== undefined && m.vendorId !== info.vendorId) continue;
    if (m.productId !== undefined && m.productId !== info.productId) continue;
    if (m.serialNumber !== undefined && m.serialNumber !== info.serialNumber) continue;
    if (m.path !== undefined && m.path !== info.path) continue;
    if (m.vendorId === undefined && m.productId === undefined && m.serialNumber === undefined && m.path === undefined) continue;
    return m.station;
  }
  return undefined;
}

/** Known vendor ids (usb.ids; erjiang/usbscale `scales.h`). */
export const KNOWN_SCANNER_VENDORS: Readonly<Record<number, string>> = {
  0x05e0: "Symbol/Zebra",
  0x0c2e: "Honeywell (Metrologic)",
  0x0536: "Hand Held Products",
  0x05f9: "Datalogic (PSC)",
  0x080c: "Datalogic",
  0x067e: "Intermec",
  0x1eab: "Newland",
  0x23d0: "Youjie",
};

export const KNOWN_SCALES: readonly { readonly vendorId: number; readonly productId?: number; readonly name: string }[] = [
  { vendorId: 0x0922, name: "Dymo" },
  { vendorId: 0x1446, productId: 0x6a73, name: "Stamps.com 510" },
  { vendorId: 0x1446, productId: 0x6a79, name: "USPS DS25" },
  { vendorId: 0x2474, name: "Stamps.com" },
  { vendorId: 0x7b7c, productId: 0x0100, name: "USPS/Elane PS311" },
  { vendorId: 0x0eb8, name: "Mettler Toledo" },
  { vendorId: 0x0b67, productId: 0x555e, name: "Fairbanks SCB-R9000" },
  { vendorId: 0x6096, productId: 0x0158, name: "Sanford Dymo" },
  { vendorId: 0x0d8f, productId: 0x0200, name: "Pitney Bowes" },
];

export const HID_USAGE_PAGE = { genericDesktop: 0x01, barcodeScanner: 0x8c, weighingDevice: 0x8d } as const;

/**
 * Classify by usage page/usage first (only hidraw fills them), then by known vendor ids.
 * Keyboards of unknown vendors are "unknown": a real keyboard is not a scanner.
 */
export function classifyHidDevice(info: HidDeviceInfo): DeviceClass {
  if (info.usagePage === HID_USAGE_PAGE.weighingDevice) return "scale";
  if (info.usagePage === HID_USAGE_PAGE.barcodeScanner) return "hidpos-scanner";
  const knownScale = KNOWN_SCALES.some((s) => s.vendorId === info.vendorId && (s.productId === undefined || s.productId === info.productId));
  if (knownScale && (info.usagePage === undefined || info.usagePage === HID_USAGE_PAGE.genericDesktop || info.usagePage >= 0xff00)) {
    return info.usagePage === HID_USAGE_PAGE.genericDesktop && info.usage === 0x06 ? "unknown" : "scale";
  }
  const scannerVendor = KNOWN_SCANNER_VENDORS[info.vendorId] !== undefined;
  if (scannerVendor && info.usagePage === HID_USAGE_PAGE.genericDesktop && info.usage === 0x06) return "keyboard-scanner";
  if (scannerVendor && info.usagePage === undefined) return "keyboard-scanner";
  return "unknown";
}

export function vendorName(info: Pick<HidDeviceInfo, "vendorId" | "productId">): string | undefined {
  return KNOWN_SCANNER_VENDORS[info.vendorId] ?? KNOWN_SCALES.find((s) => s.vendorId === info.vendorId && (s.productId === undefined || s.productId === info.productId))?.name;
}
