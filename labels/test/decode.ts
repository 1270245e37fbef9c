/**
 * Independent proof: rasterise a PDF like a thermal printer would (pdftoppm -r 203 -mono) and read
 * every barcode with zxing-wasm (ZXing-C++ compiled to WebAssembly; nobody here wrote it).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareZXingModule, readBarcodes, type ReadResult } from "zxing-wasm/reader";

const require = createRequire(import.meta.url);
let ready: Promise<unknown> | undefined;

function init(): Promise<unknown> {
  ready ??= prepareZXingModule({
    // The package would fetch its .wasm from a CDN; hand it the copy on disk instead.
    overrides: { wasmBinary: readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm")).buffer as ArrayBuffer },
    fireImmediately: true,
  });
  return ready;
}

/** Rasterise page `page` (1-based) of a PDF at `dpi` as a 1-bit image (PNG bytes). */
export function rasterise(pdf: Uint8Array, dpi = 203, page = 1): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "pickpack-decode-"));
  try {
    writeFileSync(join(dir, "in.pdf"), pdf);
    execFileSync("pdftoppm", ["-r", String(dpi), "-mono", "-png", "-f", String(page), "-l", String(page), "-singlefile", join(dir, "in.pdf"), join(dir, "out")]);
    return new Uint8Array(readFileSync(join(dir, "out.png")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function decodeAll(png: Uint8Array): Promise<ReadResult[]> {
  await init();
  return readBarcodes(png, { formats: [], tryHarder: true, maxNumberOfSymbols: 20, textMode: "HRI" });
}

export function hasPdftoppm(): boolean {
  try {
    execFileSync("pdftoppm", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
