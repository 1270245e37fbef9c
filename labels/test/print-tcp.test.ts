/**
 * Raw TCP printing counts a job as printed only when the printer took it: a printer that closes or
 * resets the connection without reading is a failure (the job is kept), and the timeout is one
 * deadline for the whole job, also against a printer that drains slowly.
 */
import { createServer, type Server, type Socket } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PrintError, printJob } from "../src/index.js";

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

function listen(onConnection: (s: Socket) => void): Promise<number> {
  server = createServer((s) => {
    sockets.push(s);
    s.on("error", () => undefined);
    onConnection(s);
  });
  return new Promise((r) => server?.listen(0, "127.0.0.1", () => r((server?.address() as { port: number }).port)));
}

const label = new TextEncoder().encode("^XA^FO50,50^FDhello^FS^XZ");
const spoolDir = () => mkdtempSync(join(tmpdir(), "pickpack-spool-"));

describe("tcp printer: printed only when the printer took the job", () => {
  it("a printer that resets the connection at once is not counted as printed (20 tries)", async () => {
    const port = await listen((s) => s.resetAndDestroy());
    for (let i = 0; i < 20; i++) {
      const err = await printJob(`tcp://127.0.0.1:${port}`, { data: label, format: "zpl" }, { spoolDir: spoolDir() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PrintError);
      expect((err as PrintError).code).toBe("PRINT_FAILED");
      expect((err as PrintError).keptAt).toBeDefined();
    }
  });

  it("a printer that closes without reading is not counted as printed (20 tries)", async () => {
    const port = await listen((s) => s.destroy());
    for (let i = 0; i < 20; i++) {
      const err = await printJob(`tcp://127.0.0.1:${port}`, { data: label, format: "zpl" }, { spoolDir: spoolDir() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PrintError);
      expect((err as PrintError).code).toBe("PRINT_FAILED");
    }
  });

  it("a printer that reads everything and then closes: printed, every byte delivered", async () => {
    let got = 0;
    const port = await listen((s) => s.on("data", (d: Buffer) => (got += d.length)));
    const result = await printJob(`tcp://127.0.0.1:${port}`, { data: label, format: "zpl" });
    expect(result.bytes).toBe(label.byteLength);
    expect(got).toBe(label.byteLength);
  });

  it("the timeout is one deadline: a slowly draining printer fails after ~the timeout, not later", async () => {
    // Reads 16 KB every 50 ms: always some progress (an idle timer would never fire), never done in time.
    const port = await listen((s) => {
      s.pause();
      const t = setInterval(() => s.read(16 * 1024), 50);
      s.on("close", () => clearInterval(t));
    });
    const big = new Uint8Array(64 * 1024 * 1024);
    const started = performance.now();
    const err = await printJob(`tcp://127.0.0.1:${port}`, { data: big, format: "raw", sourcePath: "/data/label.zpl" }, { timeoutMs: 1000 }).catch((e: unknown) => e);
    const took = performance.now() - started;
    expect((err as PrintError).code).toBe("PRINTER_TIMEOUT");
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(1600);
  });
});
