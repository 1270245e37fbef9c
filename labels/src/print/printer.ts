/**
 * Printing: a target string picks the adapter.
 *   NAME                a CUPS queue, via `lp -d NAME` (ZPL/raw jobs with `-o raw`)
 *   tcp://HOST:9100     raw bytes to a printer's JetDirect/raw port
 *   file:PATH           write the bytes to PATH (tests, the pack-station e2e, print-to-file)
 * A failed job is never lost: the error says where its bytes are kept (the source file, or a copy
 * written to the spool directory).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DomainError, type RefusalCode, InputError } from "@pickpack/core";
import { printViaCups } from "./cups.js";
import { printViaTcp } from "./tcp.js";
import { printToFile } from "./file.js";

export type PrintTarget =
  | { readonly kind: "cups"; readonly queue: string }
  | { readonly kind: "tcp"; readonly host: string; readonly port: number }
  | { readonly kind: "file"; readonly path: string };

export type PrintFormat = "pdf" | "zpl" | "raw";

export interface PrintJob {
  readonly data: Uint8Array;
  readonly format: PrintFormat;
  readonly title?: string;
  /** The file the job was read from, if any: on failure the error points there instead of spooling a copy. */
  readonly sourcePath?: string;
}

export interface PrintResult {
  readonly target: string;
  /** CUPS request id (e.g. "zebra-42"), or the file written. */
  readonly jobId?: string;
  readonly bytes: number;
}

export interface PrintOptions {
  /** Where failed jobs are kept when they have no source file. Default: $TMPDIR/pickpack-spool. */
  readonly spoolDir?: string;
  /** Connection/command timeout, ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** The `lp` executable (tests). */
  readonly lpCommand?: string;
}

/** Stable codes: PRINTER_NOT_FOUND, PRINTER_OFFLINE, PRINTER_CONNECTION_REFUSED, PRINTER_TIMEOUT, CUPS_UNAVAILABLE, PRINT_FAILED. */
export class PrintError extends DomainError {
  readonly keptAt: string | undefined;
  constructor(code: RefusalCode, message: string, keptAt?: string) {
    super(code, keptAt ? `${message}; the job was not printed and is kept at ${keptAt}` : message, keptAt ? { keptAt } : undefined);
    this.keptAt = keptAt;
  }
}

const QUEUE = /^[A-Za-z0-9_.\-@]{1,127}$/;

export function parsePrinterTarget(spec: string): PrintTarget {
  if (spec.startsWith("tcp://")) {
    const m = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(spec);
    const port = m?.[2] !== undefined ? Number(m[2]) : 9100;
    if (!m || port < 1 || port > 65535) {
      throw new InputError("PRINTER_TARGET_INVALID", `printer ${JSON.stringify(spec)} is not tcp://HOST[:PORT]`, [{ field: "--printer", message: "expected tcp://HOST:9100" }]);
    }
    return { kind: "tcp", host: (m[1] ?? "").replace(/^\[|\]$/g, ""), port };
  }
  if (spec.startsWith("file:")) {
    const path = spec.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (!path) throw new InputError("PRINTER_TARGET_INVALID", "file: printer needs a path, e.g. file:/tmp/label.zpl", [{ field: "--printer", message: "missing path" }]);
    return { kind: "file", path };
  }
  if (!QUEUE.test(spec)) {
    throw new InputError("PRINTER_TARGET_INVALID", `printer ${JSON.stringify(spec)} is not a CUPS queue name, tcp://HOST:PORT or file:PATH`, [{ field: "--printer", message: "bad printer name" }]);
  }
  return { kind: "cups", queue: spec };
}

export function describeTarget(t: PrintTarget): string {
  return t.kind === "cups" ? `CUPS queue ${t.queue}` : t.kind === "tcp" ? `tcp://${t.host}:${t.port}` : `file:${t.path}`;
}

/** Print a job; on failure throw a PrintError saying where the job's bytes are kept. */
export async function printJob(target: PrintTarget | string, job: PrintJob, opts: PrintOptions = {}): Promise<PrintResult> {
  const t = typeof target === "string" ? parsePrinterTarget(target) : target;
  try {
    switch (t.kind) {
      case "cups":
        return await printViaCups(t.queue, job, opts);
      case "tcp":
        return await printViaTcp(t.host, t.port, job, opts);
      case "file":
        return await printToFile(t.path, job);
    }
  } catch (e) {
    const pe = e instanceof PrintError ? e : new PrintError("PRINT_FAILED", `printing to ${describeTarget(t)} failed: ${e instanceof Error ? e.message : String(e)}`);
    const keptAt = job.sourcePath ?? (await spool(job, opts).catch(() => undefined));
    throw new PrintError(pe.code, pe.message, keptAt);
  }
}

async function spool(job: PrintJob, opts: PrintOptions): Promise<string> {
  const dir = opts.spoolDir ?? join(tmpdir(), "pickpack-spool");
  await mkdir(dir, { recursive: true });
  const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${Math.random().toString(36).slice(2, 8)}.${job.format === "raw" ? "bin" : job.format}`;
  const path = join(dir, name);
  await writeFile(path, job.data);
  return path;
}
