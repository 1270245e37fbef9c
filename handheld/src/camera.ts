/**
 * Camera scanning, for devices without a scanner: the browser's BarcodeDetector where present,
 * otherwise zxing-wasm. This module is loaded only when the picker opens the camera, so neither it
 * nor the decoder counts in the first-load budget.
 */
type Detect = (v: HTMLVideoElement) => Promise<string | undefined>;

interface NativeDetector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

async function detector(): Promise<Detect> {
  const Native = (globalThis as { BarcodeDetector?: new (o?: { formats?: string[] }) => NativeDetector }).BarcodeDetector;
  if (Native) {
    const d = new Native();
    return async (v) => (await d.detect(v))[0]?.rawValue;
  }
  // the decoder's WebAssembly is served by the gateway with the page (no CDN: the floor may be offline)
  const [{ readBarcodes, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([import("zxing-wasm/reader"), import("zxing-wasm/reader/zxing_reader.wasm?url")]);
  prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) }, fireImmediately: true });
  const canvas = document.createElement("canvas");
  return async (v) => {
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    const g = canvas.getContext("2d");
    if (!g || canvas.width === 0) return undefined;
    g.drawImage(v, 0, 0);
    const r = await readBarcodes(g.getImageData(0, 0, canvas.width, canvas.height), { tryHarder: true, maxNumberOfSymbols: 1 });
    return r.find((x) => x.isValid)?.text;
  };
}

/** Open the rear camera in `video` and resolve with the first barcode read; `stop()` ends it. */
export function scanWithCamera(video: HTMLVideoElement): { result: Promise<string>; stop: () => void } {
  let stopped = false;
  let stream: MediaStream | null = null;
  const stop = () => {
    stopped = true;
    stream?.getTracks().forEach((t) => t.stop());
  };
  const result = (async () => {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    await video.play();
    const detect = await detector();
    while (!stopped) {
      const code = await detect(video).catch(() => undefined);
      if (code) {
        stop();
        return code;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error("camera closed");
  })();
  return { result, stop };
}
