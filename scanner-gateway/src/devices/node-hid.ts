/**
 * The one file that imports node-hid. Loaded lazily (`await import`) so commands that do not touch
 * hardware never load the native module, and so a missing libusb becomes a clear message.
 * Backend: hidraw (the only one that reports usage page/usage, and it leaves keyboard-wedge
 * scanners typing into the console; see docs/devices.md).
 */
import type { HidHandle, HidModule, RawHidDevice } from "./hid-port.js";
import { explainHidLoadError } from "./hid-port.js";

import type * as NodeHidModule from "node-hid";

type NodeHid = typeof NodeHidModule;

let loaded: Promise<NodeHid> | undefined;

async function load(): Promise<NodeHid> {
  loaded ??= (async () => {
    const mod = (await import("node-hid")) as NodeHid & { default?: NodeHid };
    const hid = mod.default ?? mod;
    hid.setDriverType("hidraw");
    return hid;
  })();
  return loaded;
}

/** Load node-hid and check it can enumerate; throws HidUnavailableError with what to install. */
export async function loadNodeHid(): Promise<HidModule> {
  let hid: NodeHid;
  try {
    hid = await load();
    await hid.devicesAsync(); // the native library (libusb/libudev) is resolved here, not at import
  } catch (error) {
    loaded = undefined;
    throw explainHidLoadError(error);
  }
  return {
    async devicesAsync(): Promise<RawHidDevice[]> {
      try {
        return await hid.devicesAsync();
      } catch (error) {
        throw explainHidLoadError(error);
      }
    },
    async open(path: string): Promise<HidHandle> {
      const dev = await hid.HIDAsync.open(path);
      return {
        on(event: "data" | "error", listener: (arg: never) => void) {
          dev.on(event, listener as (...args: unknown[]) => void);
        },
        write: (data) => dev.write([...data]),
        sendFeatureReport: (data) => dev.sendFeatureReport([...data]),
        close: () => dev.close(),
      } as HidHandle;
    },
  };
}
