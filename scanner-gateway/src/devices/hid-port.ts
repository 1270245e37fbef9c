/**
 * The slice of a HID library we use, so the device manager can be tested with fakes and node-hid
 * stays in exactly one file (node-hid.ts).
 */
import { PickpackError } from "@pickpack/core";

export interface RawHidDevice {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly manufacturer?: string | undefined;
  readonly product?: string | undefined;
  readonly interface?: number | undefined;
  readonly usagePage?: number | undefined;
  readonly usage?: number | undefined;
}

/** An open device. Reading is event-driven: `data` per input report, `error` when it is unplugged. */
export interface HidHandle {
  on(event: "data", listener: (data: Uint8Array) => void): void;
  on(event: "error", listener: (error: unknown) => void): void;
  write(data: readonly number[]): Promise<number>;
  sendFeatureReport(data: readonly number[]): Promise<number>;
  close(): Promise<void>;
}

export interface HidModule {
  devicesAsync(): Promise<RawHidDevice[]>;
  open(path: string): Promise<HidHandle>;
}

export class HidUnavailableError extends PickpackError {}

export const LIBUSB_HINT =
  "node-hid needs the system library libusb-1.0. Install it: `sudo apt install libusb-1.0-0` (Debian/Ubuntu), `sudo dnf install libusb1` (Fedora), `apk add libusb` (Alpine); then run again.";

/** Turn a load/enumeration failure into a message that says what to do. */
export function explainHidLoadError(error: unknown): HidUnavailableError {
  const message = error instanceof Error ? error.message : String(error);
  if (/libusb-1\.0\.so/.test(message)) return new HidUnavailableError("HID_LIBUSB_MISSING", `cannot use USB HID devices: ${message}. ${LIBUSB_HINT}`);
  if (/libudev\.so/.test(message)) {
    return new HidUnavailableError("HID_LIBUDEV_MISSING", `cannot use USB HID devices: ${message}. Install libudev: \`sudo apt install libudev1\`.`);
  }
  if (/Cannot find (module|package) 'node-hid'|ERR_MODULE_NOT_FOUND/.test(message)) {
    return new HidUnavailableError("HID_NODE_HID_MISSING", `cannot use USB HID devices: the node-hid package is not installed (${message}). Run \`npm install\` in the pickpack checkout.`);
  }
  if (/No native build was found|prebuild|\.node/.test(message)) {
    return new HidUnavailableError("HID_NATIVE_MISSING", `cannot load node-hid's native module: ${message}. Reinstall with build tools: \`sudo apt install build-essential pkg-config libudev-dev libusb-1.0-0-dev\` then \`npm rebuild node-hid\`.`);
  }
  return new HidUnavailableError("HID_UNAVAILABLE", `cannot use USB HID devices: ${message}`);
}

/** A hint for a device that could not be opened. */
export function openFailureHint(error: unknown, device: RawHidDevice): string {
  const message = error instanceof Error ? error.message : String(error);
  const vid = device.vendorId.toString(16).padStart(4, "0");
  const pid = device.productId.toString(16).padStart(4, "0");
  if (/permission|EACCES|cannot open device/i.test(message)) {
    return `cannot open ${device.path ?? `${vid}:${pid}`} (${message}): install scanner-gateway/udev/70-pickpack-hid.rules (or add ATTRS{idVendor}=="${vid}", ATTRS{idProduct}=="${pid}"), run \`sudo udevadm control --reload && sudo udevadm trigger\`, and replug; your user must be in the plugdev group`;
  }
  return `cannot open ${device.path ?? `${vid}:${pid}`}: ${message}`;
}
