import { execFileSync } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PrintError, parsePrinterTarget, printJob, renderShippingLabelZpl } from "../src/index.js";
import { DEMO_LABEL } from "./fixtures.js";

const zpl = new TextEncoder().encode(renderShippingLabelZpl(DEMO_LABEL, 203));
const tmp = () => mkdtempSync(join(tmpdir(), "pickpack-print-"));

describe("printer targets", () => {
  it("parses queue names, tcp:// and file: targets, refusing others", () => {
    expect(parsePrinterTarget("zebra-1")).toEqual({ kind: "cups", queue: "zebra-1" });
    expect(parsePrinterTarget("tcp://10.0.0.5")).toEqual({ kind: "tcp", host: "10.0.0.5", port: 9100 });
    expect(parsePrinterTarget("tcp://printer.local:6101")).toEqual({ kind: "tcp", host: "printer.local", port: 6101 });
    expect(parsePrinterTarget("file:/tmp/x.zpl")).toEqual({ kind: "file", path: "/tmp/x.zpl" });
    expect(parsePrinterTarget("file:///tmp/x.zpl")).toEqual({ kind: "file", path: "/tmp/x.zpl" });
    expect(() => parsePrinterTarget("tcp://host:99999")).toThrow(/tcp:\/\/HOST/);
    expect(() => parsePrinterTarget("bad name; rm -rf")).toThrow(/not a CUPS queue name/);
  });
});

describe("raw TCP 9100", () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  it("delivers the exact bytes to a listener on 127.0.0.1", async () => {
    const received: Buffer[] = [];
    const done = new Promise<Buffer>((resolve) => {
      server = createServer((sock) => {
        sock.on("data", (d) => received.push(d));
        sock.on("end", () => resolve(Buffer.concat(received)));
      });
    });
    const port = await new Promise<number>((r) => server?.listen(0, "127.0.0.1", () => r((server?.address() as { port: number }).port)));
    const result = await printJob(`tcp://127.0.0.1:${port}`, { data: zpl, format: "zpl" });
    expect(result.bytes).toBe(zpl.byteLength);
    expect(Buffer.compare(await done, Buffer.from(zpl))).toBe(0);
  });

  it("connection refused: clear error, and the job is kept in the spool", async () => {
    const probe = createServer();
    const port = await new Promise<number>((r) => probe.listen(0, "127.0.0.1", () => r((probe.address() as { port: number }).port)));
    await new Promise<void>((r) => probe.close(() => r()));
    const spoolDir = tmp();
    const err = await printJob(`tcp://127.0.0.1:${port}`, { data: zpl, format: "zpl" }, { spoolDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrintError);
    expect((err as PrintError).code).toBe("PRINTER_CONNECTION_REFUSED");
    const kept = (err as PrintError).keptAt ?? "";
    expect(kept.startsWith(spoolDir)).toBe(true);
    expect((err as PrintError).message).toContain(kept);
    expect(Buffer.compare(readFileSync(kept), Buffer.from(zpl))).toBe(0);
  });

  it("timeout: a printer that accepts but never drains reports PRINTER_TIMEOUT, pointing at the source file", async () => {
    // A listener that pauses reading: a large job fills the socket buffers and never completes.
    server = createServer((sock) => {
      sockets.push(sock);
      sock.pause();
    });
    const port = await new Promise<number>((r) => server?.listen(0, "127.0.0.1", () => r((server?.address() as { port: number }).port)));
    const big = new Uint8Array(64 * 1024 * 1024);
    const err = await printJob(`tcp://127.0.0.1:${port}`, { data: big, format: "raw", sourcePath: "/data/label.zpl" }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect((err as PrintError).code).toBe("PRINTER_TIMEOUT");
    expect((err as PrintError).message).toContain("kept at /data/label.zpl");
  });
});

describe("file printer", () => {
  it("writes the bytes; a missing directory is PRINTER_NOT_FOUND", async () => {
    const dir = tmp();
    await printJob(`file:${join(dir, "out.zpl")}`, { data: zpl, format: "zpl" });
    expect(Buffer.compare(readFileSync(join(dir, "out.zpl")), Buffer.from(zpl))).toBe(0);
    const err = await printJob(`file:${join(dir, "nope", "out.zpl")}`, { data: zpl, format: "zpl" }, { spoolDir: dir }).catch((e: unknown) => e);
    expect((err as PrintError).code).toBe("PRINTER_NOT_FOUND");
    expect(readdirSync(dir).filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("two jobs for the same new file at once both succeed, and leave no temporary file", async () => {
    const dir = tmp();
    const path = join(dir, "label.zpl");
    const results = await Promise.all(Array.from({ length: 8 }, () => printJob(`file:${path}`, { data: zpl, format: "zpl" })));
    expect(results).toHaveLength(8);
    expect(Buffer.compare(readFileSync(path), Buffer.from(zpl))).toBe(0);
    expect(readdirSync(dir)).toEqual(["label.zpl"]);
  });

  it("writes into a FIFO (a reader receives the bytes) instead of replacing it", async () => {
    const dir = tmp();
    const fifo = join(dir, "lp.fifo");
    execFileSync("mkfifo", [fifo]);
    // The reader gives up after 5 s, so a FIFO replaced by a regular file fails the test instead of hanging it.
    const reader = spawn("timeout", ["5", "cat", fifo]);
    const chunks: Buffer[] = [];
    reader.stdout.on("data", (d: Buffer) => chunks.push(d));
    const closed = new Promise<void>((r) => reader.on("close", () => r()));
    await printJob(`file:${fifo}`, { data: zpl, format: "zpl" });
    await closed;
    expect(Buffer.compare(Buffer.concat(chunks), Buffer.from(zpl))).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(["lp.fifo"]);
  });

  it("writes through an existing symlink and into an existing file, replacing neither", async () => {
    const dir = tmp();
    const target = join(dir, "device-like");
    writeFileSync(target, "old contents that are longer than nothing");
    const link = join(dir, "lp0");
    symlinkSync(target, link);
    await printJob(`file:${link}`, { data: zpl, format: "zpl" });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(Buffer.compare(readFileSync(target), Buffer.from(zpl))).toBe(0);
    const inode = statSync(target).ino;
    await printJob(`file:${target}`, { data: zpl, format: "zpl" });
    expect(statSync(target).ino).toBe(inode);
    expect(readdirSync(dir).sort()).toEqual(["device-like", "lp0"]);
  });

  it.runIf(canMknod())("writes into a character device node instead of replacing it", async () => {
    const dir = tmp();
    const dev = join(dir, "null");
    execFileSync("mknod", [dev, "c", "1", "3"]);
    await printJob(`file:${dev}`, { data: zpl, format: "zpl" });
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(["null"]);
  });
});

/** A /dev/null-like node in a temporary directory: needs root and a filesystem that allows devices. */
function canMknod(): boolean {
  try {
    const dev = join(tmp(), "probe");
    execFileSync("mknod", [dev, "c", "1", "3"], { stdio: "ignore" });
    writeFileSync(dev, "x");
    return statSync(dev).isCharacterDevice();
  } catch {
    return false;
  }
}

// CUPS: .ci/setup-cups.sh creates the raw queue `pickpack-raw` writing each job to OUT.<job-id>.
const QUEUE = process.env.PICKPACK_TEST_CUPS_QUEUE ?? "pickpack-raw";
const OUT = `/tmp/pickpack-cups/${QUEUE}.out`;
function cupsReady(): boolean {
  try {
    return execFileSync("lpstat", ["-p", QUEUE], { stdio: ["ignore", "pipe", "ignore"] }).toString().includes(QUEUE);
  } catch {
    return false;
  }
}
const cups = cupsReady();
if (!cups) {
  const why = `CUPS queue ${QUEUE} not available (run .ci/setup-cups.sh)`;
  if (process.env.CI) throw new Error(`${why}: in CI the CUPS print test must run`);
  console.warn(`SKIPPED CUPS print tests: ${why}`);
}

describe.runIf(cups)("CUPS (lp)", () => {
  it("a ZPL job sent with -o raw arrives byte for byte", async () => {
    const unique = new TextEncoder().encode(`^XA^FO10,10^A0N,30,30^FD${Date.now()}-${Math.random()}^FS^XZ\n`);
    const data = new Uint8Array([...zpl, ...unique]);
    const result = await printJob(QUEUE, { data, format: "zpl", title: "test label" });
    const jobNo = /-(\d+)$/.exec(result.jobId ?? "")?.[1];
    expect(jobNo, `lp returned ${result.jobId}`).toBeDefined();
    const path = `${OUT}.${jobNo}`;
    for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 100));
    expect(Buffer.compare(readFileSync(path), Buffer.from(data))).toBe(0);
  });

  it("a stopped queue is PRINTER_OFFLINE, with the command that fixes it", async () => {
    const spoolDir = tmp();
    const err = await printJob("pickpack-offline", { data: zpl, format: "zpl" }, { spoolDir }).catch((e: unknown) => e);
    expect((err as PrintError).code).toBe("PRINTER_OFFLINE");
    expect((err as PrintError).message).toContain("cupsenable pickpack-offline");
    expect(Buffer.compare(readFileSync((err as PrintError).keptAt ?? ""), Buffer.from(zpl))).toBe(0);
  });

  it("an unknown queue is PRINTER_NOT_FOUND and the job is kept", async () => {
    const spoolDir = tmp();
    const err = await printJob("pickpack-no-such-queue", { data: zpl, format: "zpl" }, { spoolDir }).catch((e: unknown) => e);
    expect((err as PrintError).code).toBe("PRINTER_NOT_FOUND");
    expect((err as PrintError).keptAt?.startsWith(spoolDir)).toBe(true);
  });
});
